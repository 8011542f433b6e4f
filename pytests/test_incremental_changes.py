"""An incremental run after one change of the source at a time (new, late, moved, edited or deleted messages, a
contact given to another person, a user become staff), or of a var it reads, gives exactly what a full refresh
gives, on each engine (`engine`, in conftest.py)."""

from __future__ import annotations

import pytest

from pytests.incremental_runs import (
    AS_OF,
    CHANGES,
    FIRST_AS_OF,
    HISTORY_MARTS,
    INCREMENTAL_SELECTION,
    INCREMENTAL_TABLES,
    Postgres,
    first_and_rest,
    first_user_renamed_into_staff,
    new_days,
)
from segmentation import project_vars, sample_data

# builds on real servers for minutes: `make test-slow` (CI runs it after `make test`)
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def without_a_change() -> dict[str, dict[str, list[tuple]]]:
    """Per engine, the incremental tables of a full refresh at AS_OF of the first build's data: the same for every
    change, so the first case on an engine builds them and the others read them (a build less per case)."""
    return {}


@pytest.mark.parametrize("change", CHANGES, ids=[change.__name__ for change in CHANGES])
def test_incremental_run_sees_each_change(engine, change, without_a_change):
    """One change at a time, on each engine: after an incremental run every incremental table (the two of the
    messages, the timeline, the history marts) and the digests equal a full refresh's, which differs from a full
    refresh of the data without the change, so the change reached them."""
    tables = sample_data.generate()
    first, rest = first_and_rest(tables["message"])
    before = {**tables, "message": first}

    def tables_now() -> dict[str, list[tuple]]:
        return {relation: engine.contents(relation) for relation in INCREMENTAL_TABLES}

    engine.load(before)
    engine.run(["run", *INCREMENTAL_SELECTION], {"segmentation__as_of": FIRST_AS_OF.isoformat()})
    engine.load(change(before, rest))
    engine.run(["run", *INCREMENTAL_SELECTION], {"segmentation__as_of": AS_OF.isoformat()})
    incremental = tables_now()
    engine.run(["run", "--full-refresh", *INCREMENTAL_SELECTION], {"segmentation__as_of": AS_OF.isoformat()})
    full = tables_now()
    different = [name for name in full if incremental[name] != full[name]]
    assert not different, f"differ from a full refresh after the incremental run: {different}"
    # the same as_of without the change: the tables differ, so the change reached them (found by a review: this
    # compared with the first build, at another as_of, which differs whatever the change does)
    engine_name = type(engine).__name__
    if engine_name not in without_a_change:
        engine.load(before)
        engine.run(["run", "--full-refresh", *INCREMENTAL_SELECTION], {"segmentation__as_of": AS_OF.isoformat()})
        without_a_change[engine_name] = tables_now()
    unchanged = without_a_change[engine_name]
    assert [name for name in full if full[name] != unchanged[name]], "the change reached no table"


def test_empty_build_then_run(engine):
    """`dbt run --empty` on a new schema, then `dbt build --empty` (every model and test run on no rows: dbt reads
    each ref and source through a subquery that returns none) pass on each engine; the incremental tables they leave
    empty are filled by the next run, which equals a full refresh."""
    variables = {"segmentation__as_of": AS_OF.isoformat()}
    engine.load(sample_data.generate())
    engine.run(["run", "--empty"], variables)
    engine.run(["build", "--empty"], variables)
    assert not any(engine.contents(relation) for relation in HISTORY_MARTS)
    engine.run(["run"], variables)
    incremental = {relation: engine.contents(relation) for relation in INCREMENTAL_TABLES}
    engine.run(["run", "--full-refresh"], variables)
    full = {relation: engine.contents(relation) for relation in INCREMENTAL_TABLES}
    assert all(full[relation] for relation in HISTORY_MARTS)
    different = [name for name in full if incremental[name] != full[name]]
    assert not different, f"differ from a full refresh after a run that followed `dbt build --empty`: {different}"


@pytest.mark.parametrize("changed", [{"segmentation__time_zone": "America/New_York"},
                                     {"segmentation__count_other_tapbacks": True},
                                     {"segmentation__preset": "weekly"},
                                     {"segmentation__history_entered_label": "(new)"}],
                         ids=["time_zone", "reactions", "preset", "migration_label"])
def test_incremental_run_sees_a_changed_var(server, connection, changed):
    """A new time zone (every wall-clock time moves), new reaction patterns, new thresholds (the labels the
    history marts hold) or a new label for the users who enter the migration change the digests too: the
    incremental run after it equals a full refresh, with no --full-refresh needed."""
    project = Postgres(server, connection, "change_" + next(iter(changed)).replace("segmentation__", ""))
    project.load(sample_data.generate())
    project.run(["run", *INCREMENTAL_SELECTION], {"segmentation__as_of": AS_OF.isoformat()})
    built = {relation: project.contents(relation) for relation in INCREMENTAL_TABLES}
    project.run(["run", *INCREMENTAL_SELECTION], {"segmentation__as_of": AS_OF.isoformat(), **changed})
    incremental = {relation: project.contents(relation) for relation in INCREMENTAL_TABLES}
    project.run(["run", "--full-refresh", *INCREMENTAL_SELECTION],
                {"segmentation__as_of": AS_OF.isoformat(), **changed})
    full = {relation: project.contents(relation) for relation in INCREMENTAL_TABLES}
    assert full != built
    assert incremental == full


def test_a_renamed_label_reaches_empty_periods(engine):
    """A persona renamed between two runs reaches the period ends where nobody is segmented, which
    segment_distribution_history holds as zeros with the labels of the time: the old label stayed there (found by a
    randomized comparison with full refreshes; the halves logged only the period ends they hold rows at)."""
    shipped = project_vars()["segmentation__personas"]
    renamed = [{**rule, "label": "Misc"} if rule["label"] == "Other" else rule for rule in shipped]
    variables = {"segmentation__as_of": AS_OF.isoformat()}
    engine.load(first_user_renamed_into_staff(sample_data.generate(), []))  # nobody at the first period end
    engine.run(["run", *INCREMENTAL_SELECTION], variables)
    engine.run(["run", *INCREMENTAL_SELECTION], {**variables, "segmentation__personas": renamed})
    incremental = engine.contents("segment_distribution_history")
    assert not [row for row in incremental if "Other" in row], "the old label is left"
    engine.run(["run", "--full-refresh", *INCREMENTAL_SELECTION], {**variables, "segmentation__personas": renamed})
    assert incremental == engine.contents("segment_distribution_history")


def test_new_days_far_from_utc_equal_a_full_refresh(server, connection, monkeypatch):
    """A run looks the rebuilt days' messages up within the days' span, two days wider on each side
    (ids_on_rebuilt_days): enough for a time zone twelve hours behind UTC, read by a session fourteen ahead."""
    monkeypatch.setenv("PGTZ", "Pacific/Kiritimati")  # the session's time zone of dbt's connections
    project = Postgres(server, connection, "far_from_utc")
    tables = sample_data.generate()
    first, rest = first_and_rest(tables["message"])
    variables = {"segmentation__time_zone": "Etc/GMT+12"}
    project.load({**tables, "message": first})
    project.run(["run", *INCREMENTAL_SELECTION], {**variables, "segmentation__as_of": FIRST_AS_OF.isoformat()})
    project.load(new_days({**tables, "message": first}, rest))
    project.run(["run", *INCREMENTAL_SELECTION], {**variables, "segmentation__as_of": AS_OF.isoformat()})
    incremental = {relation: project.contents(relation) for relation in INCREMENTAL_TABLES}
    project.run(["run", "--full-refresh", *INCREMENTAL_SELECTION],
                {**variables, "segmentation__as_of": AS_OF.isoformat()})
    full = {relation: project.contents(relation) for relation in INCREMENTAL_TABLES}
    different = [name for name in full if incremental[name] != full[name]]
    assert not different, f"differ from a full refresh: {different}"
