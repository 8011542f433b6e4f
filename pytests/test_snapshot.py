"""The snapshot stays a valid log across reruns for the same as_of after the data changed, and backfills."""

from __future__ import annotations

from datetime import timedelta

import pytest

from pytests.conftest import dbt_warnings, fetch
from segmentation import sample_data
from segmentation.dbt_project import describe_failure, run_dbt
from segmentation.engines import DuckDb
from segmentation.raw_tables import load_raw_tables

# builds on real servers for minutes: `make test-slow` (CI runs it after `make test`)
pytestmark = pytest.mark.slow

AS_OF = sample_data.SAMPLE_AS_OF
BACKWARD_RUNS = (AS_OF, AS_OF - timedelta(days=7))  # a rerun for the same as_of, then a backfill


def without_last_week(tables: dict[str, list[tuple]]) -> dict[str, list[tuple]]:
    """The sample with the messages of the week before as_of deleted: many engagement levels change."""
    recent = AS_OF - timedelta(days=7)
    kept = [row for row in tables["message"] if row[3] is None or row[3] < recent]
    assert len(kept) < len(tables["message"])
    return {**tables, "message": kept}


def versions(connection, schema: str) -> list[tuple]:
    return fetch(connection, f"select person_id, persona, engagement_level, dbt_valid_from, dbt_valid_to "
                             f"from {schema}_snapshots.user_personas_snapshot order by 1, 4")[1]


def invalid_versions(rows: list[tuple]) -> list[tuple]:
    """Versions that last no time or end before they start, and duplicate starts of a user."""
    starts = [(person_id, valid_from) for person_id, _, _, valid_from, _ in rows]
    return ([row for row in rows if row[4] is not None and row[4] <= row[3]]
            + [start for start in set(starts) if starts.count(start) > 1])


@pytest.fixture(scope="module")
def sample(build_project):
    return build_project("snapshot", sample_data.generate(), AS_OF)


def build(server, sample, as_of, capfd) -> str:
    """dbt build with `as_of`, which must pass every test; returns what dbt printed."""
    capfd.readouterr()
    run_dbt(["build"], server, schema=sample.schema,
            variables={**sample.variables, "segmentation__as_of": as_of.isoformat()})
    return capfd.readouterr().out


def test_reruns_and_backfills_leave_the_snapshot_valid(sample, server, connection, capfd):
    first = versions(connection, sample.schema)
    assert first and not invalid_versions(first)
    load_raw_tables(connection, sample.raw_schema, without_last_week(sample_data.generate()))

    # the same as_of on changed data, then an earlier one: nothing recorded, a warning that says what to do
    for as_of in BACKWARD_RUNS:
        printed = build(server, sample, as_of, capfd)
        assert not invalid_versions(versions(connection, sample.schema)), as_of
        assert versions(connection, sample.schema) == first
        assert "user_personas_snapshot already has versions from" in printed
        assert "with a later as_of" in printed

    # a later as_of records the changes, and the builds after it still pass
    build(server, sample, AS_OF + timedelta(days=1), capfd)
    later = versions(connection, sample.schema)
    assert not invalid_versions(later)
    assert len(later) > len(first), "the changed data should have started new versions"
    assert {row[3] for row in later} == {AS_OF, AS_OF + timedelta(days=1)}
    # every version closed, users who left included, ends at that as_of, not at the time of the run
    closed = [row for row in later if row[4] is not None]
    assert any(row[0] not in {other[0] for other in later if other[4] is None} for row in closed), "nobody left"
    assert {row[4] for row in closed} == {AS_OF + timedelta(days=1)}
    build(server, sample, AS_OF + timedelta(days=1), capfd)
    assert versions(connection, sample.schema) == later


def test_an_empty_build_records_nothing(sample, server, connection):
    """`dbt build --empty` on a built target (every ref reads no rows) at a later as_of closes no version: without
    the read back, every user would look gone."""
    before = versions(connection, sample.schema)
    assert any(row[4] is None for row in before)
    run_dbt(["build", "--empty"], server, schema=sample.schema, quiet=True,
            variables={**sample.variables, "segmentation__as_of": (AS_OF + timedelta(days=30)).isoformat()})
    assert versions(connection, sample.schema) == before


def test_on_duckdb_a_user_who_left_is_closed_at_as_of(tmp_path, own_dbt_output):
    """DuckDB's snapshot clock is as_of too: dbt's was the time of the run, a timestamp without time zone that it
    warned does not match updated_at's type. Neither build logs a warning, so `dbt build --warn-error` passes."""
    engine, later = DuckDb(tmp_path), AS_OF + timedelta(days=1)
    warnings, collect = dbt_warnings()
    engine.load_raw_tables("raw", sample_data.generate())
    run_dbt(["build"], engine, schema="snapshot", variables={"segmentation__as_of": AS_OF.isoformat()}, quiet=True,
            callbacks=[collect])
    engine.load_raw_tables("raw", without_last_week(sample_data.generate()))
    run_dbt(["build"], engine, schema="snapshot", variables={"segmentation__as_of": later.isoformat()}, quiet=True,
            callbacks=[collect])
    columns, rows = engine.fetch("snapshot_snapshots.user_personas_snapshot")
    person, valid_to = columns.index("person_id"), columns.index("dbt_valid_to")
    current = {row[person] for row in rows if row[valid_to] is None}
    closed = {row[valid_to] for row in rows if row[valid_to] is not None and row[person] not in current}
    assert closed == {later}, "the versions of users who left end at as_of"
    assert warnings == []


def test_a_snapshot_records_labels_at_the_as_of_and_definitions_they_were_built_with(build_project, server,
                                                                                    connection):
    """A snapshot run after the labels were built at another as_of or with other definitions records them with
    the build's, not its own command's: before, a `dbt snapshot` on the morning after a `dbt run` dated the run's
    labels a day late, and stamped them with its own vars' definitions. An explicit other as_of is refused."""
    sample = build_project("snapshot_late", sample_data.generate(), AS_OF)
    schema, day_after = sample.schema, AS_OF + timedelta(days=1)
    first = fetch(connection, f"select distinct definitions_version from {schema}_snapshots.user_personas_snapshot")[1]
    load_raw_tables(connection, sample.raw_schema, without_last_week(sample_data.generate()))
    run_dbt(["run"], server, schema=schema, quiet=True,
            variables={**sample.variables, "segmentation__as_of": day_after.isoformat()})

    # the next morning's snapshot, without as_of (the time of the run) and with other definitions
    warnings, collect = dbt_warnings()
    variables = {name: value for name, value in sample.variables.items() if name != "segmentation__as_of"}
    run_dbt(["snapshot"], server, schema=schema, quiet=True, callbacks=[collect],
            variables={**variables, "segmentation__threshold_overrides": {"churn_days": 61}})
    rows = versions(connection, schema)
    assert not invalid_versions(rows)
    assert {row[3] for row in rows} == {AS_OF, day_after}, "new versions start at the as_of of the labels"
    assert {row[4] for row in rows if row[4] is not None} == {day_after}, "and close the old ones then"
    recorded = fetch(connection, f"select distinct definitions_version from {schema}_snapshots.user_personas_snapshot")
    assert recorded[1] == first, "the definitions the labels were computed with"
    assert any(f"definitions_version {first[0][0]}" in warning for warning in warnings), warnings

    # a snapshot for an as_of the labels were not built at records nothing and says what to run
    result = run_dbt(["snapshot"], server, schema=schema, quiet=True, check=False,
                     variables={**sample.variables, "segmentation__as_of": (day_after + timedelta(days=1)).isoformat()})
    assert not result.success
    message = describe_failure(result)
    assert day_after.isoformat() in message and "run dbt snapshot without segmentation__as_of" in message, message
    assert versions(connection, schema) == rows

    # labels built by a version of the project that did not keep their definitions: it says what to run
    with connection.cursor() as cursor:
        cursor.execute(f"alter table {schema}_intermediate.int_users_segmented drop column definitions_version")
    connection.commit()
    result = run_dbt(["snapshot"], server, schema=schema, quiet=True, check=False, variables=variables)
    assert not result.success
    message = describe_failure(result)
    assert "int_users_segmented" in message and "was built by an earlier version" in message, message
    assert "run dbt run" in message, message
    assert versions(connection, schema) == rows
