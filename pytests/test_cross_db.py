"""Each dispatched engine helper of macros/cross_db/, rendered and run on each engine (`dbt show --inline`):
PostgreSQL (the session's server), DuckDB in-process, and Spark in session mode (marked `spark`: a JVM).

One query per engine holds every case as a column; the time zone is Europe/Berlin, whose clocks went from
02:00 to 03:00 on 2026-03-29 (01:00 UTC) and go back from 03:00 to 02:00 on 2026-10-25 (01:00 UTC)."""

from __future__ import annotations

import math
import re
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from segmentation.dbt_project import run_dbt
from segmentation.engines import DuckDb, Spark

CASES = """
with keyed as (
    select 1 as k, 2 as o, 'b' as v
    union all select 1, 1, 'a'
    union all select 1, cast(null as {{ dbt.type_int() }}), 'z'
    union all select 2, cast(null as {{ dbt.type_int() }}), 'n'
),
first_rows as ({{ first_row_per_key('keyed', 'k', ['o']) }}),
listed as (
    select
        {{ ordered_listagg('case when k = 1 then v end', "', '", 'order by v desc') }} as ones,
        {{ ordered_listagg('case when k = 3 then v end', "', '", 'order by v') }} as threes
    from keyed
),
weeks as (
    select count(*) as week_count, min(cast(week_end as date)) as first_week, max(cast(week_end as date)) as last_week
    from (select 1 as one) as one_row
    cross join {{ date_series("cast('2026-01-05' as date)", "cast('2026-02-02' as date)", 'week', 'week_end') }}
),
months as (
    select count(*) as month_count, max(cast(month_start as date)) as last_month
    from (select 1 as one) as one_row
    cross join {{ date_series("cast('2026-01-01' as date)", "cast('2026-04-01' as date)", 'month', 'month_start') }}
),
no_weeks as (
    -- an end before the start: no row (a history start date after as_of)
    select count(*) as empty_series_count
    from (select 1 as one) as one_row
    cross join {{ date_series("cast('2026-02-02' as date)", "cast('2026-01-05' as date)", 'week', 'week_end') }}
)
{%- set double = "cast('{}' as " ~ type_double() ~ ")" %}
select
    {{ decimal_round('cast(2.5 as ' ~ type_double() ~ ')', 0) }} as half_up,
    {{ decimal_round('cast(-2.5 as ' ~ type_double() ~ ')', 0) }} as half_down,
    {{ decimal_round('cast(0.125 as ' ~ type_double() ~ ')', 2) }} as half_to_cents,
    {#- doubles rounded as PostgreSQL's cast to numeric reads them, at 15 significant digits #}
    {{ decimal_round('100.0 * (' ~ double.format('23') ~ ' / 80)', 1) }} as half_at_15_digits,
    {{ decimal_round(double.format('-28.749999999999996'), 1) }} as negative_half_at_15_digits,
    {{ decimal_round(double.format('28.64999999999995'), 1) }} as below_half_at_15_digits,
    {{ decimal_round(double.format('2.674999999999995'), 2) }} as below_half_cent_at_15_digits,
    {{ decimal_round(double.format('1234567890123.4499'), 1) }} as large_half_at_15_digits,
    {{ decimal_round(double.format('0.00000044999999999999996'), 7) }} as tiny_half_at_15_digits,
    {{ decimal_round(double.format('0'), 1) }} as zero_rounded,
    {{ decimal_round(double.format('-0.04'), 1) }} as negative_zero_rounded,
    {{ decimal_round('cast(null as ' ~ type_double() ~ ')', 1) }} as null_rounded,
    cast(1 as {{ type_double() }}) / 3 as one_third,
    {{ instant('2026-01-01 00:00:00+02:00') }} = {{ instant('2025-12-31 22:00:00+00:00') }} as offsets_kept,
    {{ to_local_timestamp(instant('2026-03-29 00:30:00+00:00')) }} as local_before_dst,
    {{ to_local_timestamp(instant('2026-03-29 01:30:00+00:00')) }} as local_after_dst,
    {{ from_local_timestamp(local('2026-03-29 03:30:00')) }} as instant_after_dst,
    {{ from_local_timestamp(local('2026-03-28 12:00:00')) }} as instant_before_dst,
    {{ local_days_before(instant('2026-03-30 10:00:00+00:00'), 2) }} as two_days_before,
    {{ from_local_timestamp(local('2026-03-29 02:30:00')) }} as instant_skipped,
    {{ from_local_timestamp(local('2026-10-25 02:30:00')) }} as instant_twice,
    {{ local_days_before(instant('2026-10-26 01:30:00+00:00'), 1) }} as day_before_twice,
    {{ local_days_before(instant('2026-10-26 10:00:00+00:00'), 2) }} as two_days_before_winter,
    {{ hours_since_midnight(local('2026-01-01 13:30:36')) }} as hours,
    {{ hours_since_midnight(local('2026-01-01 05:59:41.9')) }} as hours_with_fraction,
    {{ sql_string(var('quoted_text')) }} as quoted_text,
    (select v from first_rows where k = 1) as first_of_one,
    (select v from first_rows where k = 2) as first_of_two,
    (select count(*) from first_rows) as first_rows,
    listed.ones,
    listed.threes,
    weeks.week_count,
    weeks.first_week,
    weeks.last_week,
    months.month_count,
    months.last_month,
    no_weeks.empty_series_count
    {%- if target.type != 'spark' %},  {#- only the incremental models (not on Spark) digest rows #}
    {%- set typed = 'cast({} as ' ~ dbt.type_string() ~ ')' %}
    {%- set a, one = typed.format("'a'"), typed.format("'1'") %}
    {{ row_checksum([a, one]) }} = {{ row_checksum([a, one]) }} as checksum_same,
    {{ row_checksum([a, one]) }} <> {{ row_checksum([a, typed.format("'2'")]) }} as checksum_other_value,
    {{ row_checksum([a, one]) }} <> {{ row_checksum([one, a]) }} as checksum_other_order,
    {{ row_checksum([typed.format('null')]) }} <> {{ row_checksum([typed.format("''")]) }} as checksum_null_apart,
    {{ sql_string(set_work_mem()) }} as work_mem_statement,
    {{ sql_string(refresh_statistics('keyed')) }} as statistics_statement,
    {{ sql_string(refresh_statistics(api.Relation.create(schema='s', identifier='keyed'), ['cast(at as date)'])) }}
        as expression_statistics_statement
    {%- endif %}
from listed
cross join weeks
cross join months
cross join no_weeks
"""
# instant('...') and local('...'): a literal cast to type_instant() or to a timestamp without time zone, as a
# Jinja expression (an inline query defines no macros of its own)
CASES = re.sub(r"(instant|local)\('([^']*)'\)", lambda match: f'"cast(\'{match.group(2)}\' as " ~ '
               + ("type_instant()" if match.group(1) == "instant" else "dbt.type_timestamp()") + ' ~ ")"', CASES)

# a label that would end its literal early on Spark, whose literals read backslash escapes (\' is a quote there),
# and variables that Spark would replace with their values (an environment variable's, a setting's, or '')
QUOTED_TEXT = "x\\', 42 as injected -- it's a \\ and \\n, ${env:HOME} ${spark.app.name} ${x} $5"
EXPECTED = {
    "half_up": 3, "half_down": -3, "half_to_cents": 0.13,
    # PostgreSQL's float8 -> numeric keeps 15 significant digits: 28.749999999999996 is 28.75 (so 28.8); the double
    # 28.64999999999995 is just below that decimal, so 28.6499999999999 (not its shortest digits rounded half up)
    "half_at_15_digits": 28.8, "negative_half_at_15_digits": -28.8, "below_half_at_15_digits": 28.6,
    "below_half_cent_at_15_digits": 2.67, "large_half_at_15_digits": 1234567890123.5,
    "tiny_half_at_15_digits": 0.0000005, "zero_rounded": 0, "negative_zero_rounded": 0, "null_rounded": None,
    "offsets_kept": True,
    "local_before_dst": datetime(2026, 3, 29, 1, 30), "local_after_dst": datetime(2026, 3, 29, 3, 30),
    "instant_after_dst": datetime(2026, 3, 29, 1, 30), "instant_before_dst": datetime(2026, 3, 28, 11, 0),
    # 12:00 on the 30th (summer time) two calendar days back is 12:00 on the 28th, winter time: 47 hours
    "two_days_before": datetime(2026, 3, 28, 11, 0),
    # the seconds' fraction counts: 21581.9 seconds, as PostgreSQL's epoch of the time (a double) divided by 3600
    "hours_with_fraction": 21581.9 / 3600,
    # a local time the clocks skip is read by the offset before the change (+01:00), one they show twice by the
    # offset after it (+01:00 again: the later instant), as PostgreSQL's timezone() reads them
    "instant_skipped": datetime(2026, 3, 29, 1, 30), "instant_twice": datetime(2026, 10, 25, 1, 30),
    # 02:30 on the 26th (winter time) a calendar day back is 02:30 on the 25th, the second one; two days back from
    # 11:00 is 11:00 on the 24th, summer time: 49 hours
    "day_before_twice": datetime(2026, 10, 25, 1, 30), "two_days_before_winter": datetime(2026, 10, 24, 9, 0),
    "first_of_one": "a", "first_of_two": "n", "first_rows": 2,  # nulls last
    "ones": "z, b, a", "threes": None,
    "week_count": 5, "first_week": date(2026, 1, 5), "last_week": date(2026, 2, 2),
    "month_count": 4, "last_month": date(2026, 4, 1), "empty_series_count": 0,
    "quoted_text": QUOTED_TEXT,
}
DIGESTS = {"checksum_same": True, "checksum_other_value": True, "checksum_other_order": True,
           "checksum_null_apart": True}


def analysed_if_rewritten(relation: str, statistics: tuple[str, str] | None = None) -> str:
    """refresh_statistics's analyse, only when the transaction wrote a tenth of the table or more, or the
    expressions' statistics (schema, name) hold nothing."""
    regclass = "'" + relation.replace("'", "''") + "'::regclass"
    empty = (f"or not exists ( select 1 from pg_stats_ext_exprs where statistics_schemaname = '{statistics[0]}' "
             f"and statistics_name = '{statistics[1]}' ) " if statistics else "")
    return (f"do $refresh_statistics$ begin if not current_setting('track_counts')::boolean {empty}"
            f"or ( select coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0) from pg_stat_xact_user_tables "
            f"where relid = {regclass} ) >= 0.1 * (select greatest(reltuples, 0) from pg_class where oid = {regclass}) "
            f"then analyze {relation}; end if; end $refresh_statistics$")


STATEMENTS = {
    "postgres": {
        "work_mem_statement": "set local work_mem = '512MB'", "statistics_statement": analysed_if_rewritten("keyed"),
        "expression_statistics_statement": 'create statistics if not exists "s"."keyed__expressions" '
                                           'on (cast(at as date)) from "s"."keyed"; '
                                           + analysed_if_rewritten('"s"."keyed"', ("s", "keyed__expressions")),
    },
    "duckdb": {"work_mem_statement": "", "statistics_statement": "", "expression_statistics_statement": ""},
}


def normalized(value: object) -> object:
    """Numbers as floats, instants as naive UTC (Spark's are naive in its session zone, UTC); the rest as is."""
    if isinstance(value, Decimal | int) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, datetime) and value.tzinfo:
        return value.astimezone(UTC).replace(tzinfo=None)
    return value


@pytest.fixture(params=["postgres", "duckdb", pytest.param("spark", marks=pytest.mark.spark)])
def target(request, tmp_path):
    if request.param == "postgres":
        return request.getfixturevalue("server")
    engine = {"duckdb": DuckDb, "spark": Spark}[request.param](Path(tmp_path))
    engine.directory.mkdir(parents=True, exist_ok=True)
    return engine


def test_every_cross_db_helper_gives_the_same_values(target, own_dbt_output):
    result = run_dbt(["show", "--inline", CASES, "--limit", "1"], target, quiet=True,
                     variables={"segmentation__time_zone": "Europe/Berlin", "quoted_text": QUOTED_TEXT})
    table = result.result.results[0].agate_table
    row = {name.lower(): normalized(value) for name, value in zip(table.column_names, table.rows[0], strict=True)}
    row |= {name: " ".join(value.split()) for name, value in row.items() if name.endswith("_statement")}
    engine = getattr(target, "target", "postgres") if getattr(target, "target", "local") != "local" else "postgres"
    expected = {**EXPECTED, **({} if engine == "spark" else {**DIGESTS, **STATEMENTS[engine]})}
    assert math.isclose(row.pop("one_third"), 1 / 3, rel_tol=1e-15), "type_double has single precision"
    assert math.isclose(row.pop("hours"), 13.51, rel_tol=1e-12)
    assert {name: normalized(value) for name, value in expected.items()} == row
