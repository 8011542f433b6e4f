"""An incremental run after new messages arrive gives exactly what a full refresh on all of them gives."""

from __future__ import annotations

from datetime import timedelta

import pytest

from pytests.conftest import fetch
from segmentation import sample_data
from segmentation.dbt_project import run_dbt
from segmentation.engines import DuckDb
from segmentation.raw_tables import copy_rows, load_raw_tables

FIRST_AS_OF = sample_data.SAMPLE_AS_OF - timedelta(days=5)  # the first build; the rest of the sample arrives after
AS_OF = sample_data.SAMPLE_AS_OF
LOOKBACK_DAYS = 3  # the default of var incremental__lookback_days
SCHEMA, FULL_SCHEMA = "incremental", "incremental_full"


def arrivals(messages: list[tuple]) -> tuple[list[tuple], list[tuple]]:
    """The messages of the first build, and those that arrive after it: the rest of the sample, plus the cases
    an incremental run must get right."""
    first = [m for m in messages if m[3] is None or m[3] <= FIRST_AS_OF]
    later = [m for m in messages if m[3] is not None and m[3] > FIRST_AS_OF]
    dated = [m for m in first if m[3] is not None and m[1] is not None]
    old, recent = dated[0], max(dated, key=lambda m: m[3])
    next_id = max(m[0] for m in messages) + 1
    later += [
        # sent within the lookback before the first build, loaded only now
        (next_id, recent[1], recent[2], FIRST_AS_OF - timedelta(days=LOOKBACK_DAYS - 1), "Loved “late”"),
        # a second copy of an old message, dated yesterday: the first copy (by sent_at) is the one counted
        (old[0], old[1], old[2], AS_OF - timedelta(days=1), "Loved “again”"),
        # a second copy of a recent message, an hour earlier: now this copy is the first
        (recent[0], recent[1], recent[2], recent[3] - timedelta(hours=1), "Liked “copy”"),
        # undated, and dated after as_of
        (next_id + 1, recent[1], recent[2], None, "Loved “undated”"),
        (next_id + 2, recent[1], recent[2], AS_OF + timedelta(days=2), "Loved “future”"),
    ]
    return first, later


def relations(connection, schema: str) -> list[str]:
    """Every table the build wrote into `schema` and `schema`_intermediate."""
    _, rows = fetch(
        connection,
        "select table_schema || '.' || table_name from information_schema.tables "
        "where table_schema in (%s, %s) and table_type = 'BASE TABLE' order by 1",
        (schema, f"{schema}_intermediate"),
    )
    return [row[0] for row in rows]


def sorted_rows(rows: list[tuple]) -> list[tuple]:
    """The rows as a sorted list; floats rounded, since sums in another order may differ in the last bit."""
    rounded = [tuple(round(v, 9) if isinstance(v, float) else v for v in row) for row in rows]
    return sorted(rounded, key=repr)


def contents(connection, relation: str) -> list[tuple]:
    return sorted_rows(fetch(connection, f"select * from {relation}")[1])


@pytest.fixture(scope="module")
def incremental_build(server, connection, build_project):
    tables = sample_data.generate()
    first, later = arrivals(tables["message"])
    raw_schema = f"raw_{SCHEMA}"
    load_raw_tables(connection, raw_schema, {**tables, "message": first})
    variables = {"source_schema": raw_schema}
    run_dbt(["build"], server, schema=SCHEMA, variables={**variables, "as_of": FIRST_AS_OF.isoformat()}, quiet=True)
    with connection.cursor() as cursor:
        copy_rows(cursor, raw_schema, "message", later)
    connection.commit()
    result = run_dbt(["build"], server, schema=SCHEMA, variables={**variables, "as_of": AS_OF.isoformat()}, quiet=True)
    full = build_project(FULL_SCHEMA, {**tables, "message": first + later}, AS_OF)
    return result, full


def test_incremental_run_equals_full_refresh(incremental_build, connection):
    _, full = incremental_build
    names = [relation.split(".", 1)[1] for relation in relations(connection, full.schema)]
    assert "int_person_days_aggregated" in names and "user_segments" in names
    assert names == [relation.split(".", 1)[1] for relation in relations(connection, SCHEMA)]
    different = [
        relation for relation in relations(connection, full.schema)
        if contents(connection, relation) != contents(connection, relation.replace(full.schema, SCHEMA, 1))
    ]
    assert not different, f"differ after the incremental run: {different}"


def test_incremental_run_rebuilt_only_the_recent_days(incremental_build, connection):
    result, _ = incremental_build
    inserted = {
        node.node.name: node.adapter_response.get("rows_affected")
        for node in result.result
        if node.node.name in {"int_messages_joined_to_senders", "int_person_days_aggregated"}
    }
    for model, rows in inserted.items():
        total = fetch(connection, f"select count(*) from {SCHEMA}_intermediate.{model}")[1][0][0]
        assert 0 < rows < total / 5, f"{model}: {rows} of {total} rows written; expected only the recent days"


def test_messages_later_than_the_lookback_wait_for_a_full_refresh(server, connection, incremental_build):
    """Documented limit: a message sent before the rebuilt days and loaded late is not seen by an incremental
    run; --full-refresh counts it."""
    raw_schema, variables = f"raw_{SCHEMA}", {"source_schema": f"raw_{SCHEMA}", "as_of": AS_OF.isoformat()}
    _, rows = fetch(connection, f"select person_id, total_messages_sent from {SCHEMA}.user_segments limit 1")
    person_id, total = rows[0]
    _, rows = fetch(
        connection,
        f"select contacts.id, max(messages.conversation_id) from {raw_schema}.person_contacts as contacts "
        f"join {raw_schema}.message as messages on messages.sender_person_contact_id = contacts.id "
        "where contacts.person_id = %s group by contacts.id limit 1",
        (person_id,),
    )
    contact, conversation = rows[0]
    late = (10**9, contact, conversation, AS_OF - timedelta(days=30), "Loved “very late”")
    with connection.cursor() as cursor:
        copy_rows(cursor, raw_schema, "message", [late])
    connection.commit()

    def total_now() -> int:
        query = f"select total_messages_sent from {SCHEMA}.user_segments where person_id = %s"
        return fetch(connection, query, (person_id,))[1][0][0]

    run_dbt(["run"], server, schema=SCHEMA, variables=variables, quiet=True)
    assert total_now() == total
    run_dbt(["run", "--full-refresh"], server, schema=SCHEMA, variables=variables, quiet=True)
    assert total_now() == total + 1


def test_only_the_rebuildable_tables_skip_the_write_ahead_log(incremental_build, connection):
    """The two incremental tables are unlogged (rebuilt from the source at will); every mart is logged, so that
    a crash or a read replica never loses what BI reads."""
    _, persistence = fetch(
        connection,
        "select relname, relpersistence from pg_class join pg_namespace on pg_namespace.oid = relnamespace "
        "where nspname in (%s, %s) and relkind = 'r'",
        (SCHEMA, f"{SCHEMA}_intermediate"),
    )
    unlogged = {name for name, kind in persistence if kind == "u"}
    assert unlogged == {"int_messages_joined_to_senders", "int_person_days_aggregated"}
    assert "user_segments" in {name for name, kind in persistence if kind == "p"}


def test_incremental_run_equals_full_refresh_on_duckdb(tmp_path):
    """The same arrivals on DuckDB: its incremental run (append_new_keys by not exists, the rollup's delete
    pre-hook) leaves every table as its own full refresh does."""
    tables = sample_data.generate()
    first, later = arrivals(tables["message"])
    engine = DuckDb(tmp_path)

    def tables_now() -> dict[str, list[tuple]]:
        columns, rows = engine.fetch("information_schema.tables")
        listing = [dict(zip(columns, row, strict=True)) for row in rows]
        names = sorted(f"{table['table_schema']}.{table['table_name']}" for table in listing
                       if table["table_schema"] in {SCHEMA, f"{SCHEMA}_intermediate"}
                       and table["table_type"] == "BASE TABLE")
        return {name: sorted_rows(engine.fetch(name)[1]) for name in names}

    with pytest.MonkeyPatch.context() as patch:  # dbt's target/ and logs/ beside the engine's file
        patch.setenv("DBT_TARGET_PATH", str(tmp_path / "target"))
        patch.setenv("DBT_LOG_PATH", str(tmp_path / "logs"))
        engine.load_raw_tables("raw", {**tables, "message": first})
        run_dbt(["seed"], engine, schema=SCHEMA, quiet=True)
        run_dbt(["run"], engine, schema=SCHEMA, variables={"as_of": FIRST_AS_OF.isoformat()}, quiet=True)
        engine.load_raw_tables("raw", {**tables, "message": first + later})
        run_dbt(["run"], engine, schema=SCHEMA, variables={"as_of": AS_OF.isoformat()}, quiet=True)
        incremental = tables_now()
        run_dbt(["run", "--full-refresh"], engine, schema=SCHEMA, variables={"as_of": AS_OF.isoformat()}, quiet=True)
        full = tables_now()
    assert f"{SCHEMA}_intermediate.int_messages_joined_to_senders" in full
    assert list(incremental) == list(full)
    different = [name for name in full if incremental[name] != full[name]]
    assert not different, f"differ after the incremental run on DuckDB: {different}"
