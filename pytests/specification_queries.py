"""The specification's queries run on raw tables for the tests: its three as written (NOW() fixed), and Query 3's
persona per user; and the marts compared with what they return, row by row and value by value."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from psycopg2 import sql

from pytests.conftest import fetch
from segmentation.specification import QUERY_FILES, specification_query


def specification_personas_per_user(as_of: datetime) -> str:
    """Query 3's own persona CTE, read per user instead of summarised (the final SELECT swapped): each user's
    persona and avg_hour_of_day, which Query 1 does not return and Query 3 only averages per persona."""
    text = specification_query("personas", as_of)
    ctes = text[: text.rindex("\nSELECT")]
    return ctes + "\nSELECT person_id, persona, avg_hour_of_day FROM user_personas"


QUERIES_BY_NAME = {"personas_per_user": specification_personas_per_user}


def run_specification_query(
    connection, name: str, as_of: datetime, schema: str, time_zone: str = "UTC"
) -> tuple[list[str], list[tuple]]:
    """Run it on the raw tables in `schema`, in a session set to `time_zone`; returns (columns, rows)."""
    with connection.cursor() as cursor:
        cursor.execute(sql.SQL("set search_path to {}").format(sql.Identifier(schema)))
        cursor.execute("select set_config('TimeZone', %s, false)", (time_zone,))
        cursor.execute(specification_query(name, as_of) if name in QUERY_FILES else QUERIES_BY_NAME[name](as_of))
        columns = [column.name for column in cursor.description]
        rows = cursor.fetchall()
        cursor.execute("reset search_path")
        cursor.execute("reset TimeZone")
    connection.rollback()
    return columns, rows


def keyed(columns: list[str], rows: list[tuple], key: tuple[str, ...]) -> dict[tuple, dict[str, object]]:
    """The rows as records by their `key` columns' values, each key once."""
    records = [dict(zip(columns, row, strict=True)) for row in rows]
    by_key = {tuple(record[k] for k in key): record for record in records}
    assert len(by_key) == len(records), f"duplicate {key} in result"
    return by_key


def differences(spec: dict[tuple, dict], marts: dict[tuple, dict], label: Callable[[tuple, dict], str]) -> list[str]:
    """One line per row or value that differs, naming the row, the column and both values."""
    problems = [f"{label(k, spec[k])}: only in the specification's result" for k in spec.keys() - marts.keys()]
    problems += [f"{label(k, marts[k])}: only in the marts" for k in marts.keys() - spec.keys()]
    for k in spec.keys() & marts.keys():
        for column, expected in spec[k].items():
            actual = marts[k][column]
            if actual != expected:
                problems.append(f"{label(k, spec[k])}, column {column}: specification {expected!r}, marts {actual!r}")
    return sorted(problems)


def user_differences(connection, raw_schema: str, schema: str, as_of: datetime, time_zone: str = "UTC",
                     mart: str = "user_segments") -> list[str]:
    """user_segments (or `mart`, a relation of the schema with a condition) against Query 1 (every column) and
    Query 3's per-user columns (persona, avg_hour_of_day)."""
    spec_columns, spec_rows = run_specification_query(connection, "user_metrics", as_of, raw_schema, time_zone)
    per_user_columns, per_user_rows = run_specification_query(
        connection, "personas_per_user", as_of, raw_schema, time_zone
    )
    per_user = {row[0]: row[1:] for row in per_user_rows}
    assert per_user.keys() == {row[0] for row in spec_rows}, "Query 3 and Query 1 segment different users"
    columns = [*spec_columns, *per_user_columns[1:]]
    spec = keyed(columns, [(*row, *per_user[row[0]]) for row in spec_rows], ("person_id",))
    marts = keyed(*fetch(connection, f"select {', '.join(columns)} from {schema}.{mart}"), ("person_id",))
    return differences(spec, marts, lambda key, record: f"user {record['name']!r} (id {key[0]})")
