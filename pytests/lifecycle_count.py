"""The lifecycle counted in plain Python, which lifecycle_growth is held to."""

from __future__ import annotations

import itertools
from collections import defaultdict
from datetime import date, datetime
from zoneinfo import ZoneInfo


def expected_lifecycle(tables: dict[str, list[tuple]], counted: set[int], zone: ZoneInfo, as_of: datetime,
                       periods: list[tuple[date, date]]) -> dict[date, dict[str, int]]:
    """Growth accounting per period start: `periods` are (first day, last day) in order, the first of them the
    period before the first one counted; a message sent until `as_of` is its local day's, a user one of the
    persons in `counted`."""
    days: dict[int, set[date]] = defaultdict(set)
    for _, person_id, _, at, _ in tables["message"]:
        if at is not None and person_id in counted and at <= as_of:
            days[person_id].add(at.astimezone(zone).date())
    first = {person_id: min(dates) for person_id, dates in days.items()}
    rows = {}
    for (before_start, before_last), (start, last) in itertools.pairwise(periods):
        active = {p for p, dates in days.items() if any(start <= day <= last for day in dates)}
        previous = {p for p, dates in days.items() if any(before_start <= day <= before_last for day in dates)}
        rows[start] = {
            "active_users": len(active),
            "new_users": len({p for p in active if first[p] >= start}),
            "returning_users": len(active & previous),
            "resurrected_users": len({p for p in active - previous if first[p] < start}),
            "churned_users": len(previous - active),
            "previous_active_users": len(previous),
        }
    return rows
