"""The marts equal the specification's three queries, row for row, on the sample and on the edge cases."""

from __future__ import annotations

from itertools import groupby

import pytest

from pytests import edge_cases
from pytests.conftest import fetch
from pytests.specification_queries import differences, keyed, run_specification_query, user_differences
from segmentation import sample_data
from segmentation.dbt_project import run_dbt
from segmentation.raw_tables import load_raw_tables

DATA_SETS = {
    # name: (raw tables, as-of instant, extra vars, session time zone for the specification)
    "sample": (sample_data.generate, sample_data.SAMPLE_AS_OF, {}, "UTC"),
    "edges": (edge_cases.build, edge_cases.AS_OF, {}, "UTC"),
    # the same edges read in a zone whose clocks changed a week before as_of
    "edges_new_york": (
        edge_cases.build, edge_cases.AS_OF, {"segmentation__time_zone": "America/New_York"}, "America/New_York"
    ),
}


@pytest.fixture(scope="module", params=list(DATA_SETS))
def data_set(request, build_project):
    make_tables, as_of, variables, time_zone = DATA_SETS[request.param]
    return build_project(request.param, make_tables(), as_of, **variables), time_zone


def test_user_segments_equal_query_1_and_personas_query_3(data_set, connection):
    build, time_zone = data_set
    count = fetch(connection, f"select count(*) from {build.schema}.user_segments")[1][0][0]
    assert count > 20, "too few segmented users for the comparison to prove anything"
    problems = user_differences(connection, build.raw_schema, build.schema, build.as_of, time_zone)
    assert not problems, "\n".join(problems)


def test_segment_distribution_equals_query_2(data_set, connection):
    build, time_zone = data_set
    spec_columns, spec_rows = run_specification_query(
        connection, "segment_distribution", build.as_of, build.raw_schema, time_zone
    )
    spec_rows = [row for row in spec_rows if not row[0].startswith("===")]  # the report's header rows
    columns, rows = fetch(connection, f"select {', '.join(spec_columns)} from {build.schema}.segment_distribution")
    problems = differences(
        keyed(spec_columns, spec_rows, ("metric", "segment")),
        keyed(columns, rows, ("metric", "segment")),
        lambda key, record: f"{key[0]} / {key[1]}",
    )
    assert not problems, "\n".join(problems)


def test_persona_summary_equals_query_3(data_set, connection):
    build, time_zone = data_set
    spec_columns, spec_rows = run_specification_query(connection, "personas", build.as_of, build.raw_schema, time_zone)
    columns, rows = fetch(connection, f"select {', '.join(spec_columns)} from {build.schema}.persona_summary")
    spec, marts = keyed(spec_columns, spec_rows, ("persona",)), keyed(columns, rows, ("persona",))
    # Users tied on total_messages_sent may come in any order in the specification's STRING_AGG;
    # the mart breaks ties by person id. Compare the lists as runs of equal totals, in order.
    totals = dict(fetch(connection, f"select name, total_messages_sent from {build.schema}.user_segments")[1])
    for records in (spec, marts):
        for record in records.values():
            names = record["top_users"].split(", ") if record["top_users"] else []
            record["top_users"] = [(total, sorted(run)) for total, run in groupby(names, key=totals.__getitem__)]
    problems = differences(spec, marts, lambda key, record: f"persona {key[0]!r}")
    assert not problems, "\n".join(problems)


def test_a_session_in_a_posix_time_zone_changes_no_mart(server, connection, monkeypatch):
    """Found by a review: PostgreSQL 18 reads 'UTC' as an abbreviation of the session's own zone first, so in a
    session set to the POSIX zone 'UTC+5' (UTC at -05:00, as on a server set up under TZ=UTC+5), timezone('UTC', ...)
    moved every wall clock five hours back, and the default build's days, hours and windows with it, silently."""
    monkeypatch.setenv("PGTZ", "UTC+5")  # the session time zone of dbt's connections
    raw_schema, schema = "raw_posix_session", "posix_session"
    load_raw_tables(connection, raw_schema, edge_cases.build())
    run_dbt(["run", "--select", "+user_segments"], server, schema=schema, quiet=True,
            variables={"segmentation__source_schema": raw_schema, "segmentation__as_of": edge_cases.AS_OF.isoformat()})
    problems = user_differences(connection, raw_schema, schema, edge_cases.AS_OF)
    assert not problems, "\n".join(problems)


@pytest.fixture(scope="module")
def raw_edges(connection) -> str:
    load_raw_tables(connection, "raw_edges_shifted", edge_cases.build())
    return "raw_edges_shifted"


def one_step(name: str, value: float) -> float:
    if name == "engagement_window_days":  # 7 or 30: the other window
        return 30
    return value + 1 if isinstance(value, int) else round(value - 0.01, 4)


@pytest.mark.slow  # a build per threshold, 17 in all (about 100 s): make test-slow
@pytest.mark.parametrize("threshold", [name for name in edge_cases.THRESHOLDS if name != "top_user_messages"])
def test_edges_catch_a_threshold_shifted_by_one_step(threshold, raw_edges, server, connection):
    """The edge data sits on every threshold: moving any one by a step must break parity for some user."""
    thresholds = {**edge_cases.THRESHOLDS, threshold: one_step(threshold, edge_cases.THRESHOLDS[threshold])}
    schema = f"shifted_{threshold}"
    models_and_seeds = ["--resource-type", "model", "--resource-type", "seed"]
    run_dbt(["build", "--select", "+user_segments", *models_and_seeds], server, schema=schema, quiet=True, variables={
        "segmentation__source_schema": raw_edges, "segmentation__as_of": edge_cases.AS_OF.isoformat(),
        "segmentation__thresholds": thresholds,
    })
    assert user_differences(connection, raw_edges, schema, edge_cases.AS_OF), (
        f"shifting {threshold} changed nobody's labels: the edge data has no user on that threshold"
    )
