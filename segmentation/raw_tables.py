"""The four raw tables the specification's SQL reads, and a fast loader for them.

Only the columns the project reads are created here; a real warehouse may have
more, and the models never select columns they do not need.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping, Sequence

from psycopg2 import errors, sql

RAW_TABLES: dict[str, str] = {
    "persons": "id bigint, name text",
    "person_contacts": "id bigint, person_id bigint",
    "conversation": "id bigint, type text",
    "message": "id bigint, sender_person_contact_id bigint, conversation_id bigint, "
    "provider_timestamp timestamptz, content text",
}

Rows = Sequence[Sequence[object]]


def raw_columns(table: str) -> list[tuple[str, str]]:
    """(name, PostgreSQL type) of each column of a raw table, in order."""
    return [tuple(definition.split()) for definition in RAW_TABLES[table].split(", ")]


# The comment on every schema created here. A load replaces such a schema, or one that holds nothing, and no other:
# never the `raw` of a user's real data on their warehouse (a `make demo` with DBT_TARGET exported for it dropped
# that whole). On the local server, the project's own, it also replaces a schema that an older version loaded.
LOADED_MARK = "raw tables loaded by segmentation/raw_tables.py: each load replaces this schema whole"


class RawSchemaInUse(RuntimeError):
    """The schema to load holds objects that were not created here."""


def create_raw_tables(cursor, schema: str, replace_unmarked: bool = False) -> None:
    """(Re)create the schema and the four empty tables; keys are not constrained, as in many raw layers. A schema
    that exists is replaced if it was created here (LOADED_MARK) or `replace_unmarked`; any other is dropped only
    if nothing depends on it, else RawSchemaInUse says what it holds."""
    name = sql.Identifier(schema)
    cursor.execute("select obj_description(oid, 'pg_namespace') = %s from pg_namespace where nspname = %s",
                   (LOADED_MARK, schema))
    found = cursor.fetchone()
    if found is not None and not (found[0] or replace_unmarked):
        cursor.execute("savepoint before_drop")
        try:
            cursor.execute(sql.SQL("drop schema {}").format(name))  # without cascade: refused if anything is in it
        except errors.DependentObjectsStillExist as error:
            cursor.execute("rollback to savepoint before_drop")
            held = "; ".join((error.diag.message_detail or "").splitlines()[:5])
            raise RawSchemaInUse(
                f"schema {schema} of database {cursor.connection.info.dbname} holds objects that were not loaded"
                f" here ({held}): a load replaces the schema whole, so nothing was changed. Load into another"
                f" database (or, with `segmentation sample-data load`, another schema: --schema); if they are"
                f" scratch, run `drop schema {name.as_string(cursor)} cascade` yourself and load again") from None
    cursor.execute(sql.SQL("drop schema if exists {} cascade").format(name))
    cursor.execute(sql.SQL("create schema {}").format(name))
    cursor.execute(sql.SQL("comment on schema {} is {}").format(name, sql.Literal(LOADED_MARK)))
    for table, columns in RAW_TABLES.items():
        statement = sql.SQL("create table {}.{} (" + columns + ")")
        cursor.execute(statement.format(name, sql.Identifier(table)))


def _csv_field(value: object) -> str:
    # Unquoted empty is NULL in COPY's csv format; everything else is quoted, so '' stays ''.
    return "" if value is None else '"' + str(value).replace('"', '""') + '"'


def to_csv(rows: Iterable[Sequence[object]]) -> str:
    """Rows as CSV without a header, in which an unquoted empty field is NULL and every value is quoted."""
    return "".join(",".join(_csv_field(value) for value in row) + "\n" for row in rows)


def copy_rows(cursor, schema: str, table: str, rows: Iterable[Sequence[object]]) -> None:
    """Bulk-load rows with COPY; None becomes NULL, every other value is loaded as written."""
    buffer = io.StringIO(to_csv(rows))
    statement = sql.SQL("copy {}.{} from stdin with (format csv)").format(
        sql.Identifier(schema), sql.Identifier(table)
    )
    cursor.copy_expert(statement.as_string(cursor.connection), buffer)


def load_raw_tables(connection, schema: str, tables: Mapping[str, Rows],
                    replace_unmarked: bool = False) -> dict[str, int]:
    """Replace the raw schema with these rows (every table created, missing ones left empty; create_raw_tables says
    which schema is replaced); returns row counts."""
    with connection.cursor() as cursor:
        create_raw_tables(cursor, schema, replace_unmarked)
        for table in RAW_TABLES:
            copy_rows(cursor, schema, table, tables.get(table, ()))
        cursor.execute(sql.SQL("analyze {}.message").format(sql.Identifier(schema)))
    connection.commit()
    return {table: len(tables.get(table, ())) for table in RAW_TABLES}
