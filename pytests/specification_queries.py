"""The specification's queries run on raw tables for the tests: its three as written (NOW() fixed), and Query 3's
persona per user."""

from __future__ import annotations

from datetime import datetime

from psycopg2 import sql

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
