"""The four raw tables the specification's SQL reads, and a fast loader for them.

Only the columns the project reads are created here; a real warehouse may have
more, and the models never select columns they do not need.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping, Sequence

from psycopg2 import sql

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


def create_raw_tables(cursor, schema: str) -> None:
    """(Re)create the schema and the four empty tables; keys are not constrained, as in many raw layers."""
    cursor.execute(sql.SQL("drop schema if exists {} cascade").format(sql.Identifier(schema)))
    cursor.execute(sql.SQL("create schema {}").format(sql.Identifier(schema)))
    for table, columns in RAW_TABLES.items():
        statement = sql.SQL("create table {}.{} (" + columns + ")")
        cursor.execute(statement.format(sql.Identifier(schema), sql.Identifier(table)))


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


def load_raw_tables(connection, schema: str, tables: Mapping[str, Rows]) -> dict[str, int]:
    """Replace the raw schema with these rows (every table created, missing ones left empty); returns row counts."""
    with connection.cursor() as cursor:
        create_raw_tables(cursor, schema)
        for table in RAW_TABLES:
            copy_rows(cursor, schema, table, tables.get(table, ()))
        cursor.execute(sql.SQL("analyze {}.message").format(sql.Identifier(schema)))
    connection.commit()
    return {table: len(tables.get(table, ())) for table in RAW_TABLES}
