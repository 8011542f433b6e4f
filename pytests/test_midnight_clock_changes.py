"""Clock changes at midnight: the marts equal the specification's Query 1 on and after the days they happen.

Some zones change their clocks at midnight. In America/Santiago on 2025-09-07 the clocks go from 00:00 to 01:00:
the day starts at 01:00 (04:00 UTC), and a window of n days before that instant starts at 01:00 n days earlier.
In America/Havana on 2025-11-02 they go back from 01:00 to 00:00: the hour after midnight comes twice, and the day
starts at the second midnight (05:00 UTC), which is when the specification's `NOW() - INTERVAL` puts a window's start
n days later. Users with one message at each such instant, or just before it, are segmented at every period end of a
daily history around the change and as of instants on the day itself, and compared with Query 1 run at each instant
in a session set to the zone, on the messages sent until then (the marts leave later ones out; the query counts
them in the totals). The history built on DuckDB and on Spark (`make test-spark`) equals PostgreSQL's. And a
day the clocks skipped whole (Pacific/Apia, 2011-12-30): windows that start on it, and a daily history over it or
starting the day after it, whose lifecycle_growth steps from the period before the day to the day after.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from pytests.conftest import build_as_of, comparable_rows, fetch
from pytests.lifecycle_count import expected_lifecycle
from pytests.specification_queries import user_differences
from segmentation.dbt_project import dbt_output_in, run_dbt
from segmentation.engines import DuckDb, Spark
from segmentation.raw_tables import load_raw_tables

# a daily history and several as-of builds around each change, in two zones and on two engines (about a minute):
# `make test-slow`, so that `make test` stays under ten minutes
pytestmark = pytest.mark.slow

DAY = timedelta(days=1)
HALF_HOUR = timedelta(minutes=30)


@dataclass(frozen=True)
class Change:
    day: date
    day_start: datetime  # the instant the day starts: its local midnight, as PostgreSQL reads it
    first_instant: datetime  # the first instant with the day's date
    window_starts: tuple[datetime, ...]  # of the 7- and 30-day windows of the period end at day_start


CHANGES = {
    "America/Santiago": Change(
        date(2025, 9, 7), datetime(2025, 9, 7, 4, tzinfo=UTC), datetime(2025, 9, 7, 4, tzinfo=UTC),
        (datetime(2025, 8, 31, 5, tzinfo=UTC), datetime(2025, 8, 8, 5, tzinfo=UTC)),  # 01:00, a day of 24 hours
    ),
    # the windows of the period ends 7 and 30 days later start at day_start
    "America/Havana": Change(
        date(2025, 11, 2), datetime(2025, 11, 2, 5, tzinfo=UTC), datetime(2025, 11, 2, 4, tzinfo=UTC),
        (datetime(2025, 10, 26, 4, tzinfo=UTC), datetime(2025, 10, 3, 4, tzinfo=UTC)),
    ),
}
# a week of period ends before the change and five weeks after it (the 30-day windows of the last reach it)
FIRST_PERIOD, LAST_PERIOD = -7, 36


def tables(change: Change, until: datetime | None = None) -> dict[str, list[tuple]]:
    """Users who pass the message cut with ten messages long before, and whose last messages are at or near the
    instants where the change moves a bound; only the messages sent until `until`, when given."""
    return users_at({
        "at_day_start": [change.day_start],
        "first_of_the_date": [change.first_instant],
        "in_the_first_hour": [change.first_instant + HALF_HOUR],
        "on_the_window_starts": list(change.window_starts),
        "before_the_windows": [start - HALF_HOUR for start in change.window_starts],
    }, change.day_start, until)


def users_at(users: dict[str, list[datetime]], day_start: datetime, until: datetime | None) -> dict[str, list[tuple]]:
    """The raw tables of `users` (name: the instants of their last messages), each with ten messages 60 days
    before day_start, so that they pass the message cut; only the messages sent until `until`, when given."""
    messages: list[tuple] = []
    for person_id, sent in enumerate(users.values(), start=1):
        long_ago = [day_start - 60 * DAY + timedelta(hours=hour) for hour in range(10)]
        messages += [(len(messages) + i + 1, person_id, 1, at, "see you") for i, at in enumerate([*long_ago, *sent])
                     if until is None or at <= until]
    return {
        "persons": [(person_id, name) for person_id, name in enumerate(users, start=1)],
        "person_contacts": [(person_id, person_id) for person_id in range(1, len(users) + 1)],
        "conversation": [(1, "ONE_ON_ONE")],
        "message": messages,
    }


@pytest.fixture(scope="module", params=list(CHANGES))
def zone(request, server, connection) -> str:
    """The users loaded for one zone, and the history built daily around its change, into <city>_history."""
    load_raw_tables(connection, f"raw_{city(request.param)}", tables(CHANGES[request.param]))
    build_history(request.param, server, f"{city(request.param)}_history", f"raw_{city(request.param)}")
    return request.param


def build_history(zone: str, engine, schema: str, raw_schema: str) -> None:
    run_dbt(["run", "--select", "+user_persona_history"], engine, schema=schema, quiet=True,
            variables={**variables(zone), "segmentation__source_schema": raw_schema,
                       "segmentation__as_of": (CHANGES[zone].day_start + LAST_PERIOD * DAY).isoformat()})


def city(zone: str) -> str:
    return zone.split("/")[1].lower()


def variables(zone: str) -> dict[str, str]:
    return {"segmentation__time_zone": zone, "segmentation__history_grain": "day",
            "segmentation__history_start_date": (CHANGES[zone].day + FIRST_PERIOD * DAY).isoformat()}


def test_the_history_equals_query_1_at_each_period_end(zone, connection):
    change, name = CHANGES[zone], city(zone)
    history = f"{name}_history.user_persona_history"
    ends = [row[0] for row in fetch(connection, f"select distinct period_end_at from {history} order by 1")[1]]
    assert change.day_start in ends and max(ends) > change.day_start + 30 * DAY
    problems = []
    for end in ends:
        load_raw_tables(connection, f"raw_{name}_until", tables(change, until=end))
        problems += [f"at {end.isoformat()}: {problem}" for problem in user_differences(
            connection, f"raw_{name}_until", f"{name}_history", end, zone,
            mart=f"user_persona_history where period_end_at = '{end.isoformat()}'",
        )]
    assert not problems, "\n".join(problems)


def test_user_segments_equal_query_1_on_the_day_of_the_change(zone, server, connection):
    """As of the first instant with the day's date, half an hour later (Havana: in the first of the two hours),
    and later that day."""
    change, name = CHANGES[zone], city(zone)
    problems = []
    for as_of in (change.first_instant, change.first_instant + HALF_HOUR, change.day_start + 8 * HALF_HOUR):
        build_as_of(server, f"raw_{name}", f"{name}_as_of", as_of, variables(zone))
        load_raw_tables(connection, f"raw_{name}_until", tables(change, until=as_of))
        problems += [f"as of {as_of.isoformat()}: {problem}"
                     for problem in user_differences(connection, f"raw_{name}_until", f"{name}_as_of", as_of, zone)]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("engine_class", [DuckDb, pytest.param(Spark, marks=pytest.mark.spark)],
                         ids=["duckdb", "spark"])
def test_the_history_on_duckdb_and_spark_equals_postgresql(zone, connection, tmp_path, engine_class):
    """Spark reads a local time shown twice (Havana's midnight) as the earlier instant unless told otherwise
    (from_local_timestamp)."""
    engine = engine_class(tmp_path)
    engine.load_raw_tables("raw", tables(CHANGES[zone]))
    with dbt_output_in(tmp_path):
        build_history(zone, engine, "history", "raw")
    built = comparable_rows(*engine.fetch("history.user_persona_history"))
    postgresql = comparable_rows(*fetch(connection, f"select * from {city(zone)}_history.user_persona_history"))
    assert built == postgresql


def test_an_as_of_between_two_midnights_ends_the_history_at_the_midnight_before(server, connection):
    """Found by a review: as of 00:30 the first time in America/Havana on 2025-11-02, the history held the period
    end at the second midnight, after as_of, computed from the messages sent until as_of."""
    change = CHANGES["America/Havana"]
    as_of = change.first_instant + HALF_HOUR
    load_raw_tables(connection, "raw_havana_first", tables(change))
    run_dbt(["run", "--select", "+user_persona_history", "+lifecycle_growth", "+segment_distribution_history"],
            server, schema="havana_first", quiet=True,
            variables={**variables("America/Havana"), "segmentation__source_schema": "raw_havana_first",
                       "segmentation__as_of": as_of.isoformat()})
    for mart in ("user_persona_history", "lifecycle_growth", "segment_distribution_history"):
        last = fetch(connection, f"select max(period_end_at) from havana_first.{mart}")[1][0][0]
        assert last == change.first_instant - DAY, mart  # the start of 2025-11-01


# Pacific/Apia skipped 2011-12-30 whole: 2011-12-29 23:59:59 (UTC-10) was followed by 2011-12-31 00:00 (UTC+14).
# The specification's NOW() - INTERVAL 'n days', at 12:00 n days after the skipped day, is 2011-12-31 12:00 (the
# clock time that does not exist, moved on by the 24 hours skipped): the window starts half way through the day
# after its first, which the timeline reads whole. And the skipped day starts when the next one does: a daily
# history has one period end there, not two at the same instant.
APIA = "Pacific/Apia"
APIA_DAY_AFTER = datetime(2011, 12, 30, 10, tzinfo=UTC)  # 2011-12-31 00:00 in Apia
APIA_AS_OF = APIA_DAY_AFTER + 32 * DAY


def apia_tables(until: datetime | None = None) -> dict[str, list[tuple]]:
    """Users whose last message is an hour before, at and after the first instant of the day after the skipped
    one, before, at and after 12:00 that day, and one the day before and the day after; only the messages sent
    until `until`, when given."""
    users = {f"at {hours:+d} h": [APIA_DAY_AFTER + timedelta(hours=hours)] for hours in (-1, 0, 6, 12, 18, 24)}
    users["at -1 h and +6 h"] = [APIA_DAY_AFTER - timedelta(hours=1), APIA_DAY_AFTER + timedelta(hours=6)]
    return users_at(users, APIA_DAY_AFTER, until)


def test_a_window_whose_first_day_the_clocks_skipped_starts_where_query_1_starts_it(server, connection):
    """As of 12:00 seven and thirty days after the skipped day."""
    load_raw_tables(connection, "raw_apia", apia_tables())
    problems = []
    for days in (7, 30):
        as_of = APIA_DAY_AFTER + timedelta(hours=12) + (days - 1) * DAY  # 12:00, days after the skipped day
        build_as_of(server, "raw_apia", "apia_as_of", as_of, {"segmentation__time_zone": APIA})
        problems += [f"as of {as_of.isoformat()}: {problem}"
                     for problem in user_differences(connection, "raw_apia", "apia_as_of", as_of, APIA)]
    assert not problems, "\n".join(problems)


@pytest.fixture(scope="module")
def apia_history(server, connection) -> list[tuple[date, date, datetime]]:
    """A daily history over the skipped day, into apia_history; its periods (first day, last day, end). Built up
    to the skipped day's period, then on from the day after by an incremental run, which reads from the period
    before it."""
    load_raw_tables(connection, "raw_apia", apia_tables())
    for as_of in (APIA_DAY_AFTER + timedelta(hours=12), APIA_AS_OF):
        run_dbt(["run", "--select", "+user_persona_history", "+lifecycle_growth"], server, schema="apia_history",
                quiet=True, variables={"segmentation__time_zone": APIA, "segmentation__history_grain": "day",
                                       "segmentation__history_start_date": "2011-12-26",
                                       "segmentation__source_schema": "raw_apia",
                                       "segmentation__as_of": as_of.isoformat()})
    return fetch(connection, "select period_start_date, period_last_date, period_end_at "
                             "from apia_history_intermediate.int_history_periods order by period_end_at")[1]


def test_a_daily_history_over_a_skipped_day_equals_query_1_at_each_period_end(apia_history, connection):
    ends = [end for _, _, end in apia_history]
    # the starts of 2011-12-26 .. 2012-02-01, one of them twice
    assert APIA_DAY_AFTER in ends and len(ends) == len(set(ends)) == 37
    problems = []
    for end in ends:
        load_raw_tables(connection, "raw_apia_until", apia_tables(until=end))
        problems += [f"at {end.isoformat()}: {problem}" for problem in user_differences(
            connection, "raw_apia_until", "apia_history", end, APIA,
            mart=f"user_persona_history where period_end_at = '{end.isoformat()}'",
        )]
    assert not problems, "\n".join(problems)


def lifecycle_by_period(connection, schema: str) -> dict[date, dict[str, int]]:
    """lifecycle_growth's counts per period start, as expected_lifecycle gives them."""
    columns, rows = fetch(connection, "select period_start_date, active_users, new_users, returning_users, "
                                      "resurrected_users, churned_users, previous_active_users "
                                      f"from {schema}.lifecycle_growth order by period_start_date")
    return {row[0]: dict(zip(columns[1:], row[1:], strict=True)) for row in rows}


def test_lifecycle_growth_steps_over_a_skipped_day_by_the_history_periods(apia_history, connection):
    """The skipped day's period is the one before the day after: users active in both are returning, not
    resurrected, and those active only before it churn on the day after."""
    periods = [(start, last) for start, last, _ in apia_history]
    before = periods[0][0] - DAY
    tables = apia_tables()
    expected = expected_lifecycle(tables, {person_id for person_id, _ in tables["persons"]}, ZoneInfo(APIA), APIA_AS_OF,
                                  [(before, before), *periods])
    assert lifecycle_by_period(connection, "apia_history") == expected
    day_after = expected[APIA_DAY_AFTER.astimezone(ZoneInfo(APIA)).date()]
    assert day_after["returning_users"] == 1 and day_after["churned_users"] == 1, "the data prove less"


# a daily history whose first period end is the start of the day after the skipped one (its period holds the day
# before and the skipped day), or the end of that day after; the periods (first day, last day) before and first,
# and some of the first's counts: the users whose last message is an hour before the day after are active in it, or
# returning and churned
@pytest.mark.parametrize(("start_date", "before", "first", "first_counts"), [
    (date(2011, 12, 31), (date(2011, 12, 28), date(2011, 12, 28)), (date(2011, 12, 29), date(2011, 12, 30)),
     {"active_users": 2, "resurrected_users": 2}),
    (date(2012, 1, 1), (date(2011, 12, 29), date(2011, 12, 30)), (date(2011, 12, 31), date(2011, 12, 31)),
     {"returning_users": 1, "churned_users": 1}),
], ids=["ending_the_day_after", "ending_after_it"])
def test_a_daily_history_starting_at_a_skipped_day_has_its_period_and_the_one_before(
        start_date, before, first, first_counts, server, connection):
    """The first period holds every day that ends at its end, and lifecycle_growth's period before it steps back
    over the skipped day: users active then and in the first period are returning, those active only then churn."""
    load_raw_tables(connection, "raw_apia", apia_tables())
    run_dbt(["run", "--select", "+lifecycle_growth"], server, schema="apia_from_the_skip", quiet=True,
            variables={"segmentation__time_zone": APIA, "segmentation__history_grain": "day",
                       "segmentation__history_start_date": start_date.isoformat(),
                       "segmentation__source_schema": "raw_apia", "segmentation__as_of": APIA_AS_OF.isoformat()})
    periods = fetch(connection, "select period_start_date, period_last_date "
                                "from apia_from_the_skip_intermediate.int_history_periods order by 1")[1]
    assert periods[0] == first
    tables = apia_tables()
    expected = expected_lifecycle(tables, {person_id for person_id, _ in tables["persons"]}, ZoneInfo(APIA), APIA_AS_OF,
                                  [before, *periods])
    assert lifecycle_by_period(connection, "apia_from_the_skip") == expected
    assert first_counts.items() <= expected[first[0]].items(), "the data prove less"
