"""`make demo`: start the local warehouse, load the sample, build the project and print what it found.

    segmentation demo [--target local] [--data-dir DIR]

The local server unless --target names another target of the profile (segmentation.targets), whatever DBT_TARGET
says: a shell set up for the warehouse does not send the sample there. On another target the sample replaces the
schema `raw` of its database and the marts are built into the target's schema, which must hold nothing, or an
earlier demo's marts: never marts of the user's own data.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

import psycopg2
from psycopg2 import sql

from segmentation import PERSONA_DIMENSION, sample_data, step
from segmentation.dbt_project import DbtError, run_dbt
from segmentation.localdb import DEFAULT_DATA_DIR, LocalDbError
from segmentation.raw_tables import RawSchemaInUse
from segmentation.targets import LOCAL, Target, TargetError, add_target_arguments, resolve

RAW_SCHEMA = "raw"  # the default of var segmentation__source_schema


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


# {schema} is the target's schema
PERSONAS_QUERY = "select * from {schema}.persona_summary order by user_count desc, persona"
# one table per label dimension of segment_distribution (the rule registry's, macros/rules/rule_sets.sql)
DISTRIBUTION_QUERY = ("select segment, user_count, percentage from {schema}.segment_distribution "
                      "where metric = %s order by user_count desc, segment")
# segments over time: the users who changed persona in the history's last period (entered = new to the cut)
MIGRATION_QUERY = (
    "select concat(period_start_date, ' .. ', period_last_date) as period, from_segment as from_persona, "
    "to_segment as to_persona, users, pct_of_from_segment as pct_of_from "
    "from {schema}.segment_migration where dimension = %s and from_segment <> to_segment "
    "and to_period_end_at = (select max(to_period_end_at) from {schema}.segment_migration) "
    "order by users desc, from_segment, to_segment"
)


def print_summary(target: Target) -> None:
    connection = psycopg2.connect(**target.connect_kwargs())
    schema = sql.Identifier(target.schema)

    def print_table(title: str, query: str, params: Sequence[object] = ()) -> None:
        cursor.execute(sql.SQL(query).format(schema=schema), params)
        columns = [column.name for column in cursor.description]
        print("\n" + format_table(title, columns, cursor.fetchall()))

    try:
        with connection.cursor() as cursor:
            print_table("PERSONAS", PERSONAS_QUERY)
            cursor.execute(sql.SQL("select distinct metric from {schema}.segment_distribution order by metric")
                           .format(schema=schema))
            for (metric,) in cursor.fetchall():
                print_table(f"{metric.upper()} DISTRIBUTION", DISTRIBUTION_QUERY, (metric,))
            print_table("PERSONA MIGRATION, LAST PERIOD (from -> to)", MIGRATION_QUERY, (PERSONA_DIMENSION,))
    finally:
        connection.close()


class MartsOfOtherData(RuntimeError):
    """The target's schema holds relations that are not the sample's marts: they may be the user's."""


def refuse_marts_of_other_data(connection, target: Target) -> None:
    """Raise MartsOfOtherData when the target's schema holds tables or views and they are not the marts of an
    earlier demo, whose persona_definitions is as of the sample's instant: the demo would replace marts built from
    the user's own data (whatever was loaded into the database's raw)."""
    schema = sql.Identifier(target.schema)
    with connection.cursor() as cursor:
        cursor.execute("select count(*), count(*) filter (where relname = 'persona_definitions') from pg_class"
                       " join pg_namespace on pg_namespace.oid = relnamespace"
                       " where nspname = %s and relkind in ('r', 'p', 'v', 'm', 'f')", (target.schema,))
        held, definitions = cursor.fetchone()
        instants = set()
        if definitions:
            cursor.execute(sql.SQL("select distinct as_of from {}.persona_definitions").format(schema))
            instants = {as_of for (as_of,) in cursor.fetchall()}
    if held and instants != {sample_data.SAMPLE_AS_OF}:
        raise MartsOfOtherData(
            f"schema {target.schema} of target {target.target} holds {held} "
            f"{'table or view that is' if held == 1 else 'tables or views that are'} not the sample's marts (an "
            f"earlier demo's, which the demo may replace, have a persona_definitions as of "
            f"{sample_data.SAMPLE_AS_OF.isoformat()}): the demo would replace {'it' if held == 1 else 'them'} with "
            f"the sample's, so nothing was changed. Give the demo a schema of its own (DBT_SCHEMA=demo), or run it on "
            f"the local server (make demo)")


def prepare(target_name: str | None = None, data_dir: Path = DEFAULT_DATA_DIR,
            variables: dict[str, object] | None = None) -> Target:
    """Reach the target (the local server: started on `data_dir`), load the sample into its schema raw and build
    the marts for the sample's as_of, with `variables` (dbt's --vars) if given, into the target's schema."""
    name = target_name or LOCAL
    step("starting the local PostgreSQL" if name == LOCAL else f"reaching target {name}")
    target = resolve(name, data_dir)
    connection = psycopg2.connect(**target.connect_kwargs())
    try:
        if target.local is None:
            refuse_marts_of_other_data(connection, target)
        step(f"loading the sample data into schema {RAW_SCHEMA} (as of {sample_data.SAMPLE_AS_OF.isoformat()})")
        counts = sample_data.load(connection, RAW_SCHEMA, replace_unmarked=target.local is not None)
    finally:
        connection.close()
    print("    " + ", ".join(f"{table}: {count}" for table, count in counts.items()), file=sys.stderr)
    step(f"dbt build --target {target.target} into schema {target.schema}")
    run_dbt(["build"], target, schema=target.schema,
            variables={"segmentation__as_of": sample_data.SAMPLE_AS_OF.isoformat(), **(variables or {})})
    return target


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_target_arguments(parser, default=f"{LOCAL}, whatever DBT_TARGET says")


def run(args: argparse.Namespace) -> int:
    began = time.monotonic()
    try:
        target = prepare(args.target, args.data_dir.resolve())
        print_summary(target)
    except (LocalDbError, TargetError, RawSchemaInUse, MartsOfOtherData, DbtError, psycopg2.Error) as error:
        print(f"\ndemo failed: {error}", file=sys.stderr)
        return 1
    print(f"\nDone in {time.monotonic() - began:.0f} s.", file=sys.stderr)
    if target.local:
        # dbt follows an exported DBT_TARGET, which the demo does not
        dbt = "dbt ..." if os.environ.get("DBT_TARGET", LOCAL) in ("", LOCAL) else "dbt ... --target local"
        print(f'The server keeps running: `eval "$(.venv/bin/segmentation localdb env)"`, then `{dbt}` with the '
              'virtualenv active, or `psql -h "$LOCALDB_HOST" -U postgres segmentation`; `make stop` stops it.',
              file=sys.stderr)
    return 0
