"""lifecycle_growth against a plain Python count, and the history's data tests failing on broken marts."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from pytests import edge_cases
from pytests.conftest import fetch
from pytests.lifecycle_count import expected_lifecycle
from segmentation.dbt_project import run_dbt
from segmentation.raw_tables import load_raw_tables

NEW_YORK = ZoneInfo("America/New_York")
AS_OF = datetime(2026, 3, 25, 12, tzinfo=UTC)
FIRST_MONDAY = date(2026, 1, 5)
WEEKS = 11


def lifecycle_data() -> tuple[dict[str, list[tuple]], set[int]]:
    """Users active in random weeks (some messages exactly at a New York Monday midnight, some a second
    before), staff, a person without a name and one with undated messages only; and the ids that count."""
    rng = random.Random(20260325)
    persons = [(1, "ana"), (2, "ben"), (3, "cy"), (4, "dan"), (5, "eve"), (6, "Coach Dee"), (7, None), (8, "fay")]
    contacts = [(person_id, person_id) for person_id, _ in persons]
    messages: list[tuple] = []

    def send(person_id: int, at: datetime | None) -> None:
        messages.append((len(messages) + 1, person_id, 1, at, "hi"))

    for person_id in (1, 2, 3, 4, 5, 6, 7):
        joined = rng.randrange(WEEKS - 2)
        for week in range(joined, WEEKS):
            if week == joined or rng.random() < 0.5:
                monday = datetime.combine(FIRST_MONDAY + timedelta(weeks=week), datetime.min.time(), NEW_YORK)
                edge = rng.choice(["midnight", "second_before", "any"])
                if edge == "midnight":
                    send(person_id, monday)
                elif edge == "second_before":
                    send(person_id, monday - timedelta(seconds=1))
                else:
                    send(person_id, monday + timedelta(seconds=rng.randrange(7 * 24 * 3600)))
    for _ in range(12):
        send(8, None)
    return (
        {"persons": persons, "person_contacts": contacts, "conversation": [(1, "GROUP")], "message": messages},
        {1, 2, 3, 4, 5},
    )


def calendar_weeks(tables: dict[str, list[tuple]], counted: set[int]) -> list[tuple[date, date]]:
    """New York's calendar weeks, from the one before the first message's up to the last that ended by AS_OF."""
    first_day = min(at.astimezone(NEW_YORK).date() for _, person_id, _, at, _ in tables["message"]
                    if at is not None and person_id in counted)
    last_end = AS_OF.astimezone(NEW_YORK).date()
    last_end -= timedelta(days=last_end.weekday())
    start, weeks = first_day - timedelta(days=first_day.weekday(), weeks=1), []
    while start + timedelta(weeks=1) <= last_end:
        weeks.append((start, start + timedelta(days=6)))
        start += timedelta(weeks=1)
    return weeks


# with a history start date, the first period's users active before it are returning or resurrected, not new
@pytest.mark.parametrize("history_start", [None, FIRST_MONDAY + timedelta(weeks=5)], ids=["whole", "from_a_start"])
def test_lifecycle_growth_equals_a_plain_count_by_calendar_week(connection, server, history_start):
    tables, counted = lifecycle_data()
    load_raw_tables(connection, "raw_lifecycle", tables)
    schema = "lifecycle" if history_start is None else "lifecycle_from_start"
    variables = {"segmentation__source_schema": "raw_lifecycle", "segmentation__as_of": AS_OF.isoformat(),
                 "segmentation__time_zone": "America/New_York", "segmentation__history_grain": "week"}
    if history_start is not None:
        variables["segmentation__history_start_date"] = history_start.isoformat()
    run_dbt(["build", "--select", "+lifecycle_growth", "--exclude-resource-type", "test", "unit_test"], server,
            schema=schema, quiet=True, variables=variables)
    weeks = calendar_weeks(tables, counted)
    expected = {
        start: row for start, row in expected_lifecycle(tables, counted, NEW_YORK, AS_OF, weeks).items()
        if history_start is None or start + timedelta(weeks=1) >= history_start  # the periods ending from then
    }
    columns, rows = fetch(connection, "select period_start_date, active_users, new_users, returning_users, "
                                      "resurrected_users, churned_users, previous_active_users "
                                      f"from {schema}.lifecycle_growth order by period_start_date")
    actual = {row[0]: dict(zip(columns[1:], row[1:], strict=True)) for row in rows}
    assert actual == expected
    assert sum(row["resurrected_users"] for row in expected.values()) > 0, "no resurrection: the data proves less"
    assert sum(row["churned_users"] for row in expected.values()) > 0, "no churn: the data proves less"
    if history_start is not None:
        # a user resurrected in the first period was active only before the first day read: what active_before is for
        assert expected[min(expected)]["resurrected_users"] > 0, "nobody resurrected at the start: proves less"


@pytest.fixture(scope="module")
def edges(build_project):
    return build_project("edges", edge_cases.build(), edge_cases.AS_OF)


LAST_PERIOD = "(select max(period_end_at) from {schema}.{table})"
BREAKAGES = {
    # test name: (the table broken, SQL that breaks it the way the test exists to catch, extra vars, status)
    "assert_lifecycle_growth_identity": (
        "lifecycle_growth",
        "update {schema}.lifecycle_growth set churned_users = churned_users + 1 "
        f"where period_end_at = {LAST_PERIOD.format(schema='{schema}', table='lifecycle_growth')}",
        {}, "fail",
    ),
    "assert_migration_adds_up_to_the_periods": (
        "segment_migration",
        "delete from {schema}.segment_migration where ctid = (select min(ctid) from {schema}.segment_migration "
        "where dimension = 'Reaction')",
        {}, "fail",
    ),
    "assert_first_segmented_period_has_no_row_before": (
        "user_persona_history",
        "update {schema}.user_persona_history set is_first_segmented_period = not is_first_segmented_period "
        "where ctid = (select min(ctid) from {schema}.user_persona_history where not is_first_segmented_period)",
        {}, "fail",
    ),
    "assert_history_distribution_adds_up": (
        "segment_distribution_history",
        "update {schema}.segment_distribution_history set user_count = user_count + 1 "
        "where metric = 'Engagement' and segment = 'Churned'",
        {}, "fail",
    ),
    # a spike of Churned in the last period, 8 points on the period before (4.6 on the trailing mean on these
    # data): a warning with the default severity ...
    "history_persona_share_drift": (
        "segment_distribution_history",
        "update {schema}.segment_distribution_history set percentage = percentage + 8 "
        "where metric = 'Persona' and segment = 'Churned' "
        f"and period_end_at = {LAST_PERIOD.format(schema='{schema}', table='segment_distribution_history')}",
        {}, "warn",
    ),
    # ... and 12 points, caught by the trailing mean alone, an error when the severity var says so
    "history_persona_share_drift-trailing-error": (
        "segment_distribution_history",
        "update {schema}.segment_distribution_history set percentage = percentage + 12 "
        "where metric = 'Persona' and segment = 'Churned' "
        f"and period_end_at = {LAST_PERIOD.format(schema='{schema}', table='segment_distribution_history')}",
        {"segmentation__history_drift_max_points": 100, "segmentation__history_drift_severity": "error"}, "fail",
    ),
}


@pytest.mark.parametrize("case", list(BREAKAGES))
def test_history_data_test_fails_on_broken_marts(case, edges, server, connection):
    table, breakage, extra, expected = BREAKAGES[case]
    name = case.split("-")[0]
    # it passed in the build of the unbroken marts
    assert [status for node, status in edges.statuses.items() if node.split(".")[2] == name] == ["pass"]
    with connection.cursor() as cursor:
        cursor.execute(f"create temporary table saved as select * from {edges.schema}.{table}")
        cursor.execute(breakage.format(schema=edges.schema))
        assert cursor.rowcount > 0, "the breakage changed nothing"
    connection.commit()
    try:
        result = run_dbt(["test", "--select", name], server, schema=edges.schema,
                         variables={**edges.variables, **extra}, check=False, quiet=True)
        assert [str(node.status) for node in result.result if node.node.unique_id.startswith("test.")] == [expected]
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"delete from {edges.schema}.{table}")
            cursor.execute(f"insert into {edges.schema}.{table} select * from saved")
            cursor.execute("drop table saved")
        connection.commit()
