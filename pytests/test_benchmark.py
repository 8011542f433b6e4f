"""`make bench` at a tiny size, both shapes: results.json is complete and consistent, progress comes in order and
often, the synthetic warehouses are deterministic and have their shapes, and the marts built on them equal the
specification. Nothing here asserts a timing."""

from __future__ import annotations

import contextlib
import io
import json
import math
import re
from datetime import timedelta
from itertools import groupby, pairwise
from pathlib import Path

import pytest

from pytests.conftest import fetch
from pytests.specification_queries import differences, keyed, run_specification_query, user_differences
from segmentation import benchmark, cli, synthetic_warehouse
from segmentation.specification import QUERY_FILES

# builds on real servers for minutes: `make test-slow` (CI runs it after `make test`)
pytestmark = pytest.mark.slow

PARAMETERS = benchmark.Parameters(persons=300, messages=20_000, runs=2)  # 2: the rounds alternate
HEARTBEAT_S = 0.5  # instead of 5 s, so that the tiny run's steps print while they run too
STAMPED = re.compile(r"\[ *(?P<seconds>\d+\.\d) s\] (?P<message>.*)")
STEPS = list(range(12))  # 0. the warehouse ... 11. a run with nothing new
AS_OF_AFTER_A_WEEK = synthetic_warehouse.AS_OF + timedelta(days=1 + benchmark.WEEK_DAYS)


@pytest.fixture(scope="module")
def bench(server, tmp_path_factory) -> tuple[dict, Path, str]:
    output_dir = tmp_path_factory.mktemp("bench")
    log = io.StringIO()
    with pytest.MonkeyPatch.context() as patch, contextlib.redirect_stderr(log):
        patch.setattr(benchmark, "HEARTBEAT_S", HEARTBEAT_S)
        returned = benchmark.run_benchmark(server, PARAMETERS, output_dir)
    results = json.loads((output_dir / "results.json").read_text())
    assert results == json.loads(json.dumps(returned)), "results.json differs from what run_benchmark returned"
    return results, output_dir, log.getvalue()


def test_results_have_every_key(bench):
    results, output_dir, _ = bench
    assert set(results) == {
        "generated_at", "parameters", "environment", "method", "targets_stated_for", "shapes", "total_s",
    }
    assert results["parameters"] | {"as_of": None} == {
        "persons": 300, "messages": 20_000, "shapes": ["year", "three_years"], "runs": 2,
        "timeout": PARAMETERS.timeout, "seed": PARAMETERS.seed, "as_of": None,
    }
    environment = results["environment"]
    assert environment["postgresql_version"].startswith("PostgreSQL") and environment["machine_cores"] >= 1
    assert environment["postgresql_settings"]["autovacuum_naptime"] == benchmark.AUTOVACUUM_NAPTIME
    assert environment["duckdb_version"]
    assert list(results["shapes"]) == ["year", "three_years"]
    table = (output_dir / "results.md").read_text()
    for name, shape in results["shapes"].items():
        assert set(shape) == {
            "shape", "warehouse", "marts", "models_found", "timings", "missing", "timed_out", "models", "ratios",
            "total_s",
        }
        assert shape["shape"]["name"] == name and shape["shape"]["days"] == synthetic_warehouse.SHAPES[name].days
        assert set(shape["timings"]) == set(benchmark.TIMINGS)
        assert set(shape["ratios"]) == set(benchmark.RATIOS)
        for entry in shape["ratios"].values():
            assert set(entry) == {
                "description", "numerator", "denominator", "value", "at_least", "target_at_most", "met", "note"
            }
        assert set(shape["models"]) == {
            "full_run", "asof_path", "duckdb_full_run", "daily_run", "week_run", "noop_run"
        }
        assert f"## {name}: {shape['shape']['description']}" in table
        slowest = max(shape["models"]["full_run"].items(), key=lambda item: item[1])
        assert f"| full_run | {slowest[0]} {slowest[1]:.2f}" in table, "the slowest model of the full run first"
    assert all(f"| {ratio.description} | ≤ {ratio.target:g} |" in table for ratio in benchmark.RATIOS.values())


def test_every_timing_is_measured(bench):
    results, _, _ = bench
    for name, shape in results["shapes"].items():
        timings, models, found = shape["timings"], shape["models"], shape["models_found"]
        assert not shape["timed_out"] and not shape["missing"], f"{name}: nothing should be missing at this size"
        assert all(value is not None and value >= 0 for value in timings.values()), name
        for prefix in ("specification", "duckdb_specification"):
            parts = sum(timings[f"{prefix}_{query}"] for query in QUERY_FILES)
            assert timings[prefix] == pytest.approx(parts, abs=0.01), (name, prefix)
        for run, key in (("full_run", "full_models_sql"), ("asof_path", "asof_models_sql"),
                         ("duckdb_full_run", "duckdb_models_sql"), ("daily_run", "daily_models_sql"),
                         ("week_run", "week_models_sql"), ("noop_run", "noop_models_sql")):
            assert timings[key] == pytest.approx(sum(models[run].values()), abs=0.01), (name, run)
        assert found["incremental"] and set(found["incremental"]) <= set(models["full_run"])
        # the as-of path is every model but the history; the full runs, on both engines, are every model
        assert "user_persona_history" in found["history"] and "user_segments" not in found["history"]
        assert set(models["full_run"]) == set(models["duckdb_full_run"]) == set(models["daily_run"]) \
            == set(models["noop_run"])
        assert set(models["asof_path"]) == set(models["full_run"]) - set(found["history"])


def test_ratios_follow_from_the_timings(bench):
    results, _, _ = bench
    for name, shape in results["shapes"].items():
        timings = shape["timings"]
        for ratio_name, entry in shape["ratios"].items():
            numerator, denominator = timings[entry["numerator"]], timings[entry["denominator"]]
            assert entry["value"] == pytest.approx(numerator / denominator, rel=1e-3, abs=1e-4), (name, ratio_name)
            assert entry["met"] == (entry["value"] <= entry["target_at_most"]), (name, ratio_name)
    # the targets: as-of path and full runs against the queries, the daily run, a week against a day
    ratios = results["shapes"]["three_years"]["ratios"]
    assert {name: (entry["numerator"], entry["denominator"], entry["target_at_most"])
            for name, entry in ratios.items()} == {
        "as-of path": ("asof_run_wall", "specification", 0.5),
        "as-of path SQL": ("asof_models_sql", "specification", 0.5),
        "full run": ("full_run_wall", "specification", 1.5),
        "full run SQL": ("full_models_sql", "specification", 1.5),
        "DuckDB full run": ("duckdb_run_wall", "duckdb_specification", 1.5),
        "DuckDB full run SQL": ("duckdb_models_sql", "duckdb_specification", 1.5),
        "daily run": ("daily_models_sql", "full_models_sql", 0.1),
        "week / day": ("week_models_sql", "daily_models_sql", 2.0),
    }


def test_the_server_gets_its_autovacuum_naptime_back(bench, connection):
    _, rows = fetch(connection, "select setting, source from pg_settings where name = 'autovacuum_naptime'")
    assert rows == [("60", "default")]


def test_ratio_bounds_decide_targets_when_a_step_timed_out():
    measured = benchmark.Measurements(seconds={"specification": 100.0, "asof_run_wall": 20.0})
    measured.timed_out(["full_models_sql", "full_run_wall"], 600)
    measured.skip(["daily_models_sql"], "skipped: the full run or the build timed out")
    ratios = benchmark.ratio_entries(measured)
    assert ratios["full run"]["value"] is None and ratios["full run"]["at_least"] == 6.0
    assert ratios["full run"]["met"] is False
    assert ratios["as-of path"]["value"] == 0.2 and ratios["as-of path"]["met"] is True
    assert ratios["daily run"]["at_least"] is None and ratios["daily run"]["met"] is None
    assert ratios["daily run"]["note"] == "skipped: the full run or the build timed out"


def test_a_timeout_in_a_later_round_leaves_a_bound_only():
    """A step that finished in one round and timed out in the next is reported as timed out, not both."""
    measured = benchmark.Measurements(seconds={"specification": 100.0})
    assert measured.keep_fastest("full_run_wall", 500.0) and not measured.keep_fastest("full_run_wall", 501.0)
    measured.timed_out(["full_run_wall"], 600)
    assert "full_run_wall" not in measured.seconds and measured.bounds("full_run_wall") == (600.0, math.inf)
    assert benchmark.ratio_entries(measured)["full run"]["at_least"] == 6.0


def test_progress_comes_in_order_and_often(bench):
    """Every line stamped, the stamps never go back, no silence of 10 s (the heartbeat, shortened here, prints
    while a step runs), and each shape's steps 0 to 11 in their order, the shapes one after the other, the second
    round of the alternating steps after the first."""
    _, _, log = bench
    lines = [STAMPED.fullmatch(line) for line in log.splitlines()]
    assert all(lines), [line for line in log.splitlines() if not STAMPED.fullmatch(line)][:3]
    stamps = [(float(line["seconds"]), line["message"]) for line in lines]
    gaps = [(later - earlier, message) for (earlier, _), (later, message) in pairwise(stamps)]
    assert min(gaps) >= (0, ""), "a stamp goes back"
    assert max(gaps) < (10, ""), f"silent for {max(gaps)[0]:.1f} s before {max(gaps)[1]!r}"
    assert any(line["message"].startswith("    ... dbt build: ") for line in lines), "no heartbeat"
    steps = [re.fullmatch(r">>> (\w+) (\d+)\. .*", line["message"]) for line in lines]
    assert [(step[1], int(step[2])) for step in steps if step] == [
        (shape, number) for shape in PARAMETERS.shapes for number in STEPS
    ]
    # the repetitions alternate: the second round of steps 2 to 4 after the first, before step 5; 7 and 8 alike
    marks = [re.fullmatch(rf">>> \w+ (\d+)\. .*|    round (\d) of {PARAMETERS.runs}: step (\d+), .*", line["message"])
             for line in lines]
    order = [f"step {mark[1]}" if mark[1] else f"round {mark[2]}: {mark[3]}" for mark in marks if mark]
    assert order == [
        "step 0", "step 1", "step 2", "step 3", "step 4", "round 2: 2", "round 2: 3", "round 2: 4", "step 5",
        "step 6", "step 7", "step 8", "round 2: 7", "round 2: 8", "step 9", "step 10", "step 11",
    ] * len(PARAMETERS.shapes)


def test_warehouse_is_deterministic(bench, connection):
    results, _, _ = bench
    size = (PARAMETERS.persons, PARAMETERS.messages)
    for name, shape in synthetic_warehouse.SHAPES.items():
        warehouse = results["shapes"][name]["warehouse"]
        assert warehouse["row_counts"]["message"] == PARAMETERS.messages
        assert warehouse["row_counts"]["persons"] == PARAMETERS.persons
        aggregates = warehouse["aggregates"]
        assert aggregates["persons"]["staff"] >= 2 and aggregates["persons"]["null_names"] >= 0
        assert aggregates["conversation"]["one_on_one"] > 0 and aggregates["conversation"]["group"] > 0
        assert 0.05 < aggregates["message"]["reactions"] / PARAMETERS.messages < 0.15

        synthetic_warehouse.generate(connection, "bench_raw_again", *size, PARAMETERS.seed, shape,
                                     progress=lambda _: None)
        again = synthetic_warehouse.checksum(connection, "bench_raw_again")
        assert again == {key: warehouse[key] for key in ("row_counts", "aggregates", "checksum")}, name
        synthetic_warehouse.generate(connection, "bench_raw_again", *size, PARAMETERS.seed + 1, shape,
                                     progress=lambda _: None)
        assert synthetic_warehouse.checksum(connection, "bench_raw_again")["checksum"] != warehouse["checksum"]
    checksums = {shape["warehouse"]["checksum"] for shape in results["shapes"].values()}
    assert len(checksums) == len(synthetic_warehouse.SHAPES)


def user_activity(connection, schema: str) -> list[tuple[int, object]]:
    """(messages, last message) per user (staff excluded), fewest messages first."""
    return fetch(connection, f"""
        select count(m.id), max(m.provider_timestamp) from {schema}.persons p
        left join {schema}.person_contacts pc on pc.person_id = p.id
        left join {schema}.message m on m.sender_person_contact_id = pc.id
        where p.name not like '%%Coach%%' and p.id > 2
        group by p.id order by 1
    """)[1]


@pytest.fixture(scope="module")
def shapes(connection) -> dict[str, str]:
    """Each shape generated at a size where its distributions show: 2,000 persons, 60,000 messages."""
    schemas = {}
    for name, shape in synthetic_warehouse.SHAPES.items():
        schemas[name] = f"bench_raw_{name}"
        synthetic_warehouse.generate(connection, schemas[name], 2_000, 60_000, shape=shape, progress=lambda _: None)
    return schemas


@pytest.mark.parametrize("name", list(synthetic_warehouse.SHAPES))
def test_warehouse_has_the_shape_of_a_product(shapes, connection, name):
    """Skewed volume, persons with two contacts or none, staff, reactions: what the marts must cope with."""
    schema, days = shapes[name], synthetic_warehouse.SHAPES[name].days
    per_user = [count for count, _ in user_activity(connection, schema)]
    assert per_user[0] == 0 and per_user[-1] > 20 * per_user[len(per_user) // 2], "no heavy users"
    assert sum(count <= 10 for count in per_user) > len(per_user) / 10, "too few light users"
    contacts = dict(fetch(connection, f"""
        select contacts, count(*) from (
            select p.id, count(pc.id) as contacts from {schema}.persons p
            left join {schema}.person_contacts pc on pc.person_id = p.id group by p.id
        ) as c group by contacts
    """)[1])
    assert contacts.get(2, 0) > 0 and contacts.get(1, 0) > 2_000 / 2
    (first, last), = fetch(
        connection, f"select min(provider_timestamp), max(provider_timestamp) from {schema}.message"
    )[1]
    as_of = synthetic_warehouse.AS_OF
    assert as_of - timedelta(days=days) < first < as_of - timedelta(days=days - 7), "not the shape's days"
    assert as_of - timedelta(days=1) < last <= as_of


def test_three_years_has_an_idle_tail_and_a_skewed_activity(shapes, connection):
    """Against the year: more users silent for over a year, and the heaviest 1 % send a larger share."""
    def profile(name: str) -> tuple[float, float]:
        activity = user_activity(connection, shapes[name])
        year_ago = synthetic_warehouse.AS_OF - timedelta(days=365)
        idle = sum(1 for count, last in activity if count and last < year_ago) / len(activity)
        counts = [count for count, _ in activity]
        return idle, sum(counts[-len(counts) // 100:]) / sum(counts)

    (year_idle, year_top), (idle, top) = profile("year"), profile("three_years")
    assert year_idle == 0 and idle > 0.3, (year_idle, idle)
    assert top > 1.5 * year_top, (year_top, top)


def test_marts_built_on_it_equal_the_specification(bench, connection):
    """The last shape's marts, after the daily run and the week's: equal to the specification at that as_of."""
    results, _, _ = bench
    for name, shape in results["shapes"].items():
        assert shape["marts"] == {
            "schema": benchmark.SCHEMA, "as_of": AS_OF_AFTER_A_WEEK.isoformat(),
            "persona_summary_equals_query_3": {"full_build": True, "after_the_week": True},
        }, name
    raw, schema, as_of = benchmark.RAW_SCHEMA, benchmark.SCHEMA, AS_OF_AFTER_A_WEEK
    (latest,), = fetch(connection, f"select max(provider_timestamp) from {raw}.message")[1]
    assert as_of - timedelta(days=1) < latest <= as_of, "the week was not appended"
    problems = user_differences(connection, raw, schema, as_of)
    spec_columns, spec_rows = run_specification_query(connection, "personas", as_of, raw)
    columns, rows = fetch(connection, f"select {', '.join(spec_columns)} from {schema}.persona_summary")
    spec, marts = keyed(spec_columns, spec_rows, ("persona",)), keyed(columns, rows, ("persona",))
    assert len(spec) >= 5, "the synthetic warehouse should give most personas"
    # users tied on messages are listed in any order by the specification: compare runs of equal totals
    totals = dict(fetch(connection, f"select name, total_messages_sent from {schema}.user_segments")[1])
    for records in (spec, marts):
        for record in records.values():
            names = record["top_users"].split(", ") if record["top_users"] else []
            record["top_users"] = [(total, sorted(run)) for total, run in groupby(names, key=totals.__getitem__)]
    problems += differences(spec, marts, lambda key, record: f"persona {key[0]!r}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", list(synthetic_warehouse.SHAPES))
def test_an_appended_day_follows_the_warehouse(connection, name):
    schema, persons, messages, shape = "bench_raw_appended", 100, 3650, synthetic_warehouse.SHAPES[name]
    synthetic_warehouse.generate(connection, schema, persons, messages, shape=shape, progress=lambda _: None)
    appended = synthetic_warehouse.append_day(connection, schema, persons, messages, shape=shape,
                                              progress=lambda _: None)
    assert appended == synthetic_warehouse.messages_per_day(messages, shape) == round(messages / shape.days)
    (count, first_new_id, last_new_id, earliest, latest), = fetch(connection, f"""
        select count(*), min(id), max(id), min(provider_timestamp), max(provider_timestamp)
        from {schema}.message where provider_timestamp > %s
    """, (synthetic_warehouse.AS_OF,))[1]
    assert (count, first_new_id, last_new_id) == (appended, messages + 1, messages + appended)
    assert earliest > synthetic_warehouse.AS_OF and latest <= synthetic_warehouse.AS_OF + timedelta(days=1)


@pytest.mark.parametrize(("argv", "message"), [
    (["--persons", "3"], "persons must be between 10"),
    (["--shapes", "decade"], "shapes must be distinct names among year, three_years, got decade"),
    (["--shapes", "year", "year"], "shapes must be distinct names"),
])
def test_bad_parameters_are_refused_with_a_message(capsys, argv, message):
    assert cli.main(["bench", *argv]) == 2
    assert message in capsys.readouterr().err
