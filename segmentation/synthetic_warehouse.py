"""A synthetic raw warehouse of any size, generated inside PostgreSQL with set-based SQL, for the benchmark.

    generate(connection, "bench_raw", persons=50_000, messages=5_000_000, shape=SHAPES["three_years"])

Deterministic: every random draw is a hash of (row key, stream, seed) (`hashint8extended`), never `random()`, so
the same parameters give the same rows whatever the plan. Two shapes (SHAPES): `year`, a messaging product's
year, described below, and `three_years`, the same product three years on: three years of messages, a skewed
activity (a wider log-normal volume, so the heaviest users send far more) and a long tail of idle users (60 % of
the users wrote only in their first 30 days, at a tenth of the volume, and never again), so most users are
long silent for most of the history. The year:

- persons: two bots ("Codel Bot", "Wren Assistant") and about 1 % coaches ("Coach …") whom the staff name
  patterns exclude; about 0.2 % have no name; users have unique names ("Hannah Kim 1234");
- person_contacts: one per person, a second for about 5 % (a new phone number, used for the later half of their
  messages), none for about 0.5 % (who therefore send nothing);
- conversation: one ONE_ON_ONE per person (with a coach), one GROUP per couple of consecutive persons;
- message: exactly `messages` rows over the shape's days (365 for the year) up to AS_OF, never after it. Volume
  per person is log-normal (a few users send thousands, many send a handful, a quarter send ten or fewer); staff
  write more. Users join any day of the year, about a third stop at some point; hours peak in the afternoon.
  About 10 % are reactions `Loved “…”`, `Liked “…”`, `Disliked “…”` (rate varies per user), 2 % other tapbacks
  the specification does not count (`Laughed at “…”`), the rest text of one to five phrases (60 characters on
  average). Ids follow time, as an application's sequence would.

As an application database would, every table gets a primary key on id, and message an index on
provider_timestamp; then the tables are vacuumed and analysed, so every timing starts from the same state.
"""

from __future__ import annotations

import hashlib
import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from psycopg2 import sql

from segmentation.raw_tables import RAW_TABLES, create_raw_tables

# The instant the warehouse is "taken" (the specification's NOW()): no message is later. A Tuesday noon UTC.
AS_OF: datetime = datetime(2026, 6, 30, 12, 0, tzinfo=UTC)
SEED = 7
IDLE_DAYS = 30  # an idle user's messages fall in the days after they joined ...
IDLE_VOLUME = 0.1  # ... at this fraction of the volume of an active user of the same draw


@dataclass(frozen=True)
class Shape:
    """How the messages spread over time and users."""

    name: str
    days: int  # of messages, up to AS_OF
    volume_sigma: float  # of the users' log-normal volume: the wider, the more skewed the activity
    idle_share: float  # of the users, who wrote only in their first IDLE_DAYS, at IDLE_VOLUME, and never again

    def describe(self) -> str:
        idle = f", {self.idle_share:.0%} of the users idle after their first {IDLE_DAYS} days" * (self.idle_share > 0)
        return f"{self.days} days of messages, users' volume log-normal with sigma {self.volume_sigma:g}{idle}"


SHAPES: dict[str, Shape] = {
    "year": Shape("year", 365, 1.5, 0.0),
    "three_years": Shape("three_years", 3 * 365, 2.0, 0.6),
}
REACTION_PATTERNS = ("Loved %", "Liked %", "Disliked %")  # the specification's, for the checksum

FIRST_NAMES = (
    "Hannah", "Sofia", "Matt", "Priyanka", "Yoni", "Anna", "Lynn", "Omar", "Chloe", "Diego", "Mei", "Tariq",
    "Grace", "Luca", "Amara", "Noah", "Ines", "Kenji", "Zoe", "Ravi", "Elena", "Sam", "Fatima", "Jonas",
    "Leila", "Marcus", "Nora", "Pablo", "Aisha", "Felix", "Ivy", "Theo", "Maya", "Oscar", "Lena", "Kofi",
)
LAST_NAMES = (
    "Kim", "Garcia", "Cohen", "Patel", "Okafor", "Novak", "Silva", "Moreau", "Tanaka", "Schmidt", "Haddad",
    "Jensen", "Rossi", "Nguyen", "Adeyemi", "Larsen", "Costa", "Dubois", "Ivanova", "Murphy", "Kowalski", "Ali",
)
PHRASES = (
    "ok", "Thanks!", "Sounds good", "haha yes", "On my way", "loved that!", "liked the idea, honestly",
    "Can we talk tonight?", "I'll call you after work", "Did you see the exercise for this week?",
    "That was a really good session, thank you", "I felt heard today, which doesn't happen often",
    "We tried the listening exercise yesterday and it went better than I expected",
    "Running late, start without me", "What time works for you on Thursday?", "Miss you",
    "Can you remind me what we agreed about the weekend plans?", "Yes", "No worries at all",
    "I think we keep having the same argument about chores and I don't know how to get out of it",
    "Good morning ☀️", "Dinner at 8?", "I'm proud of us for sticking with this",
    "Could we move our next session to the afternoon? Mornings are hard this month",
    "Here's the article I mentioned", "That made me laugh", "Love you", "Agreed",
    "I need a bit of time to think before I answer", "Let's try the weekly check-in again on Sunday",
    "How are you both feeling after last week?", "Homework for this week: one appreciation a day",
)
REACTIONS = ("Loved", "Loved", "Loved", "Liked", "Liked", "Disliked")  # the counted tapbacks, Loved most often
OTHER_TAPBACKS = ("Laughed at", "Emphasized", "Questioned")  # not reactions for the specification

Progress = Callable[[str], None]


def stderr_progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def check_size(persons: int, messages: int, seed: int) -> None:
    """Raise ValueError naming the parameter when a size cannot give a meaningful warehouse."""
    if not 10 <= persons < 2**31:
        raise ValueError(f"persons must be between 10 (two bots and some users) and 2**31 - 1, got {persons}")
    if not 1 <= messages < 2**31:
        raise ValueError(f"messages must be between 1 and 2**31 - 1, got {messages}")
    if not 0 <= seed < 2**31:
        raise ValueError(f"seed must be between 0 and 2**31 - 1, got {seed}")


# pg_temp.u(key, stream): a uniform draw in [0, 1) from 53 bits of a seeded 64-bit hash; pg_temp.pick draws from
# an array. Session-local SQL functions, inlined by the planner, so nothing is left behind in any schema.
FUNCTIONS = """
create function pg_temp.u(key bigint, stream integer) returns double precision
language sql immutable parallel restricted
return ((hashint8extended(key, {seed}::bigint * 1000 + stream) >> 11) & 9007199254740991)::double precision
    / 9007199254740992.0;

create function pg_temp.pick(choices text[], key bigint, stream integer) returns text
language sql immutable parallel restricted
return choices[1 + floor(cardinality(choices) * pg_temp.u(key, stream))::integer];
"""

# One row per person with every per-person draw, and n, the messages it sends: exactly {messages} in total.
PEOPLE = """
create temporary table bench_people as
with drawn as (
    select
        i as id,
        case when i = 1 then 'bot' when i = 2 then 'assistant' when pg_temp.u(i, 1) < 0.01 then 'coach'
             else 'user' end as kind,
        pg_temp.u(i, 2) as u_name,
        floor({days} * pg_temp.u(i, 9))::integer as joined_day_ago,
        pg_temp.u(i, 14) < {idle_share} as idle  -- read for users only
    from generate_series(1, {persons}::bigint) as i
),

people as (
    select
        id,
        kind,
        case
            when kind = 'bot' then 'Codel Bot'
            when kind = 'assistant' then 'Wren Assistant'
            when kind = 'coach' then 'Coach ' || pg_temp.pick(%(first_names)s, id, 3)
            when u_name < 0.002 then null
            else pg_temp.pick(%(first_names)s, id, 3) || ' ' || pg_temp.pick(%(last_names)s, id, 4) || ' ' || id
        end as name,
        kind <> 'user' or pg_temp.u(id, 5) >= 0.005 as has_contact,
        pg_temp.u(id, 6) < 0.05 as has_second_contact,
        case kind
            -- log-normal volume: median 1, mean exp(sigma^2 / 2) (about 3 for the year); staff write steadily
            when 'user' then (case when idle then {idle_volume} else 1 end)
                * exp({sigma} * sqrt(-2 * ln(1 - pg_temp.u(id, 7))) * cos(2 * pi() * pg_temp.u(id, 8)))
            when 'coach' then 20
            else 30
        end as weight,
        case when kind = 'user' then joined_day_ago else {days} - 1 end as first_day_ago,
        -- the idle stop in their first days; about a third of the others on a day between their first and today
        case when kind = 'user' and idle
            then greatest(joined_day_ago - floor({idle_days} * pg_temp.u(id, 15))::integer, 0)
            when kind = 'user' and pg_temp.u(id, 10) < 0.35
            then floor((joined_day_ago + 1) * pg_temp.u(id, 11))::integer else 0 end as last_day_ago,
        case when kind = 'user' then pg_temp.u(id, 12) ^ 2 else 0 end as share_1on1,
        case when kind = 'user' then 0.4 * pg_temp.u(id, 13) ^ 3 when kind = 'coach' then 0.03 else 0 end
            as reaction_rate
    from drawn
),

cumulated as (
    select
        *,
        sum(case when has_contact then weight else 0 end) over (order by id) as cumulative_weight
    from people
),

shares as (
    select
        *,
        cumulative_weight / max(cumulative_weight) over () as upper_share,
        coalesce(lag(cumulative_weight) over (order by id), 0) / max(cumulative_weight) over () as lower_share
    from cumulated
)

select
    id, kind, name, has_contact, has_second_contact, first_day_ago, last_day_ago, share_1on1, reaction_rate,
    (floor({messages}::bigint * upper_share) - floor({messages}::bigint * lower_share))::bigint as n,
    floor({messages}::bigint * lower_share)::bigint as first_key  -- its messages' keys follow
from shares
"""

# Messages of bench_people: {count_column} each (n, or n_appended for an appended day), with ids from {first_id} in
# time order. Each message has its own key below 2**32, the input of its draws (hashint8extended folds the upper
# 32 bits into the lower, so larger keys would repeat draws); {sent_at} is its timestamp over day_ago and
# second_of_day.
MESSAGES = """
insert into {schema}.message (id, sender_person_contact_id, conversation_id, provider_timestamp, content)
with drawn as (
    select
        p.id as person_id, k, {key_offset} + p.{key_column} + k as key, p.kind, p.has_second_contact,
        p.first_day_ago, p.last_day_ago, p.share_1on1, p.reaction_rate
    from pg_temp.bench_people as p
    cross join lateral generate_series(1, p.{count_column}) as k
),

placed as (
    select
        *,
        {day_ago} as day_ago,
        case when pg_temp.u(key, 21) < 0.05 then 86400 * pg_temp.u(key, 22)  -- some at night
             else 21600 + 32400 * (pg_temp.u(key, 22) + pg_temp.u(key, 23)) end as second_of_day
    from drawn
),

sent as (
    select
        person_id,
        k,
        key,
        reaction_rate,
        {sent_at} as sent_at,
        case when has_second_contact and 2 * day_ago < first_day_ago + last_day_ago then {persons} + person_id
             else person_id end as contact_id,
        case kind
            when 'user' then
                case when pg_temp.u(key, 24) < share_1on1 then person_id else {persons} + (person_id + 1) / 2 end
            when 'assistant' then 1 + floor({persons} * pg_temp.u(key, 25))::bigint
            when 'bot' then {persons} + 1 + floor({groups} * pg_temp.u(key, 25))::bigint
            else 1 + floor(({persons} + {groups}) * pg_temp.u(key, 25))::bigint
        end as conversation_id
    from placed
)

select
    {first_id} - 1 + row_number() over (order by sent_at, person_id, k) as id,
    contact_id,
    conversation_id,
    sent_at,
    case
        when pg_temp.u(key, 30) < reaction_rate
            then pg_temp.pick(%(reactions)s, key, 31) || ' “' || pg_temp.pick(%(phrases)s, key, 32) || '”'
        when pg_temp.u(key, 30) < reaction_rate + 0.02
            then pg_temp.pick(%(other_tapbacks)s, key, 31) || ' “' || pg_temp.pick(%(phrases)s, key, 32) || '”'
        else pg_temp.pick(%(phrases)s, key, 33)
            || case when pg_temp.u(key, 34) < 0.45 then ' ' || pg_temp.pick(%(phrases)s, key, 35) else '' end
            || case when pg_temp.u(key, 36) < 0.1
                then ' ' || pg_temp.pick(%(phrases)s, key, 37) || ' ' || pg_temp.pick(%(phrases)s, key, 38)
                    || ' ' || pg_temp.pick(%(phrases)s, key, 39)
                else '' end
    end as content
from sent
"""

# Uniform over the person's active days, at a time of day; on the as-of day not after the as-of instant.
HISTORY_DAY_AGO = "last_day_ago + floor((first_day_ago - last_day_ago + 1) * pg_temp.u(key, 20))::integer"
HISTORY_SENT_AT = """case
            when {day_start} - make_interval(days => day_ago) + make_interval(secs => second_of_day) > {as_of}
                then {day_start} - make_interval(days => day_ago + 1) + make_interval(secs => second_of_day)
            else {day_start} - make_interval(days => day_ago) + make_interval(secs => second_of_day)
        end"""
# An appended day: the 24 hours after the as-of instant (excluded) of day `day`.
APPENDED_SENT_AT = "{as_of} + make_interval(days => {day} - 1, secs => 86400 * (1 - pg_temp.u(key, 20)))"

CHECKSUM = """
select json_build_object(
    'persons', (
        select json_build_object(
            'rows', count(*), 'null_names', count(*) - count(name),
            'staff', count(*) filter (where name like '%%Coach%%' or name like '%%Codel%%' or name like '%%Wren%%'),
            'names_md5', md5(string_agg(coalesce(name, ''), ',' order by id))
        ) from {schema}.persons
    ),
    'person_contacts', (
        select json_build_object('rows', count(*), 'sum_id', sum(id), 'sum_person_id', sum(person_id))
        from {schema}.person_contacts
    ),
    'conversation', (
        select json_build_object('rows', count(*), 'one_on_one', count(*) filter (where type = 'ONE_ON_ONE'),
            'group', count(*) filter (where type = 'GROUP'))
        from {schema}.conversation
    ),
    'message', (
        select json_build_object(
            'rows', count(*), 'sum_id', sum(id), 'sum_sender', sum(sender_person_contact_id),
            'sum_conversation', sum(conversation_id), 'sum_epoch', sum(extract(epoch from provider_timestamp)),
            'first', min(provider_timestamp), 'last', max(provider_timestamp),
            'sum_length', sum(length(content)),
            'reactions', count(*) filter (where content like %(loved)s or content like %(liked)s
                or content like %(disliked)s)
        ) from {schema}.message
    )
)
"""


def _format(statement: str, schema: str, **values: object) -> str:
    """Fill the {placeholders}: the schema quoted as an identifier, the rest integers or SQL built here."""
    return statement.format(schema=sql.Identifier(schema).string, **values)


def _literal(instant: datetime) -> str:
    return f"'{instant.isoformat()}'::timestamptz"


def _prepare_session(cursor, persons: int, messages: int, seed: int, shape: Shape) -> None:
    """The helper functions and bench_people, in this session only."""
    cursor.execute("set local timezone = 'UTC'")  # days are UTC days, whatever the server's default
    cursor.execute("set local work_mem = '256MB'")  # sorting the messages into id order
    cursor.execute("drop table if exists pg_temp.bench_people")
    cursor.execute("drop function if exists pg_temp.u, pg_temp.pick")
    cursor.execute(FUNCTIONS.format(seed=seed))
    names = {"first_names": list(FIRST_NAMES), "last_names": list(LAST_NAMES)}
    cursor.execute(PEOPLE.format(
        persons=persons, messages=messages, days=shape.days, sigma=shape.volume_sigma, idle_share=shape.idle_share,
        idle_volume=IDLE_VOLUME, idle_days=IDLE_DAYS,
    ), names)


def _messages_statement(schema: str, persons: int, **parts: object) -> str:
    return _format(MESSAGES, schema, persons=persons, groups=(persons + 1) // 2, **parts)


def _content_values() -> dict[str, list[str]]:
    return {"reactions": list(REACTIONS), "other_tapbacks": list(OTHER_TAPBACKS), "phrases": list(PHRASES)}


def generate(
    connection, schema: str, persons: int, messages: int, seed: int = SEED, shape: Shape = SHAPES["year"],
    progress: Progress = stderr_progress,
) -> dict[str, int]:
    """(Re)create `schema` with the four raw tables filled; returns the row count of each."""
    check_size(persons, messages, seed)
    began = time.monotonic()
    counts: dict[str, int] = {}

    def done(table: str, rows: int, since: float) -> None:
        counts[table] = rows
        progress(f"    {table}: {rows:,} rows in {time.monotonic() - since:.1f} s")

    with connection.cursor() as cursor:
        create_raw_tables(cursor, schema)
        step = time.monotonic()
        _prepare_session(cursor, persons, messages, seed, shape)
        cursor.execute(_format("insert into {schema}.persons (id, name) select id, name from pg_temp.bench_people",
                               schema))
        done("persons", cursor.rowcount, step)

        step = time.monotonic()
        cursor.execute(_format(
            "insert into {schema}.person_contacts (id, person_id)"
            " select id, id from pg_temp.bench_people where has_contact"
            " union all select {persons} + id, id from pg_temp.bench_people where has_contact and has_second_contact",
            schema, persons=persons,
        ))
        done("person_contacts", cursor.rowcount, step)

        step = time.monotonic()
        cursor.execute(_format(
            "insert into {schema}.conversation (id, type)"
            " select i, case when i <= {persons} then 'ONE_ON_ONE' else 'GROUP' end"
            " from generate_series(1, {persons} + {groups}) as i",
            schema, persons=persons, groups=(persons + 1) // 2,
        ))
        done("conversation", cursor.rowcount, step)

        step = time.monotonic()
        progress(f"    message: generating {messages:,} rows ...")
        day_start = _literal(AS_OF.replace(hour=0, minute=0, second=0, microsecond=0))
        cursor.execute(
            _messages_statement(
                schema, persons, first_id=1, key_offset=0, count_column="n", key_column="first_key",
                day_ago=HISTORY_DAY_AGO,
                sent_at=HISTORY_SENT_AT.format(day_start=day_start, as_of=_literal(AS_OF)),
            ),
            _content_values(),
        )
        done("message", cursor.rowcount, step)

        step = time.monotonic()
        for table in RAW_TABLES:
            cursor.execute(sql.SQL("alter table {}.{} add primary key (id)").format(
                sql.Identifier(schema), sql.Identifier(table)))
        cursor.execute(sql.SQL("create index message_provider_timestamp on {}.message (provider_timestamp)").format(
            sql.Identifier(schema)))
        progress(f"    primary keys and the provider_timestamp index in {time.monotonic() - step:.1f} s")
    connection.commit()
    _vacuum(connection, schema, progress)
    progress(f"    warehouse {schema} ready in {time.monotonic() - began:.1f} s")
    return counts


def _vacuum(connection, schema: str, progress: Progress) -> None:
    step = time.monotonic()
    autocommit = connection.autocommit
    connection.autocommit = True  # vacuum refuses to run in a transaction
    try:
        with connection.cursor() as cursor:
            for table in RAW_TABLES:
                cursor.execute(sql.SQL("vacuum (freeze, analyze) {}.{}").format(
                    sql.Identifier(schema), sql.Identifier(table)))
    finally:
        connection.autocommit = autocommit
    progress(f"    vacuum and analyze in {time.monotonic() - step:.1f} s")


def append_day(
    connection, schema: str, persons: int, messages: int, seed: int = SEED, shape: Shape = SHAPES["year"],
    day: int = 1, progress: Progress = stderr_progress,
) -> int:
    """Append the messages of day `day` after AS_OF (the 24 hours from AS_OF + day - 1): an average day's volume,
    from the persons still active at AS_OF. Returns the number of messages appended."""
    check_size(persons, messages, seed)
    step = time.monotonic()
    per_day = messages_per_day(messages, shape)
    with connection.cursor() as cursor:
        _prepare_session(cursor, persons, messages, seed, shape)
        # the day's volume shared as the warehouse's, among persons active until AS_OF
        cursor.execute(f"""
            alter table pg_temp.bench_people add column n_appended bigint, add column first_appended_key bigint;
            with active as (
                select id, n, sum(n) over (order by id) as cumulative from pg_temp.bench_people
                where last_day_ago = 0 and n > 0
            ), shares as (
                select id, cumulative::float8 / max(cumulative) over () as upper_share,
                    coalesce(lag(cumulative) over (order by id), 0)::float8 / max(cumulative) over () as lower_share
                from active
            )
            update pg_temp.bench_people as p
            set n_appended = floor({per_day} * s.upper_share) - floor({per_day} * s.lower_share),
                first_appended_key = floor({per_day} * s.lower_share)
            from shares as s where s.id = p.id;
            update pg_temp.bench_people set n_appended = 0, first_appended_key = 0 where n_appended is null;
        """)
        cursor.execute(_format("select coalesce(max(id), 0) + 1 from {schema}.message", schema))
        first_id = cursor.fetchone()[0]
        cursor.execute(
            _messages_statement(
                schema, persons, first_id=first_id, key_offset=messages + (day - 1) * per_day,
                count_column="n_appended", key_column="first_appended_key",
                day_ago=-day, sent_at=APPENDED_SENT_AT.format(as_of=_literal(AS_OF), day=day),
            ),
            _content_values(),
        )
        appended = cursor.rowcount
        cursor.execute(sql.SQL("analyze {}.message").format(sql.Identifier(schema)))
    connection.commit()
    progress(f"    message: {appended:,} rows appended for {(AS_OF + timedelta(days=day)).date()} "
             f"in {time.monotonic() - step:.1f} s")
    return appended


def messages_per_day(messages: int, shape: Shape) -> int:
    """The volume of an appended day: the warehouse's average day."""
    return max(1, round(messages / shape.days))


def checksum(connection, schema: str) -> dict[str, object]:
    """Row counts and aggregates of every raw table, and an md5 of them: equal for equal warehouses."""
    with connection.cursor() as cursor:
        cursor.execute("set local timezone = 'UTC'")  # the first and last timestamps are rendered as text
        cursor.execute(
            _format(CHECKSUM, schema),
            {"loved": REACTION_PATTERNS[0], "liked": REACTION_PATTERNS[1], "disliked": REACTION_PATTERNS[2]},
        )
        aggregates = cursor.fetchone()[0]
    connection.rollback()
    canonical = json.dumps(aggregates, sort_keys=True, separators=(",", ":"))
    return {
        "row_counts": {table: aggregates[table]["rows"] for table in RAW_TABLES},
        "aggregates": aggregates,
        "checksum": hashlib.md5(canonical.encode()).hexdigest(),
    }
