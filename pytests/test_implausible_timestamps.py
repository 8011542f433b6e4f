"""Timestamps no clock could give warn: the early ones (-infinity, year 1, 4713 BC) count as undated messages, the
late ones (infinity) are left out as messages after as_of are; they never stretch the history, nor make a stale
message table look fresh, and an as_of nobody has reached yet warns, as messages dated after the run started do
when as_of is the run's start."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from pytests.conftest import fetch
from segmentation.dbt_project import describe_failure, run_dbt
from segmentation.raw_tables import load_raw_tables

AS_OF = datetime(2026, 3, 15, 12, tzinfo=UTC)
TOO_EARLY = ["-infinity", "0001-01-01 00:00:00+00", "4713-01-01 00:00:00+00 BC"]
IMPLAUSIBLE = [*TOO_EARLY, "infinity", "2100-01-01 00:00:00+00"]
DAYS = 40  # one plausible message a day before as_of (plus an hour or two), for each user


def tables() -> dict[str, list[tuple]]:
    persons = [(1, "Ada"), (2, "Grace")]
    contacts = [(1, 1), (2, 2)]
    messages = [(person * 1000 + day, person, 1, AS_OF - timedelta(days=day) + timedelta(hours=person), "hello")
                for person in (1, 2) for day in range(1, DAYS + 1)]
    messages += [(10 + i, 1, 1, timestamp, "from a broken clock") for i, timestamp in enumerate(IMPLAUSIBLE)]
    return {"persons": persons, "person_contacts": contacts, "conversation": [(1, "GROUP")], "message": messages}


@pytest.fixture(scope="module")
def build(build_project):
    # a safety net: without the range, the history's period series never ends; let PostgreSQL stop it early
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PGOPTIONS", "-c statement_timeout=60s")
        return build_project("implausible", tables(), AS_OF)


def test_the_history_stays_within_the_plausible_periods(build, connection):
    periods = fetch(connection, f"select count(*) from {build.schema}_intermediate.int_history_periods")[1][0][0]
    # weekly periods from the week of the first plausible message (DAYS before as_of) up to as_of
    assert 0 < periods <= DAYS // 7 + 2
    for table in ("lifecycle_growth", "user_persona_history"):
        first = fetch(connection, f"select min(period_end_at) from {build.schema}.{table}")[1][0][0]
        assert first >= AS_OF - timedelta(days=DAYS + 7), table


def test_implausible_timestamps_count_as_undated_messages_or_after_as_of(build, connection):
    """Too early: in the totals (as the specification counts every message), in no window and no first or last
    message. Too late: in nothing, as every message after as_of."""
    _, rows = fetch(connection, f"select person_id, total_messages_sent, messages_last_30d, messages_last_7d, "
                                f"last_message_date from {build.schema}.user_segments order by person_id")
    assert rows == [
        (1, DAYS + len(TOO_EARLY), 30, 7, (AS_OF - timedelta(days=1)).date()),
        (2, DAYS, 30, 7, (AS_OF - timedelta(days=1)).date()),
    ]
    _, rows = fetch(connection, f"select min(first_message_at), max(last_message_at) "
                                f"from {build.schema}_intermediate.int_persons_activity_aggregated")
    assert rows == [(AS_OF - timedelta(days=DAYS, hours=-1), AS_OF - timedelta(days=1, hours=-2))]


def test_implausible_timestamps_warn_with_their_number(build, server):
    test_id = "test.user_segmentation.warn_messages_sent_at_implausible"
    assert build.statuses[test_id] == "warn"
    result = run_dbt(["test", "--select", "warn_messages_sent_at_implausible"], server, schema=build.schema,
                     variables=build.variables, quiet=True)
    assert [node.failures for node in result.result if node.node.unique_id == test_id] == [len(IMPLAUSIBLE)]


def test_an_as_of_in_the_future_warns(build, server, capfd):
    variables = {**build.variables, "segmentation__as_of": "2099-01-01 00:00:00+00:00"}
    run_dbt(["run", "--select", "stg_raw__persons"], server, schema=f"{build.schema}_future", variables=variables)
    assert "var segmentation__as_of = 2099-01-01 00:00:00+00:00 is after this run started" in capfd.readouterr().out


@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        ({"segmentation__as_of": "2150-01-01 00:00:00+00:00"},
         "var segmentation__as_of = 2150-01-01 00:00:00+00:00 is outside var segmentation__plausible_sent_at (from "
         "1990-01-01 to before 2100-01-01)"),
        ({"segmentation__plausible_sent_at": {"earliest": "1990-02-30", "latest": "2100-01-01"}},
         "var segmentation__plausible_sent_at: earliest = 1990-02-30 is not a date of the calendar written "
         "YYYY-MM-DD"),
        ({"segmentation__plausible_sent_at": {"earliest": "0000-01-01", "latest": "2100-01-01"}},
         "earliest = 0000-01-01 is not a date of the calendar"),
        ({"segmentation__plausible_sent_at": {"earliest": "2100-01-01", "latest": "1990-01-01"}},
         "is not a mapping {earliest: YYYY-MM-DD, latest: YYYY-MM-DD} with earliest before latest"),
        ({"segmentation__plausible_sent_at": "1990-01-01"},
         "var segmentation__plausible_sent_at = 1990-01-01 is not a mapping"),
        ({"segmentation__plausible_sent_at": {"earliest": "1990-01-01"}},
         "var segmentation__plausible_sent_at = {'earliest': '1990-01-01'} is not a mapping"),
    ],
)
def test_a_bad_range_or_as_of_outside_it_stops_the_run(variables, expected, build, server):
    result = run_dbt(["run", "--select", "stg_raw__persons"], server, schema=f"{build.schema}_refused",
                     variables={**build.variables, **variables}, check=False, quiet=True)
    assert not result.success
    assert expected in describe_failure(result)


FRESHNESS_SCHEMA = "raw_freshness"


def message_freshness(server, connection, messages: list[datetime], **variables: object) -> tuple[str, datetime]:
    """`dbt source freshness` of the message table holding messages sent at these instants: (status, the newest
    send time it read)."""
    load_raw_tables(connection, FRESHNESS_SCHEMA, {
        "persons": [(1, "Ada")], "person_contacts": [(1, 1)], "conversation": [(1, "GROUP")],
        "message": [(i, 1, 1, sent_at, "hello") for i, sent_at in enumerate(messages, start=1)]})
    result = run_dbt(["source", "freshness", "--select", "source:raw.message"], server, schema="freshness",
                     variables={"segmentation__source_schema": FRESHNESS_SCHEMA, **variables}, check=False,
                     quiet=True)
    # the on-run-start hooks' results come first
    [checked] = [node for node in result.result.results if node.node.resource_type == "source"]
    return str(checked.status), checked.max_loaded_at


def test_a_broken_clocks_message_does_not_make_a_stale_message_table_fresh(server, connection):
    """A message dated 9999-12-31, or next year, would be the newest for a long time: the freshness check reads
    only the plausible send times (var segmentation__plausible_sent_at, as stg_raw__messages does) up to the
    check's time, so months without a message fail."""
    now = datetime.now(UTC).replace(microsecond=0)
    months_ago, broken_clock = now - timedelta(days=90), datetime(9999, 12, 31, tzinfo=UTC)
    assert message_freshness(server, connection, [months_ago, broken_clock]) == ("error", months_ago)
    next_year = now + timedelta(days=365)
    assert message_freshness(server, connection, [months_ago, next_year]) == ("error", months_ago)
    # a fresh table stays fresh; the range's latest date is excluded, as in staging
    an_hour_ago = now - timedelta(hours=1)
    assert message_freshness(server, connection, [an_hour_ago, broken_clock, datetime(2100, 1, 1, tzinfo=UTC)]) == (
        "pass", an_hour_ago)
    # the range is the var's, not a copy of its default: a message of three days ago, narrowed out of it
    days_ago = now - timedelta(days=3)
    narrowed = {"earliest": "1990-01-01", "latest": (days_ago - timedelta(days=1)).date().isoformat()}
    assert message_freshness(server, connection, [months_ago, days_ago]) == ("warn", days_ago)
    assert message_freshness(server, connection, [months_ago, days_ago],
                             segmentation__plausible_sent_at=narrowed) == ("error", months_ago)
    # a bad range leaves the filter empty, and the check stops at the run's start naming the var
    result = run_dbt(["source", "freshness", "--select", "source:raw.message"], server, schema="freshness",
                     variables={"segmentation__source_schema": FRESHNESS_SCHEMA,
                                "segmentation__plausible_sent_at": "2099-01-01"}, check=False, quiet=True)
    assert not result.success
    assert "var segmentation__plausible_sent_at = 2099-01-01 is not a mapping" in describe_failure(result)


def test_messages_dated_after_the_run_started_warn_when_as_of_is_the_run(server, connection):
    """With as_of left empty (the run's start), messages dated later are a clock or load problem: a warning with
    their number. With as_of pinned, later messages are expected and the test is off."""
    now = datetime.now(UTC)
    messages = [(1, 1, 1, now - timedelta(days=1), "sent"), (2, 1, 1, now + timedelta(days=1), "not yet"),
                (3, 1, 1, now + timedelta(days=30), "not yet")]
    load_raw_tables(connection, "raw_future", {**tables(), "message": messages})
    variables = {"segmentation__source_schema": "raw_future"}
    test_id = "test.user_segmentation.warn_messages_after_as_of"
    run_dbt(["run", "--select", "+stg_raw__messages"], server, schema="future", variables=variables, quiet=True)
    result = run_dbt(["test", "--select", "warn_messages_after_as_of"], server, schema="future", variables=variables,
                     quiet=True)
    assert [(str(node.status), node.failures) for node in result.result if node.node.unique_id == test_id] == [
        ("warn", 2)]
    pinned = run_dbt(["ls", "--select", "warn_messages_after_as_of"], server, schema="future", quiet=True,
                     variables={**variables, "segmentation__as_of": AS_OF.isoformat()})
    assert not pinned.result
