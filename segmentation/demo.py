"""`make demo`: start the local warehouse, load the sample, build the project and print what it found.

    python -m segmentation.demo
"""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

import psycopg2

from segmentation import sample_data
from segmentation.dbt_project import DbtError, run_dbt
from segmentation.localdb import DEFAULT_DATA_DIR, LocalDbError, LocalServer, start

SCHEMA = "analytics"


def format_table(title: str, columns: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A plain-text table: numbers right-aligned, nulls blank."""
    cells = [["" if value is None else str(value) for value in row] for row in rows]
    widths = [max([len(column), *(len(row[i]) for row in cells)]) for i, column in enumerate(columns)]
    numeric = [all(isinstance(row[i], int | float | Decimal) for row in rows if row[i] is not None)
               for i in range(len(columns))]

    def line(values: Sequence[str]) -> str:
        padded = (v.rjust(w) if n else v.ljust(w) for v, w, n in zip(values, widths, numeric, strict=True))
        return " | ".join(padded).rstrip()

    rule = "-+-".join("-" * width for width in widths)
    return "\n".join([f"=== {title} ===", line(columns), rule, *(line(row) for row in cells)])


SUMMARY_QUERIES = {
    "PERSONAS": f"select * from {SCHEMA}.persona_summary order by user_count desc, persona",
    **{
        f"{metric.upper()} DISTRIBUTION": (
            f"select segment, user_count, percentage from {SCHEMA}.segment_distribution "
            f"where metric = '{metric}' order by user_count desc, segment"
        )
        for metric in ("Engagement", "Reaction", "Conversation")
    },
    # segments over time: the users who changed persona in the history's last period (entered = new to the cut)
    "PERSONA MIGRATION, LAST PERIOD (from -> to)": (
        "select concat(period_start_date, ' .. ', period_last_date) as period, from_segment as from_persona, "
        "to_segment as to_persona, users, pct_of_from_segment as pct_of_from "
        f"from {SCHEMA}.segment_migration where dimension = 'Persona' and from_segment <> to_segment "
        f"and to_period_end_at = (select max(to_period_end_at) from {SCHEMA}.segment_migration) "
        "order by users desc, from_segment, to_segment"
    ),
}


def print_summary(server: LocalServer) -> None:
    connection = psycopg2.connect(**server.connect_kwargs())
    try:
        with connection.cursor() as cursor:
            for title, query in SUMMARY_QUERIES.items():
                cursor.execute(query)
                columns = [column.name for column in cursor.description]
                print("\n" + format_table(title, columns, cursor.fetchall()))
    finally:
        connection.close()


def step(message: str) -> None:
    print(f"\n>>> {message}", file=sys.stderr, flush=True)


def prepare(data_dir: Path = DEFAULT_DATA_DIR) -> LocalServer:
    """Start the local server on `data_dir`, load the sample into raw and build the marts for its as_of."""
    step("starting the local PostgreSQL")
    server = start(data_dir)
    step(f"loading the sample data into schema raw (as of {sample_data.SAMPLE_AS_OF.isoformat()})")
    connection = psycopg2.connect(**server.connect_kwargs())
    try:
        counts = sample_data.load(connection, "raw")
    finally:
        connection.close()
    print("    " + ", ".join(f"{table}: {count}" for table, count in counts.items()), file=sys.stderr)
    step(f"dbt build into schema {SCHEMA}")
    run_dbt(["build"], server, schema=SCHEMA, variables={"as_of": sample_data.SAMPLE_AS_OF.isoformat()})
    return server


def main() -> int:
    began = time.monotonic()
    try:
        server = prepare()
        print_summary(server)
    except (LocalDbError, DbtError) as error:
        print(f"\ndemo failed: {error}", file=sys.stderr)
        return 1
    print(
        f"\nDone in {time.monotonic() - began:.0f} s. The server keeps running: "
        f'`eval "$(python -m segmentation.localdb env)"` then `dbt ...` or psql; `make stop` stops it.',
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
