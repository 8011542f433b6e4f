"""What the incremental runs' tests share: the sample's changes between a first build and the next run, a project on
PostgreSQL or on DuckDB, and the incremental tables' contents without their run stamps."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections import Counter
from datetime import UTC, datetime, timedelta

from pytests.conftest import fetch, without_run_stamps
from segmentation import sample_data
from segmentation.dbt_project import run_dbt
from segmentation.engines import DuckDb
from segmentation.raw_tables import load_raw_tables

FIRST_AS_OF = sample_data.SAMPLE_AS_OF - timedelta(days=5)  # the first build; the rest of the sample arrives after
AS_OF = sample_data.SAMPLE_AS_OF
INCREMENTAL_MODELS = ("int_messages_joined_to_senders", "int_person_days_aggregated")
TIMELINE = "int_persons_activity_aggregated"  # a view, the union of the two incremental tables of its halves
TIMELINE_HALVES = tuple(f"{TIMELINE}_half_{half}" for half in (0, 1))
HISTORY_MARTS = ("user_persona_history", "segment_migration", "segment_distribution_history", "lifecycle_growth")
# the incremental tables, as `contents` names them: intermediate ones with their digests, then the marts
INCREMENTAL_TABLES = [f"intermediate.{model}{suffix}" for model in (*INCREMENTAL_MODELS, *TIMELINE_HALVES)
                      for suffix in ("", "__digest")] + [*HISTORY_MARTS, "lifecycle_growth__digest"]
# everything the incremental tables are built from, and they
INCREMENTAL_SELECTION = ["--select", " ".join(f"+{model}" for model in HISTORY_MARTS)]

Tables = dict[str, list[tuple]]


def first_and_rest(messages: list[tuple]) -> tuple[list[tuple], list[tuple]]:
    """The messages sent up to the first build (and the undated ones), and the rest of the sample."""
    first = [m for m in messages if m[3] is None or m[3] <= FIRST_AS_OF]
    return first, [m for m in messages if m[3] is not None and m[3] > FIRST_AS_OF]


def picked(messages: list[tuple]) -> tuple[tuple, tuple, int]:
    """An old dated text message of a known sender, the latest one, and an id no message has."""
    dated = [m for m in messages if m[3] is not None and m[1] is not None and not m[4].startswith(("Loved", "Liked"))]
    return dated[len(dated) // 3], max(dated, key=lambda m: m[3]), max(m[0] for m in messages) + 1


def moved(messages: list[tuple], message: tuple, sent_at) -> list[tuple]:
    return [(*m[:3], sent_at, *m[4:]) if m == message else m for m in messages]


# What changes in the source between the first build and an incremental run: each takes the raw tables of the first
# build and the rest of the sample's messages, and gives the new raw tables.
def new_days(tables: Tables, rest: list[tuple]) -> Tables:
    return {**tables, "message": tables["message"] + rest}


def late_message(tables: Tables, rest: list[tuple]) -> Tables:
    """Sent a month before the first build, loaded only now."""
    old, _, new_id = picked(tables["message"])
    late = (new_id, old[1], old[2], FIRST_AS_OF - timedelta(days=30), "Loved “very late”")
    return {**tables, "message": tables["message"] + [late]}


def moved_to_an_old_day(tables: Tables, rest: list[tuple]) -> Tables:
    old, recent, _ = picked(tables["message"])
    return {**tables, "message": moved(tables["message"], recent, old[3])}


def moved_to_a_recent_day(tables: Tables, rest: list[tuple]) -> Tables:
    old, recent, _ = picked(tables["message"])
    return {**tables, "message": moved(tables["message"], old, recent[3] + timedelta(minutes=1))}


def edited_into_a_reaction(tables: Tables, rest: list[tuple]) -> Tables:
    old, _, _ = picked(tables["message"])
    return {**tables, "message": [(*m[:4], "Loved “edited”") if m == old else m for m in tables["message"]]}


def texts_swapped_within_a_day(tables: Tables, rest: list[tuple]) -> Tables:
    """A reaction and a plain message of two senders, sent the same day, swap their texts: each column of that day
    holds the values it held (found by a review: PostgreSQL's digest, summing hash_record_extended, missed it)."""
    dated = sorted((m for m in tables["message"] if m[3] is not None and m[1] is not None), key=lambda m: m[3])
    reaction = next(m for m in dated[: len(dated) // 2] if m[4].startswith(("Loved", "Liked", "Disliked")))
    plain = next(m for m in dated if m[3].date() == reaction[3].date() and m[1] != reaction[1]
                 and not m[4].startswith(("Loved", "Liked", "Disliked", "Laughed", "Emphasized", "Questioned")))
    texts = {reaction: plain[4], plain: reaction[4]}
    return {**tables, "message": [(*m[:4], texts[m]) if m in texts else m for m in tables["message"]]}


def deleted(tables: Tables, rest: list[tuple]) -> Tables:
    old, recent, _ = picked(tables["message"])
    return {**tables, "message": [m for m in tables["message"] if m not in (old, recent)]}


def contact_moved_to_another_person(tables: Tables, rest: list[tuple]) -> Tables:
    """The contact with the fewest messages now belongs to another person: person_contacts changed, not
    message."""
    senders = Counter(m[1] for m in tables["message"] if m[1] is not None)
    contact = min(senders, key=lambda c: (senders[c], c))
    persons = sorted({person for _, person in tables["person_contacts"]})
    contacts = [(c, next(p for p in persons if p != person) if c == contact else person)
                for c, person in tables["person_contacts"]]
    return {**tables, "person_contacts": contacts}


def moved_before_the_plausible_range(tables: Tables, rest: list[tuple]) -> Tables:
    """A broken clock: the message becomes undated (found in the source by its raw timestamp)."""
    old, _, _ = picked(tables["message"])
    return {**tables, "message": moved(tables["message"], old, datetime(1, 1, 1, tzinfo=UTC))}


def earliest_user_message(tables: Tables) -> tuple:
    """The earliest dated message of a user (not staff) with more than ten: in the sample, that of the only user
    segmented at the first period end."""
    person_of = dict(tables["person_contacts"])
    staff = {person for person, name in tables["persons"]
             if any(part in name for part in sample_data.EXCLUDED_NAME_PARTS)}
    sent = Counter(person_of.get(m[1]) for m in tables["message"])
    users = {person for person, count in sent.items() if person is not None and person not in staff and count > 10}
    return min((m for m in tables["message"] if m[3] is not None and person_of.get(m[1]) in users),
               key=lambda m: m[3])


def first_user_renamed_into_staff(tables: Tables, rest: list[tuple]) -> Tables:
    """The user who wrote first becomes staff: the first period end is left without any user."""
    person = dict(tables["person_contacts"])[earliest_user_message(tables)[1]]
    return {**tables, "persons": [(p, f"Coach {name}" if p == person else name) for p, name in tables["persons"]]}


def sent_before_the_history(tables: Tables, rest: list[tuple]) -> Tables:
    """A user's message dated a year before any other: the history now starts with period ends where nobody is
    segmented yet."""
    first, (_, _, new_id) = earliest_user_message(tables), picked(tables["message"])
    early = (new_id, first[1], first[2], first[3] - timedelta(days=365), "an early hello")
    return {**tables, "message": tables["message"] + [early]}


CHANGES = [new_days, late_message, moved_to_an_old_day, moved_to_a_recent_day, edited_into_a_reaction,
           texts_swapped_within_a_day, deleted, contact_moved_to_another_person, moved_before_the_plausible_range,
           first_user_renamed_into_staff, sent_before_the_history]


def arrivals(tables: Tables) -> tuple[Tables, Tables]:
    """The raw tables of the first build, and those of the second: every change above at once, plus copies of
    a message loaded twice, an undated message and one dated after as_of."""
    first, rest = first_and_rest(tables["message"])
    before = {**tables, "message": first}
    after = before
    for change in CHANGES:
        after = change(after, rest)
    old, recent, new_id = picked(after["message"])
    after = {**after, "message": after["message"] + [
        # a second copy of an old message, dated yesterday: the first copy (by sent_at) is the one counted
        (old[0], old[1], old[2], AS_OF - timedelta(days=1), "Loved “again”"),
        # a second copy of a recent message, an hour earlier: now this copy is the first
        (recent[0], recent[1], recent[2], recent[3] - timedelta(hours=1), "Liked “copy”"),
        # undated, and dated after as_of
        (new_id, recent[1], recent[2], None, "Loved “undated”"),
        (new_id + 1, recent[1], recent[2], AS_OF + timedelta(days=2), "Loved “future”"),
    ]}
    return before, after


def is_run_log(table: str) -> bool:
    """The logs of what each run changed (__period_changes) and of what each mart read of them
    (__period_changes_read): the same data built in other runs gives other logs."""
    return table.endswith(("__period_changes", "__period_changes_read"))


def relations(connection, schema: str) -> list[str]:
    """Every table the build wrote into `schema` and `schema`_intermediate, but the run logs."""
    _, rows = fetch(
        connection,
        "select table_schema || '.' || table_name from information_schema.tables "
        "where table_schema in (%s, %s) and table_type = 'BASE TABLE' order by 1",
        (schema, f"{schema}_intermediate"),
    )
    return [row[0] for row in rows if not is_run_log(row[0])]


def sorted_rows(columns: list[str], rows: list[tuple]) -> list[tuple]:
    """The rows as a sorted list, without the run stamps; floats rounded, since sums in another order may
    differ in the last bit."""
    _, rows = without_run_stamps(columns, rows)
    rounded = [tuple(round(value, 9) if isinstance(value, float) else value for value in row) for row in rows]
    return sorted(rounded, key=repr)


def contents(connection, relation: str) -> list[tuple]:
    return sorted_rows(*fetch(connection, f"select * from {relation}"))


def qualified(schema: str, relation: str) -> str:
    """`intermediate.model` in the project's intermediate schema, `model` (a mart) in its own schema."""
    return f"{schema}_{relation}" if "." in relation else f"{schema}.{relation}"


class Project(ABC):
    """The project on an engine (Postgres or DuckDbFile below) and the runs the incremental tests share."""

    @abstractmethod
    def load(self, tables: Tables) -> None:
        """The raw tables, replaced."""

    @abstractmethod
    def run(self, args: list[str], variables: dict) -> None:
        """A dbt command on the project."""

    @abstractmethod
    def contents(self, relation: str) -> list[tuple]:
        """A table's rows (contents), `intermediate.model` or a mart (qualified)."""

    def first_build_then_new_days(self) -> list[tuple]:
        """The sample's messages up to FIRST_AS_OF built (the incremental tables and what they read), then the rest
        loaded for the next run, and returned."""
        tables = sample_data.generate()
        first, rest = first_and_rest(tables["message"])
        before = {**tables, "message": first}
        self.load(before)
        self.run(["run", *INCREMENTAL_SELECTION], {"segmentation__as_of": FIRST_AS_OF.isoformat()})
        self.load(new_days(before, rest))
        return rest

    def differences_from_a_full_refresh(self, as_of: datetime) -> list[str]:
        """The incremental tables that differ from a full refresh at `as_of`, which then replaces them."""
        incremental = {relation: self.contents(relation) for relation in INCREMENTAL_TABLES}
        self.run(["run", "--full-refresh", *INCREMENTAL_SELECTION], {"segmentation__as_of": as_of.isoformat()})
        return [relation for relation in INCREMENTAL_TABLES if self.contents(relation) != incremental[relation]]


class Postgres(Project):
    """The session's server, the project in `schema` and its raw tables in raw_<schema>."""

    def __init__(self, server, connection, schema: str) -> None:
        self.server, self.connection, self.schema = server, connection, schema

    def load(self, tables: Tables) -> None:
        load_raw_tables(self.connection, f"raw_{self.schema}", tables)

    def run(self, args: list[str], variables: dict) -> None:
        variables = {"segmentation__source_schema": f"raw_{self.schema}", **variables}
        run_dbt(args, self.server, schema=self.schema, variables=variables, quiet=True)

    def contents(self, relation: str) -> list[tuple]:
        return contents(self.connection, qualified(self.schema, relation))

    def execute(self, statement: str) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute(statement)
        self.connection.commit()


class DuckDbFile(Project):
    """A DuckDB file, the project in `schema` and its raw tables in raw."""

    def __init__(self, directory, schema: str) -> None:
        self.engine, self.schema = DuckDb(directory), schema

    def load(self, tables: Tables) -> None:
        self.engine.load_raw_tables("raw", tables)

    def run(self, args: list[str], variables: dict) -> None:
        run_dbt(args, self.engine, schema=self.schema, variables=variables, quiet=True)

    def contents(self, relation: str) -> list[tuple]:
        return sorted_rows(*self.engine.fetch(qualified(self.schema, relation)))

    def execute(self, statement: str) -> None:
        self.engine.execute(statement)
