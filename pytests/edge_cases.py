"""A raw data set built for the edges of every rule, at a fixed as-of instant.

Every person probes one boundary: exactly on a threshold, one step either side (windows to the second,
calendar days, counts, ratios), staff names in other letter cases, odd conversations and contacts.
Nothing here states the expected label: the parity test compares the marts with the specification's
own queries on this data, and the YAML unit tests pin the labels.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from segmentation import project_vars

# The project's default thresholds, read from where the SQL reads them.
THRESHOLDS: dict[str, float] = project_vars()["segmentation__thresholds"]

AS_OF = datetime(2026, 3, 15, 12, 0, 0, tzinfo=UTC)  # a week after the US switch to summer time

ONE_ON_ONE, GROUP, LOWER_GROUP, OTHER_TYPE = 1, 2, 3, 4
ALTERNATING = -1  # half 1:1, half group: neither dominates, so the later persona rules are reached
UNKNOWN_CONVERSATION = 999  # referenced by messages, absent from the conversation table
SECOND = timedelta(seconds=1)
DAY = timedelta(days=1)


class EdgeCaseBuilder:
    def __init__(self) -> None:
        self.persons: list[tuple] = []
        self.contacts: list[tuple] = []
        self.messages: list[tuple] = []

    def person(self, name: str | None, contacts: int = 1, person_id: int | None = None) -> list[int]:
        person_id = len(self.persons) + 1 if person_id is None else person_id
        self.persons.append((person_id, name))
        ids = []
        for _ in range(contacts):
            ids.append(len(self.contacts) + 1)
            self.contacts.append((ids[-1], person_id))
        return ids

    def send(self, contact: int, at: datetime | None, n: int = 1, conversation: int | None = ALTERNATING,
             content: str = "see you tonight") -> None:
        for i in range(n):
            chosen = (ONE_ON_ONE, GROUP)[i % 2] if conversation == ALTERNATING else conversation
            self.messages.append((len(self.messages) + 1, contact, chosen, at, content))

    def user(self, name: str | None, *bursts: tuple, old: int = 15, long_ago: int = 0,
             person_id: int | None = None) -> list[int]:
        """A person with one contact, `old` messages 45 days back, `long_ago` 90 days back, and bursts of
        (n, at[, conversation[, content]])."""
        contacts = self.person(name, person_id=person_id)
        self.send(contacts[0], AS_OF - 90 * DAY, long_ago)
        self.send(contacts[0], AS_OF - 45 * DAY, old)
        for burst in bursts:
            n, at, *rest = burst
            self.send(contacts[0], at, n, *rest)
        return contacts

    def tables(self) -> dict[str, list[tuple]]:
        conversations = [(ONE_ON_ONE, "ONE_ON_ONE"), (GROUP, "GROUP"), (LOWER_GROUP, "group"), (OTHER_TYPE, "OTHER")]
        return {"persons": self.persons, "person_contacts": self.contacts,
                "conversation": conversations, "message": self.messages}


def local_midnight(days_before: int) -> datetime:
    """Midnight UTC `days_before` calendar days before the as-of date."""
    return datetime(AS_OF.year, AS_OF.month, AS_OF.day, tzinfo=UTC) - days_before * DAY


def build() -> dict[str, list[tuple]]:
    b = EdgeCaseBuilder()
    week, month = AS_OF - 7 * DAY, AS_OF - 30 * DAY

    # 7-day window: n messages with the earliest exactly on the window start, or one second before it
    for n in (4, 5, 6, 19, 20, 21, 49, 50, 51):
        b.user(f"week_{n}_on_edge", (1, week), (n - 1, AS_OF - DAY))
        b.user(f"week_{n}_one_out", (1, week - SECOND), (n - 1, AS_OF - DAY))
    b.user("week_at_as_of", (50, AS_OF), (10, AS_OF - 2 * DAY, GROUP, "Loved “that”"))

    # 30-day window, below the 7-day rungs
    b.user("month_5_on_edge", (1, month), (4, AS_OF - 10 * DAY))
    b.user("month_5_one_out", (1, month - SECOND), (4, AS_OF - 10 * DAY))
    b.user("month_20_on_edge", (1, month), (19, AS_OF - 10 * DAY), old=0)
    b.user("month_20_one_out", (1, month - SECOND), (19, AS_OF - 10 * DAY), old=0)

    # calendar days since the last message, around 14, 30 and 60: a long history 90 days back, then one
    # message in the first or last second of the day; few recent messages, so no earlier persona catches them
    for days in (13, 14, 30, 31, 60, 61):
        b.user(f"silent_{days}d_total_101", (1, local_midnight(days)), old=0, long_ago=100)
        b.user(f"silent_{days}d_total_100", (1, local_midnight(days) + DAY - SECOND), old=0, long_ago=99)
        b.user(f"silent_{days}d_total_12", (12, local_midnight(days) + DAY - SECOND), old=0)

    # New User against established_messages (needs 3 reactions to escape Active Lurker), Casual User at 50
    for total in (99, 100):
        b.user(f"new_total_{total}", (3, AS_OF - 5 * DAY, GROUP, "Liked “ok”"), (total - 3, AS_OF - 5 * DAY), old=0)
    for total in (50, 51):
        b.user(f"casual_total_{total}", (10, AS_OF - 2 * DAY), old=total - 10)

    # message counts around the cut (10), casual (50), established (100) and top users (500)
    for total in (10, 11, 50, 51, 99, 100, 101, 500, 501):
        b.user(f"total_{total}", (total, AS_OF - 20 * DAY), old=0)

    # conversation ratio: exactly twice is not focused
    for one_on_one, group in ((20, 10), (21, 10), (10, 20), (10, 21), (12, 0), (0, 12)):
        b.user(f"ratio_{one_on_one}_{group}", (one_on_one, AS_OF - 3 * DAY, ONE_ON_ONE),
               (group, AS_OF - 3 * DAY, GROUP), old=0)
    b.user("no_typed_conversation", (6, AS_OF - DAY, None), (6, AS_OF - DAY, UNKNOWN_CONVERSATION), old=0)
    b.user("odd_conversation_types", (8, AS_OF - DAY, LOWER_GROUP), (8, AS_OF - DAY, OTHER_TYPE), (4, AS_OF - DAY))

    # reactions around 1, 3 and 10, and the Feedback Giver ratio 0.1 exactly and just above
    for reactions in (0, 1, 2, 3, 9, 10, 11):
        b.user(f"reactions_{reactions}", (reactions, AS_OF - DAY, GROUP, "Loved “dinner plans”"), (20, AS_OF - DAY))
    b.user("rate_exactly_tenth", (2, AS_OF - 40 * DAY, ONE_ON_ONE, "Liked “ok”"), (18, AS_OF - 40 * DAY, GROUP),
           old=0)
    b.user("rate_above_tenth", (3, AS_OF - 40 * DAY, ONE_ON_ONE, "Disliked “no”"), (26, AS_OF - 40 * DAY, GROUP),
           old=0)
    for content in ("loved it", "Loved", "Laughed at “ha”", "Liked “x” %", "Disliked", "Emphasized “yes”"):
        b.user(f"content {content}", (5, AS_OF - DAY, GROUP, content))

    # staff patterns are case-sensitive LIKEs; a null name is dropped by the specification's WHERE
    for name in ("Coach Maya", "coach maya", "COACH", "Codel Bot", "codel", "Wren", "Wrenly", "wren", None):
        b.user(name, (60, AS_OF - DAY))
    for name in ("O'Brien", "Zoë 💑", "Ana María", "  padded  ", ""):
        b.user(name, (30, AS_OF - 2 * DAY))

    # contacts: several per person, none at all, one without messages
    several = b.person("two_contacts", contacts=2)
    b.send(several[0], AS_OF - DAY, 6)
    b.send(several[1], AS_OF - 2 * DAY, 6, GROUP)
    b.person("no_contacts", contacts=0)
    b.person("silent_contact")

    # undated messages count in the total only; hours that average to exactly x.5 round away from zero
    b.user("undated_messages", (6, None), (6, AS_OF - 3 * DAY), old=0)
    b.user("only_undated", (12, None), old=0)
    b.user("half_hour_mean", (6, local_midnight(2) + timedelta(hours=1)), (6, local_midnight(2) + timedelta(hours=2)),
           old=0)

    # ids need not be positive: the timeline's two halves take the persons by the parity of their id
    b.user("negative_odd_id", (30, AS_OF - 2 * DAY), person_id=-7)
    b.user("negative_even_id", (30, AS_OF - 2 * DAY), person_id=-8)
    return b.tables()
