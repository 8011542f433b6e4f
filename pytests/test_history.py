"""The history at a period end T equals a fresh as-of build at T, for every user, both ways.

The history is built once per configuration (grain, time zone); then, for a few of its period ends T, the
segmentation is built again with as_of = T into its own schema, and user_segments is compared with the
history's rows for T: the same users, and for each the same labels, persona and metrics. The edge-case data
set has messages exactly at UTC midnights; with_probes() adds users around chosen period ends in UTC and in
America/New_York (messages exactly at T, on the first instant of the 7-day window and just before it, across
the daylight-saving change of 2026-03-08), so a period end that dropped the messages sent exactly at T, or a
window measured in hours instead of calendar days, fails here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest

from pytests import edge_cases
from pytests.conftest import build_as_of, fetch, without_run_stamps
from segmentation import sample_data
from segmentation.dbt_project import describe_failure, run_dbt
from segmentation.raw_tables import load_raw_tables

NEW_YORK = ZoneInfo("America/New_York")
SECOND = timedelta(seconds=1)
DAY = timedelta(days=1)
# Period ends to probe: Mondays, one the end of the week in which New York moved its clocks forward
# (Sunday 2026-03-08, 02:00), one a week before, in winter time, and the first period end of a history that
# starts after the data does (week_new_york), whose 30-day window reaches the first day the timeline reads.
PROBE_ENDS = [
    ("utc", datetime(2026, 3, 9, tzinfo=UTC)),
    ("new_york", datetime(2026, 3, 9, tzinfo=NEW_YORK)),
    ("new_york_winter", datetime(2026, 3, 2, tzinfo=NEW_YORK)),
    ("new_york_first", datetime(2026, 2, 9, tzinfo=NEW_YORK)),
]

# Columns of user_segments that user_persona_history holds too.
COMPARED = [
    "name", "engagement_level", "reaction_behavior", "conversation_preference", "persona",
    "total_messages_sent", "messages_last_30d", "messages_last_7d", "total_reactions", "messages_1on1",
    "messages_group", "last_message_date", "days_since_last_message", "avg_hour_of_day",
]


def local_days_before(instant: datetime, days: int, zone) -> datetime:
    """The same wall-clock time `days` calendar days earlier in `zone` (what local_days_before computes)."""
    local = instant.astimezone(zone)
    return datetime.combine(local.date() - days * DAY, local.time(), tzinfo=zone)


def with_probes() -> dict[str, list[tuple]]:
    """The edge cases, plus users whose labels at the probe period ends hinge on one message."""
    b = edge_cases.EdgeCaseBuilder()
    base = edge_cases.build()
    b.persons, b.contacts, b.messages = list(base["persons"]), list(base["person_contacts"]), list(base["message"])
    for label, end in PROBE_ENDS:
        week_start = local_days_before(end, 7, end.tzinfo)
        month_start = local_days_before(end, 30, end.tzinfo)
        # eligible only through a message sent exactly at T; which also makes days_since 0 and hour 0
        b.user(f"{label}_cut_at_end", (10, end - 40 * DAY), (1, end, edge_cases.GROUP), old=0)
        # Active (20 in 7 days) only when the message at T counts, the first one sitting on the window start
        b.user(f"{label}_active_at_end", (1, week_start), (18, end - DAY), (1, end), old=0)
        # ... and the same one second before the window: Moderate
        b.user(f"{label}_active_one_out", (1, week_start - SECOND), (18, end - DAY), (1, end), old=0)
        # inside 7 x 24 hours before T, but not inside the 7 calendar days when the clocks moved in between
        b.user(f"{label}_hours_not_days", (5, end.astimezone(UTC) - 7 * DAY + timedelta(minutes=30)),
               (15, end - 40 * DAY), old=0)
        # Low (5 in 30 days) with the first on the 30-day window start, and a reaction exactly at T
        b.user(f"{label}_low_at_end", (4, month_start), (1, end, edge_cases.GROUP, "Loved “dinner”"),
               long_ago=0, old=12)
        # a message exactly at T and others exactly at the midnight before: two calendar days
        b.user(f"{label}_midnights", (12, end - DAY), (1, end), old=0)
        # every message exactly at T: segmented from T on, with T the day of the first activity
        b.user(f"{label}_only_at_end", (11, end), old=0)
    return b.tables()


CONFIGURATIONS = {
    # name: (extra vars, period ends to rebuild at, as local wall-clock dates, the zone)
    # the probes, and the edge cases' messages at UTC midnight 30 days before their as_of
    "day_utc": ({"segmentation__history_grain": "day"}, ["2026-03-09", "2026-02-13"], UTC),
    # from a Wednesday on: the history starts with the Monday after it
    "week_new_york": (
        {"segmentation__history_grain": "week", "segmentation__time_zone": "America/New_York",
         "segmentation__history_start_date": "2026-02-04"},
        ["2026-03-09", "2026-03-02", "2026-02-09"], NEW_YORK,
    ),
    "month_utc": ({"segmentation__history_grain": "month"}, ["2026-03-01"], UTC),
}


def history_differences(connection, history_schema: str, as_of_schema: str, period_end: datetime) -> list[str]:
    """One line per user or value that differs between user_segments and the history's rows for period_end."""
    columns = ", ".join(["person_id", *COMPARED])
    fresh = {row[0]: row for row in fetch(connection, f"select {columns} from {as_of_schema}.user_segments")[1]}
    history = {
        row[0]: row
        for row in fetch(
            connection,
            f"select {columns} from {history_schema}.user_persona_history where period_end_at = %s",
            (period_end,),
        )[1]
    }
    at = period_end.isoformat()
    problems = [f"user {fresh[i][1]!r} (id {i}) at {at}: segmented by the as-of build, not in the history"
                for i in fresh.keys() - history.keys()]
    problems += [f"user {history[i][1]!r} (id {i}) at {at}: in the history, not segmented by the as-of build"
                 for i in history.keys() - fresh.keys()]
    for person_id in fresh.keys() & history.keys():
        for column, expected, actual in zip(COMPARED, fresh[person_id][1:], history[person_id][1:], strict=True):
            if expected != actual:
                problems.append(f"user {fresh[person_id][1]!r} (id {person_id}) at {at}, column {column}: "
                                f"as-of build {expected!r}, history {actual!r}")
    return sorted(problems)


@pytest.fixture(scope="module")
def probes_raw(connection) -> str:
    load_raw_tables(connection, "raw_history_probes", with_probes())
    return "raw_history_probes"


def period_ends(dates: Iterable[str], zone) -> list[datetime]:
    return [datetime.fromisoformat(day).replace(tzinfo=zone) for day in dates]


@pytest.mark.parametrize("configuration", list(CONFIGURATIONS))
def test_history_equals_a_fresh_as_of_build_at_each_period_end(configuration, probes_raw, server, connection):
    variables, dates, zone = CONFIGURATIONS[configuration]
    schema = f"history_{configuration}"
    run_dbt(["build", "--select", "+user_persona_history", "--exclude-resource-type", "test", "unit_test"],
            server, schema=schema, quiet=True,
            variables={**variables, "segmentation__source_schema": probes_raw,
                       "segmentation__as_of": edge_cases.AS_OF.isoformat()})
    periods = f"select period_end_at from {schema}_intermediate.int_history_periods"
    stored = {row[0] for row in fetch(connection, periods)[1]}
    if "segmentation__history_start_date" in variables:
        start = date.fromisoformat(variables["segmentation__history_start_date"])
        first = datetime.combine(start + timedelta(days=-start.weekday() % 7), datetime.min.time(), zone)
        assert min(stored) == first, f"the history starts at {min(stored)}, not at the Monday {first} on/after {start}"
    problems = []
    for index, period_end in enumerate(period_ends(dates, zone)):
        assert period_end in stored, f"{period_end.isoformat()} is not a period end of the {configuration} history"
        at_midnight = fetch(connection, f"select count(*) from {probes_raw}.message where provider_timestamp = %s",
                            (period_end,))[1][0][0]
        assert at_midnight, f"no message sits exactly at {period_end.isoformat()}: the comparison would prove less"
        as_of_schema = f"{schema}_at_{index}"
        build_as_of(server, probes_raw, as_of_schema, period_end, variables)
        count = fetch(connection, f"select count(*) from {as_of_schema}.user_segments")[1][0][0]
        assert count > 20, f"too few users segmented at {period_end.isoformat()} for the comparison to prove much"
        problems += history_differences(connection, schema, as_of_schema, period_end)
    assert not problems, "\n".join(problems)


def test_history_equals_a_fresh_as_of_build_on_the_sample(build_project, server, connection):
    """On the sample (weekly, UTC), at the last period end, where every persona is present."""
    build = build_project("sample", sample_data.generate(), sample_data.SAMPLE_AS_OF)
    last = fetch(connection, f"select max(period_end_at) from {build.schema}.user_persona_history")[1][0][0]
    build_as_of(server, build.raw_schema, "history_sample_at_last", last, {})
    problems = history_differences(connection, build.schema, "history_sample_at_last", last)
    assert not problems, "\n".join(problems)
    personas = fetch(connection, f"select count(distinct persona) from {build.schema}.user_persona_history "
                                 "where period_end_at = %s", (last,))[1][0][0]
    assert personas >= 9, "the sample's last period should hold (nearly) every persona"


def test_as_of_marts_are_the_same_without_the_history(build_project, server, connection):
    """The as-of path alone (`--exclude tag:history`) starts the timeline 30 days before as_of and reads the days
    before as one opening balance per person; the full build starts it before the history's first period end.
    Every table of the as-of path in the target schema (the marts) equals the full build's, on the sample, whose
    users wrote for months."""
    build = build_project("sample", sample_data.generate(), sample_data.SAMPLE_AS_OF)
    schema = "sample_without_history"
    run_dbt(["run", "--exclude", "tag:history"], server, schema=schema, quiet=True, variables=build.variables)
    tables = {row[0] for row in fetch(connection, "select table_name from information_schema.tables "
                                                  "where table_schema = %s", (schema,))[1]}
    assert {"user_segments", "user_time_of_day", "persona_summary"} <= tables
    assert not tables & {"user_persona_history", "segment_migration"}, "the history was built: nothing is proven"
    users = fetch(connection, f"select count(*) from {schema}.user_segments")[1][0][0]
    assert users > 20, "too few segmented users for the comparison to prove much"
    problems = []
    for table in sorted(tables):
        full_columns, full_rows = without_run_stamps(*fetch(connection, f"select * from {build.schema}.{table}"))
        columns, rows = without_run_stamps(*fetch(connection, f"select * from {schema}.{table}"))
        assert columns == full_columns, table
        with_history, without = Counter(full_rows), Counter(rows)
        if with_history != without:
            problems.append(f"{table} ({', '.join(columns)}): with the history {list(with_history - without)[:2]}, "
                            f"without it {list(without - with_history)[:2]}")
    assert not problems, "\n".join(problems)


def test_the_as_of_marts_read_both_halves_built_at_different_instants(build_project, server, connection):
    """A selection that rebuilds one half of the timeline at another as_of (here half 0, a day later; `dbt retry`
    of a failed half with an empty as_of does the same) leaves each half's as_of rows at their own instant: the
    as-of marts read them all (is_in_as_of_slice), not only the half at the latest instant."""
    build = build_project("sample", sample_data.generate(), sample_data.SAMPLE_AS_OF)
    schema, intermediate = "sample_halves_apart", "sample_halves_apart_intermediate"
    run_dbt(["run", "--exclude", "tag:history"], server, schema=schema, quiet=True, variables=build.variables)
    later = {**build.variables, "segmentation__as_of": (sample_data.SAMPLE_AS_OF + DAY).isoformat()}
    run_dbt(["run", "--select", "int_persons_activity_aggregated_half_0+", "--exclude", "tag:history"], server,
            schema=schema, quiet=True, variables=later)
    instants = fetch(connection, "select count(distinct observed_at) "
                                 f"from {intermediate}.int_persons_activity_aggregated where is_as_of")[1][0][0]
    assert instants == 2, "the halves hold one as_of: nothing is proven"
    _, labelled = fetch(connection, f"select person_id from {intermediate}.int_users_segmented_over_time "
                                    "where is_as_of")
    _, users = fetch(connection, f"select person_id from {intermediate}.int_users_segmented")
    assert sorted(users) == sorted(labelled)
    assert {person_id % 2 for (person_id,) in users} == {0, 1}, "one half has no user: the data proves less"
    segmented = fetch(connection, f"select count(*) from {schema}.person_segmentation_status "
                                  "where status = 'segmented'")[1][0][0]
    assert segmented == len(labelled)


def expected_current_personas(history: list[tuple], users: list[tuple]) -> dict[int, tuple]:
    """user_persona_current by its definition: each user's observations (the history's period ends before as_of,
    then as_of), the latest one whose persona differs from the observation before, and the first."""
    observed: dict[int, list[tuple]] = {}
    for person_id, period_end_at, persona in sorted(history):
        observed.setdefault(person_id, []).append((period_end_at, persona))
    expected = {}
    for person_id, persona, as_of in users:
        timeline = [*(row for row in observed.get(person_id, []) if row[0] < as_of), (as_of, persona)]
        changes = [(later[0], earlier[1]) for earlier, later in pairwise(timeline) if earlier[1] != later[1]]
        changed_at, previous = changes[-1] if changes else (None, None)
        expected[person_id] = (persona, previous, changed_at, timeline[0][0])
    return expected


def test_user_persona_current_follows_the_history_on_the_sample(build_project, connection):
    """Every user's current persona, the one before it, since when, and the first instant they were segmented,
    as the history and user_segments say; on the sample, where many users change persona over its weeks."""
    build = build_project("sample", sample_data.generate(), sample_data.SAMPLE_AS_OF)
    schema = build.schema
    _, history = fetch(connection, f"select person_id, period_end_at, persona from {schema}.user_persona_history")
    _, users = fetch(connection, f"select person_id, persona, as_of from {schema}_intermediate.int_users_segmented")
    _, current = fetch(connection, "select person_id, persona, previous_persona, persona_changed_at, "
                                   f"first_segmented_at from {schema}.user_persona_current")
    expected = expected_current_personas(history, users)
    assert {row[0]: tuple(row[1:]) for row in current} == expected
    assert sum(1 for row in expected.values() if row[1] is not None) >= 10, "too few changes: the data proves less"


@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        ({"segmentation__history_grain": "fortnight"},
         "var segmentation__history_grain = fortnight is not a period length"),
        ({"segmentation__history_start_date": "June 2025"},
         "var segmentation__history_start_date = June 2025 is not a date written YYYY-MM-DD"),
    ],
)
def test_bad_history_var_is_refused_with_a_clear_message(variables, expected, probes_raw, server):
    result = run_dbt(["compile", "--select", "int_history_periods"], server, check=False, quiet=True,
                     variables={**variables, "segmentation__source_schema": probes_raw})
    assert not result.success
    assert expected in describe_failure(result)
