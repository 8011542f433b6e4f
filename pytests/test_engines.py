"""The same project on DuckDB and on Spark: on the sample, `dbt build` passes (every test; on Spark without the
snapshot, which dbt-spark builds only on Delta, Iceberg or Hudi) and every mart equals the PostgreSQL mart.

Spark starts a JVM and takes a few minutes: its test is marked `spark` and runs in `make test-spark`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pytests.conftest import comparable_rows, fetch
from segmentation import PROJECT_ROOT, sample_data
from segmentation.dbt_project import dbt_output_in, describe_failure, profiles_dir, run_dbt
from segmentation.engines import DuckDb, Spark

SCHEMA = "analytics"  # the engines' target schema; PostgreSQL's marts are those of test_parity's "sample"
# found by a DuckDB user's field test: raw text columns declared with a collation, which DuckDB's LIKE and = honour
# (a cast to VARCHAR keeps it), so the staff names and reaction patterns matched other rows than on PostgreSQL
COLLATED = ("alter table raw.persons alter column name type varchar collate nocase; "
            "alter table raw.conversation alter column type type varchar collate nocase; "
            "alter table raw.message alter column content type varchar collate nocase")
ENGINES = [pytest.param((DuckDb, ""), id="duckdb"), pytest.param((DuckDb, COLLATED), id="duckdb-collated"),
           pytest.param((Spark, ""), id="spark", marks=pytest.mark.spark)]


@pytest.fixture(scope="module", params=ENGINES)
def engine_build(request, server, tmp_path_factory):
    engine_class, statements = request.param
    engine = engine_class(Path(tmp_path_factory.mktemp(engine_class.__name__.lower())))
    engine.load_raw_tables("raw", sample_data.generate())
    if statements:
        engine.execute(statements)
    variables = {"segmentation__as_of": sample_data.SAMPLE_AS_OF.isoformat()}
    with dbt_output_in(engine.directory):  # beside the engine's files
        # as docs/warehouse.md says to: every seed, model, snapshot and test
        run_dbt(["build"], engine, schema=SCHEMA, variables=variables, quiet=True)
    return engine


def test_every_mart_equals_postgresql(engine_build, connection, build_project):
    postgres = build_project("sample", sample_data.generate(), sample_data.SAMPLE_AS_OF)
    _, relations = fetch(
        connection,
        "select table_name from information_schema.tables where table_schema = %s and table_name <> %s "
        "order by 1",
        (postgres.schema, "excluded_persons"),
    )
    # not the side tables of the incremental marts (<mart>__digest, __period_changes...): each engine's own hash,
    # each run's stamps
    names = [name for (name,) in relations if "__" not in name]
    assert {"user_segments", "persona_summary", "user_persona_history", "segment_migration"} <= set(names)
    different = []
    for name in names:
        expected = comparable_rows(*fetch(connection, f"select * from {postgres.schema}.{name}"))
        actual = comparable_rows(*engine_build.fetch(f"{SCHEMA}.{name}"))
        if actual != expected:
            missing = [row for row in expected if row not in actual][:2]
            extra = [row for row in actual if row not in expected][:2]
            different.append(f"{name}: {len(actual)} rows, PostgreSQL {len(expected)}; "
                             f"e.g. only in PostgreSQL {missing}, only here {extra}")
    assert not different, "\n".join(different)


def test_spark_builds_the_history_apart_from_the_as_of_path(engine_build, connection, build_project):
    """On Spark the halves of the timeline are tables that every command rebuilds whole, so one that leaves the
    history out (`--exclude tag:history`) could leave no mark of the period ends it skipped: the halves compute them
    in every command, and the history marts built by a command of their own equal PostgreSQL's (they were empty)."""
    if not isinstance(engine_build, Spark):
        pytest.skip("the other engines' halves are incremental: test_incremental.py builds the history apart there")
    postgres = build_project("sample", sample_data.generate(), sample_data.SAMPLE_AS_OF)
    schema, variables = "history_apart", {"segmentation__as_of": sample_data.SAMPLE_AS_OF.isoformat()}
    with dbt_output_in(engine_build.directory):
        run_dbt(["run", "--exclude", "tag:history"], engine_build, schema=schema, variables=variables, quiet=True)
        run_dbt(["run", "--select", "tag:history"], engine_build, schema=schema, variables=variables, quiet=True)
    for name in ("user_persona_history", "segment_migration", "segment_distribution_history"):
        expected = comparable_rows(*fetch(connection, f"select * from {postgres.schema}.{name}"))
        assert expected, f"{name} of PostgreSQL is empty: nothing is proven"
        assert comparable_rows(*engine_build.fetch(f"{schema}.{name}")) == expected, name


def test_indexes_on_postgresql_only(engine_build, connection, build_project):
    """PostgreSQL's incremental runs and history marts read the big tables through b-tree indexes; DuckDB, which
    builds indexes at commit, gets none (postgres_indexes)."""
    if not isinstance(engine_build, DuckDb):
        pytest.skip("indexes are a PostgreSQL and DuckDB matter")
    postgres = build_project("sample", sample_data.generate(), sample_data.SAMPLE_AS_OF)
    _, rows = fetch(connection, "select distinct tablename from pg_indexes where schemaname like %s",
                    (postgres.schema + "%",))
    assert {"int_messages_joined_to_senders", "user_persona_history"} <= {name for (name,) in rows}
    assert engine_build.fetch("duckdb_indexes()")[1] == []


@pytest.mark.spark
def test_spark_settings_that_would_change_an_answer_stop_the_run(tmp_path, own_dbt_output):
    """A time zone that pytz knows and this Spark's Java does not failed inside the first model (INVALID_TIMEZONE),
    and string literals read without escapes changed every label holding a backslash, silently: each is named
    before anything is built (check_spark_settings)."""
    engine = Spark(tmp_path / "spark")
    engine.load_raw_tables("raw", sample_data.generate())
    unknown_zone = run_dbt(["run"], engine, variables={"segmentation__time_zone": "ROC"}, check=False, quiet=True)
    assert "var segmentation__time_zone = ROC is a time zone that this Spark's Java does not know as a region" in (
        describe_failure(unknown_zone))
    session = engine.session()
    session.conf.set("spark.sql.parser.escapedStringLiterals", "true")
    try:
        escapes_kept = run_dbt(["run"], engine, check=False, quiet=True)
    finally:
        session.conf.unset("spark.sql.parser.escapedStringLiterals")
    assert "Spark sessions have spark.sql.parser.escapedStringLiterals on" in describe_failure(escapes_kept)


@pytest.mark.parametrize(("pgtz", "expected"),
                         [(None, "2026-01-01 00:00:00"), ("America/New_York", "2026-01-01 05:00:00")])
def test_duckdb_reads_a_timestamp_without_time_zone_in_pgtz_not_in_the_machines_zone(pgtz, expected, tmp_path):
    """Found by a tester: DuckDB casts a timestamp without time zone to an instant in its session's zone, which was
    the zone of the machine that ran dbt (TZ): the same file gave other marts in Paris than in UTC, without a word.
    The target reads it as PostgreSQL's sessions do, in PGTZ, and else in UTC. In a process of its own: DuckDB reads
    TZ when it starts."""
    environment = {key: value for key, value in os.environ.items() if key != "PGTZ"}
    environment.update({"TZ": "Europe/Paris", **DuckDb(tmp_path).env(), "DBT_TARGET_PATH": str(tmp_path / "target"),
                        "DBT_LOG_PATH": str(tmp_path / "logs"), **({"PGTZ": pgtz} if pgtz else {})})
    instant = "cast(cast(timestamp '2026-01-01 00:00:00' as {{ type_instant() }}) at time zone 'UTC' as varchar)"
    shown = subprocess.run(
        [Path(sys.executable).with_name("dbt"), "--quiet", "show", "--target", "duckdb", "--output", "json",
         "--profiles-dir", profiles_dir(), "--project-dir", str(PROJECT_ROOT), "--inline", f"select {instant} as t"],
        env=environment, capture_output=True, text=True, check=False)
    assert shown.returncode == 0, shown.stdout + shown.stderr
    assert json.loads(shown.stdout)["show"] == [{"t": expected}]
