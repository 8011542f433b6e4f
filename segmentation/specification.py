"""The specification's three queries, run as written: only NOW() is replaced by a fixed instant.

The verbatim copies live in analyses/specification/; pytests/test_specification_copies.py checks them
against the specification document when it is present.
"""

from __future__ import annotations

import re
from datetime import datetime

from psycopg2 import sql

from segmentation import PROJECT_ROOT

QUERY_FILES = {
    "user_metrics": PROJECT_ROOT / "analyses/specification/query_1_user_behavioral_metrics.sql",
    "segment_distribution": PROJECT_ROOT / "analyses/specification/query_2_segment_distribution.sql",
    "personas": PROJECT_ROOT / "analyses/specification/query_3_user_personas.sql",
}


def specification_query(name: str, as_of: datetime) -> str:
    """Query `name` with NOW() fixed at `as_of` and Query 1's LIMIT 100 dropped (the marts keep every user)."""
    if as_of.tzinfo is None:
        raise ValueError("as_of needs a time zone")
    text = QUERY_FILES[name].read_text()
    text = text.replace("NOW()", f"'{as_of.isoformat()}'::timestamptz")
    text = re.sub(r"\n\s*LIMIT 100;", "\n;", text)
    return text.strip().rstrip(";")


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
