"""Deterministic sample raw data for a fictional couples-coaching messaging product ("Codel").

    segmentation sample-data load [--target local] [--data-dir DIR] [--schema raw] [--seed N]
    segmentation sample-data write DIR [--seed N]

About a hundred users write to each other and to their coach: every couple shares a GROUP conversation with a
coach (and the Codel Bot, which posts weekly check-ins), every user has a ONE_ON_ONE conversation with a coach or
with the Wren Assistant (an AI coach). Reactions are stored the way iMessage exports them, as ordinary messages
such as `Loved “I'll call you tonight”`; the other tapbacks (`Laughed at “…”`, `Emphasized “…”`, ...) are
not counted as reactions by the specification and appear here too.

Users are designed by archetype (see ARCHETYPES): each archetype fixes ranges for the volume of messages, the
number sent in the last 7 days and in days 8-30, the days since the last message, the reaction count and the
share sent in ONE_ON_ONE conversations, chosen so that the specification's Query 3 assigns the intended persona
with a margin. Exact counts are drawn per user and then honoured exactly; randomness only decides where in
time, and in which burst, each message lands.

Edge cases on purpose:
- staff accounts ("Coach ...", "Codel Bot", "Wren Assistant") send thousands of messages and react too; only
  the specification's name patterns keep them out of the metrics;
- two persons have no contact, and a few users have 10 messages or fewer (one exactly 10, and a New User with
  exactly 11), so `HAVING COUNT(DISTINCT m.id) > 10` matters;
- a few persons (one coach among them) changed phone numbers and have two contacts;
- two users only ever wrote in the onboarding chat with the Wren Assistant, whose messages carry no conversation
  id; one of them has more than 10 messages and is the only way to reach the specification's 'Group Only'
  conversation preference, whose CASE branch is reached only when a user has neither 1:1 nor group messages.
  ('1:1 Only' cannot be reached by any data: a user with 1:1 messages and no group message is '1:1 Focused'.)
- lower-case "loved that" messages, and tapbacks on images (`Liked an image`), probe the case-sensitive LIKEs.

Everything derives from `random.Random` seeded with strings built from the seed, so the output depends neither
on the current date nor on hash randomisation.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from segmentation.raw_tables import RawSchemaInUse, load_raw_tables, raw_columns

if TYPE_CHECKING:
    from psycopg2.extensions import connection as Connection

# The instant the sample is "taken": no message is later. Run the specification's queries with NOW() replaced by
# this instant (and the session time zone set to UTC) to reproduce the calibrated segments. A Tuesday noon UTC.
SAMPLE_AS_OF: datetime = datetime(2026, 6, 30, 12, 0, tzinfo=UTC)
# The product's launch: the first message of the sample is sent on or after this day (11 months of history).
HISTORY_START: datetime = datetime(2025, 8, 1, tzinfo=UTC)
SEED: int = 20260630

ONE_ON_ONE, GROUP, ONBOARDING = "ONE_ON_ONE", "GROUP", "ONBOARDING"
EXCLUDED_NAME_PARTS = ("Coach", "Codel", "Wren")  # the specification's NOT LIKE patterns, case-sensitive

# --------------------------------------------------------------------------------------------------------------
# Archetypes


@dataclass(frozen=True)
class Archetype:
    """Ranges (inclusive) from which one user's behaviour is drawn; `persona` is what Query 3 should assign."""

    persona: str
    total: tuple[int, int]
    last_7d: tuple[int, int] = (0, 0)  # messages at or after SAMPLE_AS_OF - 7 days
    days_8_30: tuple[int, int] = (0, 0)  # messages in [SAMPLE_AS_OF - 30 days, SAMPLE_AS_OF - 7 days)
    idle_days: tuple[int, int] = (0, 1)  # calendar days between the last message and SAMPLE_AS_OF
    active_days: tuple[int, int] = (60, 300)  # days between the first and the last message (clipped at launch)
    reaction_rate: tuple[float, float] = (0.0, 0.0)  # Loved/Liked/Disliked messages as a share of all messages
    reactions_min: int = 0
    reactions_max: int | None = None
    one_on_one_share: tuple[float, float] = (0.05, 0.15)  # of messages in coaching conversations
    trend: str = "steady"  # where older messages concentrate: steady, growing (towards the end) or declining
    onboarding_only: bool = False  # writes only in an ONBOARDING conversation with the Wren Assistant


ARCHETYPES: dict[str, Archetype] = {
    # Very active (>= 50 messages in 7 days) and Power Reactors (>= 10 reactions), mostly in the couple chat.
    "power": Archetype(
        "Power User", total=(1300, 3000), last_7d=(60, 180), days_8_30=(200, 520), idle_days=(0, 0),
        active_days=(220, 330), reaction_rate=(0.07, 0.13), one_on_one_share=(0.01, 0.06), trend="growing",
    ),
    # Active (20-49 in 7 days), group chat above twice the 1:1 chat, reacting freely.
    "engaged": Archetype(
        "Engaged Couple", total=(500, 1300), last_7d=(24, 46), days_8_30=(70, 160), idle_days=(0, 1),
        active_days=(150, 300), reaction_rate=(0.03, 0.08), reactions_min=10, one_on_one_share=(0.02, 0.1),
    ),
    # Very active couple chatters who rarely react (fewer than 10), so they are not Power Users.
    "engaged_quiet": Archetype(
        "Engaged Couple", total=(700, 1400), last_7d=(55, 95), days_8_30=(150, 300), idle_days=(0, 0),
        active_days=(150, 300), reaction_rate=(0.005, 0.01), reactions_min=3, reactions_max=8,
        one_on_one_share=(0.03, 0.1),
    ),
    # Mostly private coaching (1:1 above twice the group chat); hardly any reactions.
    "seeker": Archetype(
        "1:1 Coaching Seeker", total=(150, 700), last_7d=(6, 30), days_8_30=(20, 90), idle_days=(0, 3),
        active_days=(90, 300), reaction_rate=(0.0, 0.005), reactions_max=2, one_on_one_share=(0.78, 0.92),
    ),
    # ... whose partner is not on the product: 1:1 messages only.
    "seeker_solo": Archetype(
        "1:1 Coaching Seeker", total=(150, 500), last_7d=(6, 25), days_8_30=(20, 70), idle_days=(0, 3),
        active_days=(90, 250), one_on_one_share=(1.0, 1.0),
    ),
    # ... gone quiet for 5-8 weeks (Inactive), still a seeker: the 1:1 rule comes before the churn rules.
    "seeker_quiet": Archetype(
        "1:1 Coaching Seeker", total=(120, 300), idle_days=(35, 55), active_days=(60, 200),
        one_on_one_share=(0.75, 0.9), trend="declining",
    ),
    # ... and one who writes to the coach every day (Very Active) without reacting.
    "seeker_busy": Archetype(
        "1:1 Coaching Seeker", total=(600, 900), last_7d=(55, 80), days_8_30=(120, 200), idle_days=(0, 0),
        active_days=(120, 200), reaction_rate=(0.0, 0.0), one_on_one_share=(0.8, 0.9),
    ),
    # Reactions above 10% of messages, low volume lately.
    "feedback": Archetype(
        "Feedback Giver", total=(120, 620), last_7d=(0, 8), days_8_30=(5, 30), idle_days=(0, 5),
        active_days=(100, 300), reaction_rate=(0.12, 0.25), one_on_one_share=(0.01, 0.08),
    ),
    # ... who stopped months ago: the ratio rule comes before the churn rules.
    "feedback_lapsed": Archetype(
        "Feedback Giver", total=(120, 400), idle_days=(70, 150), active_days=(60, 180),
        reaction_rate=(0.12, 0.2), one_on_one_share=(0.01, 0.08), trend="declining",
    ),
    # 20+ messages in 30 days, fewer than 20 in the last 7, (almost) never reacting.
    "lurker": Archetype(
        "Active Lurker", total=(120, 320), last_7d=(8, 18), days_8_30=(20, 40), idle_days=(0, 2),
        active_days=(90, 250), reactions_max=2, one_on_one_share=(0.15, 0.35),
    ),
    # Heavy users whose last message is 2-8 weeks old.
    "at_risk": Archetype(
        "At Risk Churn", total=(300, 1100), days_8_30=(0, 12), idle_days=(16, 55), active_days=(120, 280),
        reaction_rate=(0.02, 0.07), reactions_min=5, one_on_one_share=(0.03, 0.15), trend="declining",
    ),
    # Silent for more than 60 days.
    "churned": Archetype(
        "Churned", total=(25, 320), idle_days=(65, 240), active_days=(20, 200), reaction_rate=(0.0, 0.05),
        one_on_one_share=(0.03, 0.2), trend="declining",
    ),
    "churned_big": Archetype(
        "Churned", total=(520, 850), idle_days=(65, 140), active_days=(120, 220), reaction_rate=(0.01, 0.05),
        one_on_one_share=(0.03, 0.15), trend="declining",
    ),
    # Wrote 10+ messages, but only in the onboarding thread, then left: the 'Group Only' preference.
    "onboarding_stuck": Archetype(
        "Churned", total=(14, 22), idle_days=(70, 120), active_days=(3, 20), onboarding_only=True,
    ),
    # A trickle over months: fewer than 20 messages in 30 days, more than 50 overall.
    "casual": Archetype(
        "Casual User", total=(60, 140), last_7d=(0, 3), days_8_30=(3, 12), idle_days=(0, 5),
        active_days=(150, 300), reactions_max=1, one_on_one_share=(0.25, 0.45),
    ),
    # ... last seen 3-6 weeks ago, but at most 100 messages, so not At Risk.
    "casual_lapsed": Archetype(
        "Casual User", total=(55, 95), days_8_30=(0, 4), idle_days=(20, 45), active_days=(120, 250),
        reactions_max=1, one_on_one_share=(0.25, 0.45),
    ),
    # Joined 5-7 weeks ago; under 20 messages in 30 days (20+ would make them Active Lurkers).
    "new": Archetype(
        "New User", total=(16, 38), last_7d=(2, 7), days_8_30=(3, 9), idle_days=(0, 4), active_days=(35, 48),
        reactions_max=1, one_on_one_share=(0.05, 0.3),
    ),
    "new_min": Archetype(  # exactly 11 messages: the smallest count the specification keeps
        "New User", total=(11, 11), last_7d=(3, 3), days_8_30=(4, 4), idle_days=(1, 3), active_days=(35, 40),
        one_on_one_share=(0.1, 0.3),
    ),
    # Busy and reacting a little (3+ reactions, under 10% of messages), but matching no rule above.
    "other": Archetype(
        "Other", total=(300, 1200), last_7d=(8, 18), days_8_30=(25, 60), idle_days=(0, 2), active_days=(150, 320),
        reaction_rate=(0.02, 0.07), reactions_min=3, one_on_one_share=(0.15, 0.32),
    ),
    # ... Active, but Balanced between 1:1 and group, so not an Engaged Couple.
    "other_balanced": Archetype(
        "Other", total=(400, 1000), last_7d=(25, 40), days_8_30=(60, 120), idle_days=(0, 1),
        active_days=(150, 300), reaction_rate=(0.02, 0.06), reactions_min=3, one_on_one_share=(0.38, 0.58),
    ),
    # ... a small user silent for 5-8 weeks: too small for At Risk or Casual, too old for New.
    "other_small_lapsed": Archetype(
        "Other", total=(25, 45), idle_days=(35, 55), active_days=(30, 90), reactions_max=1,
        one_on_one_share=(0.1, 0.4), trend="declining",
    ),
    # Tried the product and left after a handful of messages: filtered out by HAVING COUNT > 10.
    "few": Archetype("(excluded)", total=(3, 9), idle_days=(40, 200), active_days=(0, 10)),
    "few_ten": Archetype("(excluded)", total=(10, 10), idle_days=(60, 150), active_days=(2, 12)),
    "onboarding_few": Archetype(
        "(excluded)", total=(4, 4), idle_days=(90, 200), active_days=(0, 3), onboarding_only=True
    ),
}

# Households: the users of one entry form a couple sharing a GROUP conversation with their coach (a single user's
# partner is not on the product). A trailing "*" marks a user who changed phone numbers: two person_contacts.
HOUSEHOLDS: tuple[tuple[str, ...], ...] = (
    ("power", "power"), ("power*", "power"), ("power", "power"), ("power", "power"),
    ("power", "engaged"), ("power", "engaged"),
    ("engaged", "engaged"), ("engaged_quiet", "engaged_quiet"), ("engaged", "lurker"),
    ("seeker_solo",), ("seeker_solo",), ("seeker_solo",),
    ("seeker", "churned"), ("seeker*", "churned"), ("seeker", "churned"), ("seeker", "casual"), ("seeker", "seeker"),
    ("seeker_quiet", "churned"), ("seeker_quiet", "churned"), ("seeker_busy", "other"),
    ("feedback", "feedback"), ("feedback", "feedback"), ("lurker", "feedback"), ("feedback", "other"),
    ("feedback", "at_risk"),
    ("feedback_lapsed", "churned"), ("feedback_lapsed", "churned"), ("feedback_lapsed", "churned*"),
    ("at_risk", "at_risk"), ("at_risk", "at_risk"), ("at_risk", "churned"),
    ("churned", "churned"), ("churned", "churned"), ("churned", "churned"), ("churned", "churned"),
    ("churned", "churned"), ("churned", "few"), ("churned",),
    ("churned_big", "churned_big"), ("churned_big", "churned"),
    ("lurker", "casual"), ("lurker", "other"), ("casual", "casual"),
    ("casual_lapsed", "new"), ("new", "new_min"),
    ("other_balanced*", "other_balanced"), ("other_small_lapsed",),
    ("few", "few_ten"), ("few",),
    ("onboarding_stuck",), ("onboarding_few",),
)

# First names as people typed them at sign-up (hence the lower case); one per household member, in order.
USER_NAMES: tuple[str, ...] = (
    "craig", "amy", "mark", "vai", "Sofia", "Liam", "Hannah", "Omar", "Grace", "tracy", "Elijah", "greg", "arthur",
    "Chloe", "Noah", "Isabel", "Lucas", "Olga", "Rosa", "Theo", "Beatriz", "Jamal", "Nora", "Felix", "Ada", "Kwame",
    "Leila", "Ivan", "Sam", "Priyanka", "Mateo", "Yuki", "Ben", "Zoe", "Hugo", "Matt", "samuel", "karen", "ryan",
    "Tessa", "Dmitri", "Clara", "Jonas", "Amara", "Mallory", "Ingrid", "Rafael", "Lena", "Tom", "Ruth", "Kenji",
    "Mia", "Oscar", "abby", "daniel", "Aisha", "Viktor", "Emma", "Jorge", "Hana", "Luis", "Eva", "Simon", "Nina",
    "Henry", "Saanvi", "Leo", "Carmen", "Pete", "Julia", "Ali", "Marta", "lynn", "anna", "yoni", "Bruno", "Freya",
    "Marcus", "Paolo", "Diego", "Alice", "jess", "Rob", "Kira", "Finn", "Rhea", "Ethan", "Lucy", "Tariq", "dana",
    "Joel", "Pilar", "Gus", "Beth",
)
NO_CONTACT_NAMES: tuple[str, ...] = ("Harriet", "kofi")  # signed up, never connected a phone number

# Staff: (name, contact switch date or None). Coach Maya changed her work phone in January.
COACHES: tuple[tuple[str, date | None], ...] = (
    ("Coach Maya", date(2026, 1, 12)), ("Coach Tomas", None), ("Coach Priya", None), ("Coach Ines", None),
)
BOT_NAME = "Codel Bot"
ASSISTANT_NAME = "Wren Assistant"

# --------------------------------------------------------------------------------------------------------------
# Message texts

PARTNER_TEXTS: tuple[str, ...] = (
    "I'll call you tonight", "Can we talk about the budget tonight?", "I felt unheard when you left the dishes again",
    "Thank you for picking up the kids today ❤️", "Are we still on for date night Friday?", "I'm sorry about earlier",
    "Running late, save me some dinner", "Can we try the 20 minute check-in again?", "I miss you today",
    "That was a really good conversation last night", "I need a bit of space this evening, is that ok?",
    "Your mom called, can you call her back?", "I booked the table for Saturday", "Let's do the gratitude exercise",
    "I noticed I got defensive, I'm working on it", "Home in 10", "Did you see what the coach wrote?",
    "I think we should plan the weekend together", "loved that, thank you", "haha ok fine you win",
    "Can we not bring that up in front of your sister?", "I appreciated how calm you stayed", "Good morning ☀️",
    "I'm proud of us this week", "What time is the appointment?", "I'll handle bedtime tonight",
    "Can we pause and pick this up after dinner?", "I feel like we're finally getting somewhere",
    "Sorry, long day. Talk later?", "Let's take the dog for a walk together", "I said \"fine\" but I meant it",
    "ok", "👍", "Yes!", "Love you",
)
CLIENT_TEXTS: tuple[str, ...] = (
    "I tried what you suggested and it went better than expected", "We had another fight about money",
    "I don't know how to bring up the topic of moving", "Can we schedule a session this week?",
    "I feel like I'm the only one putting in effort", "Thanks, that reframe really helped",
    "How do I stop shutting down when she raises her voice?", "He's been more open since our last session",
    "I'd rather talk about this privately first", "Is it normal to feel this stuck?", "I wrote down my triggers",
    "We skipped the check-in this week, life got busy", "Quick question about the exercise",
    "I'm nervous about the conversation with my in-laws", "Thank you for listening", "liked your idea about the walk",
    "Things are calmer at home", "I need advice before tonight", "Can we go over the repair steps again?",
    "I noticed I interrupt a lot", "Sorry for the late reply", "ok will do", "That makes sense",
)
COACH_GROUP_TEXTS: tuple[str, ...] = (
    "Great work this week, both of you 👏", "Let's try a speaker-listener round: who wants to go first?",
    "I hear two different needs here. Can each of you name yours in one sentence?",
    "Remember the 20 minute pause if things get heated.", "What's one thing you appreciated about each other today?",
    "Thank you for sharing that, it takes courage.", "Let's slow down and reflect back what you heard.",
    "How did the check-in go this week?", "I'm noticing a pattern worth exploring in our next session.",
    "Try starting with \"I feel\" rather than \"you always\".", "That's a beautiful repair attempt.",
)
COACH_PRIVATE_TEXTS: tuple[str, ...] = (
    "That sounds really hard. What did you notice in yourself when it happened?",
    "Let's find a time this week. Does Thursday evening work?", "You're doing the work, and it shows.",
    "What would feel like a small win before our next session?", "It's very normal to feel stuck at this stage.",
    "Could you share that with your partner in the group chat too?", "I'll send you the worksheet we discussed.",
    "Thanks for the update. How are you feeling now?", "Let's practise the opening line together.",
    "Take a breath. You don't have to solve everything tonight.",
)
ASSISTANT_TEXTS: tuple[str, ...] = (
    "Here's a prompt for tonight: share one memory that makes you smile.", "I've added this to your session notes.",
    "It sounds like you felt dismissed. Would you like a script to raise it calmly?",
    "Reminder: your coaching session is tomorrow at 6pm.", "Try naming the feeling before the request.",
    "Would you like me to summarise this week's conversations?",
)
ONBOARDING_TEXTS: tuple[str, ...] = (
    "hi, how does this work?", "My partner hasn't joined yet", "How do I invite him?", "Is this free?",
    "I sent the invite again", "ok", "Still waiting on her", "Can I do this alone?",
)
ONBOARDING_ASSISTANT_TEXTS: tuple[str, ...] = (
    "Tap Invite and enter your partner's number.",
    "Once your partner joins, I'll introduce you to your coach.", "You can start with 1:1 coaching on your own.",
)
WELCOME_TEXTS: dict[str, str] = {  # the first message of each conversation, from its staff member
    GROUP: "Hi both, welcome to Codel! I'm {staff}, your coach. This is your shared space.",
    ONE_ON_ONE: "Hi! I'm {staff}. This is your private space: what you share here stays between us.",
    ONBOARDING: "Welcome to Codel! I'm Wren. Let's get you set up.",
}
BOT_TEXTS: tuple[str, ...] = (
    "Weekly check-in: name one thing your partner did this week that you appreciated.",
    "Weekly check-in: on a scale of 1-10, how connected did you feel this week?",
    "Weekly check-in: what's one conversation you've been putting off?",
    "Weekly check-in: plan one small moment together this weekend.",
    "Weekly check-in: what did you learn about your partner this week?",
)
REACTION_VERBS = (("Loved", 6), ("Liked", 3), ("Disliked", 1))  # counted by the specification, case-sensitive
OTHER_TAPBACKS = ("Laughed at", "Emphasized", "Questioned")  # iMessage tapbacks the specification ignores

# Relative weight of each UTC hour for users (users live near UTC): quiet nights, lunch and evening peaks.
USER_HOUR_WEIGHTS = (1, 0.5, 0.3, 0.2, 0.2, 0.4, 1, 2.5, 4, 4.5, 4.5, 5, 6, 6, 5, 4.5, 4.5, 5, 6, 7, 7.5, 6.5, 4.5, 2.5)
BURST_SIZES = ((1, 30), (2, 25), (3, 18), (4, 12), (5, 8), (6, 3), (7, 2), (8, 1), (10, 1))  # messages per sitting

# --------------------------------------------------------------------------------------------------------------
# Generation


@dataclass
class _User:
    index: int
    name: str
    household: int
    archetype: Archetype
    two_contacts: bool
    first: datetime = SAMPLE_AS_OF
    # (timestamp, conversation key, is reaction); conversation keys are resolved to ids at the end
    messages: list[tuple[datetime, str, bool]] = field(default_factory=list)
    contact_switch: datetime | None = None


def _rng(seed: int, *parts: object) -> random.Random:
    """An independent generator per entity, so adding a user does not reshuffle everyone else."""
    return random.Random(f"{seed}/" + "/".join(str(part) for part in parts))


def _weighted(rng: random.Random, pairs: Sequence[tuple[object, float]]) -> object:
    return rng.choices([value for value, _ in pairs], weights=[weight for _, weight in pairs])[0]


def _at(day: date, seconds: int) -> datetime:
    return datetime.combine(day, time(), tzinfo=UTC) + timedelta(seconds=seconds)


def _time_of_day(rng: random.Random, shift: int) -> int:
    hour = (rng.choices(range(24), weights=USER_HOUR_WEIGHTS)[0] + shift) % 24
    return hour * 3600 + rng.randrange(3600)


def _sittings(
    rng: random.Random, count: int, lo: datetime, hi: datetime, trend: str, shift: int
) -> list[list[datetime]]:
    """`count` timestamps in [lo, hi], grouped in bursts of a few messages a few minutes apart."""
    sittings: list[list[datetime]] = []
    span_days = (hi.date() - lo.date()).days
    mode = {"growing": span_days, "declining": 0}.get(trend)
    while count > 0:
        size = min(count, int(_weighted(rng, BURST_SIZES)))
        for _attempt in range(200):
            if mode is None:
                offset = rng.randint(0, span_days)
            else:
                offset = min(span_days, int(rng.triangular(0, span_days + 1, mode)))
            start = _at(lo.date() + timedelta(days=offset), _time_of_day(rng, shift))
            stamps = [start]
            for _ in range(size - 1):
                stamps.append(stamps[-1] + timedelta(seconds=rng.randint(15, 240)))
            if stamps[-1] > hi:  # shift the burst back so that it ends in the window
                stamps = [stamp - (stamps[-1] - hi) for stamp in stamps]
            if stamps[0] >= lo:
                break
        else:  # a window too short for a burst: squeeze it in
            stamps = [lo + (hi - lo) * (i + 1) / (size + 1) for i in range(size)]
            stamps = [stamp.replace(microsecond=0) for stamp in stamps]
        sittings.append(stamps)
        count -= size
    return sittings


def _plan_user(seed: int, user: _User) -> list[list[datetime]]:
    """Draw the user's counts and place every message in time; returns the sittings, the last one last."""
    a, rng = user.archetype, _rng(seed, "user", user.index)
    shift = rng.choice((-2, -1, 0, 0, 0, 1, 2))
    idle = rng.randint(*a.idle_days)
    last_day = SAMPLE_AS_OF.date() - timedelta(days=idle)
    while True:  # the last message, before the as-of instant
        last = _at(last_day, _time_of_day(rng, shift))
        if last <= SAMPLE_AS_OF:
            break
    first_day = max(last_day - timedelta(days=rng.randint(*a.active_days)), HISTORY_START.date())
    first = min(_at(first_day, _time_of_day(rng, shift)), last)
    user.first = first

    total = rng.randint(*a.total)
    windows = [  # (lo, hi, count) for the last 7 days, days 8-30 and everything older
        [max(SAMPLE_AS_OF - timedelta(days=7), first), last, rng.randint(*a.last_7d)],
        [max(SAMPLE_AS_OF - timedelta(days=30), first), min(SAMPLE_AS_OF - timedelta(days=7, seconds=1), last),
         rng.randint(*a.days_8_30)],
        [first, min(SAMPLE_AS_OF - timedelta(days=30, seconds=1), last), 0],
    ]
    for window in windows:
        if window[0] > window[1]:
            window[2] = 0
        elif window[0] <= last <= window[1]:
            window[2] = max(window[2], 1)  # it holds the last message, counted here
    windows[2][2] = total - windows[0][2] - windows[1][2]
    if windows[2][2] < 0 or (windows[2][2] > 0 and windows[2][0] > windows[2][1]):
        raise AssertionError(f"archetype {a} cannot place {total} messages for {user.name}")

    sittings: list[list[datetime]] = []
    for lo, hi, count in reversed(windows):
        if count == 0:
            continue
        holds_last = lo <= last <= hi
        sittings.extend(_sittings(rng, count - holds_last, lo, hi, a.trend if lo == first else "steady", shift))
        if holds_last:
            sittings.append([last])
    if user.two_contacts:
        user.contact_switch = first + (last - first) * rng.uniform(0.3, 0.7)
    return sittings


def _assign_user_messages(seed: int, user: _User, sittings: list[list[datetime]]) -> list[tuple[str, list]]:
    """Exact 1:1/group split and reaction count; returns (conversation kind, burst) per sitting, in time order."""
    a, rng = user.archetype, _rng(seed, "split", user.index)
    total = sum(len(burst) for burst in sittings)
    if a.onboarding_only:
        user.messages.extend((stamp, ONBOARDING, False) for burst in sittings for stamp in burst)
        return [(ONBOARDING, burst) for burst in sittings]
    remaining_1on1 = round(total * rng.uniform(*a.one_on_one_share))
    remaining = total
    assigned: list[tuple[str, list]] = []
    for burst in sittings:  # each sitting goes to one side, drawn without replacement so the totals are exact
        take_1on1 = rng.random() < remaining_1on1 / remaining
        n_1on1 = min(len(burst), remaining_1on1) if take_1on1 else max(0, len(burst) - (remaining - remaining_1on1))
        if n_1on1:
            assigned.append((ONE_ON_ONE, burst[:n_1on1]))
        if n_1on1 < len(burst):
            assigned.append((GROUP, burst[n_1on1:]))
        remaining_1on1 -= n_1on1
        remaining -= len(burst)
    assigned.sort(key=lambda item: item[1][0])

    reactions = round(total * rng.uniform(*a.reaction_rate))
    reactions = max(reactions, a.reactions_min)
    if a.reactions_max is not None:
        reactions = min(reactions, a.reactions_max)
    flat = [(kind, stamp) for kind, burst in assigned for stamp in burst]
    # a reaction answers someone, so never the very first message of a user
    reacting = set(rng.sample(range(1, len(flat)), reactions)) if reactions else set()
    for position, (kind, stamp) in enumerate(flat):
        user.messages.append((stamp, kind, position in reacting))
    return assigned


@dataclass
class _Conversation:
    key: str
    type: str
    staff: str  # the coach (or assistant) answering in it
    created: datetime
    messages: list[tuple[datetime, str, bool]] = field(default_factory=list)  # (timestamp, sender, is reaction)


def _staff_reply(
    rng: random.Random, conversation: _Conversation, after: datetime, probability: float, until: datetime
) -> None:
    """The conversation's staff member may answer a burst a few minutes to a few hours later."""
    if rng.random() >= probability:
        return
    stamp = after + timedelta(minutes=rng.triangular(2, 240, 20))
    for _ in range(int(_weighted(rng, ((1, 5), (2, 3), (3, 1))))):
        stamp = (stamp + timedelta(seconds=rng.randint(20, 300))).replace(microsecond=0)
        if stamp > until:
            return
        conversation.messages.append((stamp, conversation.staff, rng.random() < 0.06))


def generate(seed: int = SEED) -> dict[str, list[tuple]]:
    """Generate the four raw tables: table name -> rows in RAW_TABLES column order; the same seed, the same rows."""
    users: list[_User] = []
    names = iter(USER_NAMES)
    for household, members in enumerate(HOUSEHOLDS):
        for member in members:
            key = member.rstrip("*")
            users.append(_User(len(users), next(names), household, ARCHETYPES[key], member.endswith("*")))
    for user in users:
        if any(part in user.name for part in EXCLUDED_NAME_PARTS):
            raise AssertionError(f"user name {user.name!r} would be excluded as staff")

    conversations: dict[str, _Conversation] = {}
    staff_rng = _rng(seed, "staff")
    for user in users:
        sittings = _plan_user(seed, user)
        assigned = _assign_user_messages(seed, user, sittings)
        coach = COACHES[user.household % len(COACHES)][0]
        private_staff = ASSISTANT_NAME if _rng(seed, "assistant", user.index).random() < 0.2 else coach
        keys = {
            GROUP: (f"group/{user.household}", GROUP, coach),
            ONE_ON_ONE: (f"private/{user.index}", ONE_ON_ONE, private_staff),
            ONBOARDING: (f"onboarding/{user.index}", ONBOARDING, ASSISTANT_NAME),
        }
        in_couple_chat = user.archetype.one_on_one_share[0] < 1 or len(HOUSEHOLDS[user.household]) > 1
        if user.archetype.onboarding_only:
            wanted = [ONBOARDING]
        else:
            wanted = [ONE_ON_ONE, GROUP] if in_couple_chat else [ONE_ON_ONE]
        for kind in wanted:  # conversations open (with a staff welcome) shortly before the first message
            key, type_, staff = keys[kind]
            created = (user.first - timedelta(minutes=staff_rng.randint(30, 600))).replace(microsecond=0)
            created = max(created, HISTORY_START)
            if key not in conversations:
                conversations[key] = _Conversation(key, type_, staff, created)
                conversations[key].messages.append((created, staff, False))
            elif created < conversations[key].created:
                conversations[key].created = created
                conversations[key].messages[0] = (created, staff, False)
        sender = f"user/{user.index}"
        for stamp, kind, is_reaction in user.messages:
            conversations[keys[kind][0]].messages.append((stamp, sender, is_reaction))
        for kind, burst in assigned:
            conversation = conversations[keys[kind][0]]
            probability = {ONE_ON_ONE: 0.55, GROUP: 0.25, ONBOARDING: 0.7}[kind]
            _staff_reply(staff_rng, conversation, burst[-1], probability, SAMPLE_AS_OF)

    # The Codel Bot posts a weekly check-in in every couple chat, until four weeks after the couple's last message.
    for conversation in conversations.values():
        if conversation.type != GROUP:
            continue
        bot_rng = _rng(seed, "bot", conversation.key)
        user_stamps = [stamp for stamp, sender, _ in conversation.messages if sender.startswith("user/")]
        last_user = max(user_stamps, default=conversation.created)
        until = min(SAMPLE_AS_OF, last_user + timedelta(days=28))
        day = conversation.created.date() + timedelta(days=3)
        while True:
            stamp = _at(day, 9 * 3600 + bot_rng.randrange(1800))
            if stamp > until:
                break
            conversation.messages.append((stamp, BOT_NAME, False))
            day += timedelta(days=7)
    return _build_rows(seed, users, conversations)


def _build_rows(seed: int, users: list[_User], conversations: dict[str, _Conversation]) -> dict[str, list[tuple]]:
    """Number persons, contacts, conversations and messages in creation order and write the message texts."""
    # persons: staff first (they set the product up), then users and contact-less sign-ups by sign-up time
    staff_names = [name for name, _ in COACHES] + [BOT_NAME, ASSISTANT_NAME]
    signups: list[tuple[datetime, int, str]] = [(user.first, user.index, user.name) for user in users]
    for position, name in enumerate(NO_CONTACT_NAMES):
        signup_rng = _rng(seed, "no-contact", name)
        offset = signup_rng.randint(0, (SAMPLE_AS_OF - HISTORY_START).days - 1)
        signups.append((HISTORY_START + timedelta(days=offset, seconds=signup_rng.randrange(86400)), -1 - position,
                        name))
    signups.sort()
    persons = [(person_id, name) for person_id, name in enumerate(staff_names, start=1)]
    person_of_user: dict[int, int] = {}
    for _, index, name in signups:
        persons.append((len(persons) + 1, name))
        if index >= 0:
            person_of_user[index] = len(persons)

    # contacts: one per person with a phone number; a switched number gets a second, later contact
    contacts: list[tuple[int, int]] = []

    def new_contact(person_id: int) -> int:
        contacts.append((1000 + len(contacts) + 1, person_id))
        return contacts[-1][0]

    staff_contacts: dict[str, tuple[int, int, datetime | None]] = {}  # name -> (old, new, switch)
    for person_id, (name, switch) in enumerate(COACHES, start=1):
        first = new_contact(person_id)
        staff_contacts[name] = (first, first, None if switch is None else _at(switch, 0))
    for person_id, name in enumerate((BOT_NAME, ASSISTANT_NAME), start=len(COACHES) + 1):
        contact = new_contact(person_id)
        staff_contacts[name] = (contact, contact, None)
    user_contacts: dict[int, tuple[int, int, datetime | None]] = {}
    for user in sorted(users, key=lambda u: person_of_user[u.index]):
        first = new_contact(person_of_user[user.index])
        user_contacts[user.index] = (first, first, user.contact_switch)
    switches: list[tuple[datetime, str]] = [(_at(switch, 0), name) for name, switch in COACHES if switch is not None]
    switches += [(user.contact_switch, f"user/{user.index}") for user in users if user.contact_switch is not None]
    for _, sender in sorted(switches):  # second numbers get contact ids in the order they were added
        if sender.startswith("user/"):
            first, _, switch = user_contacts[int(sender[5:])]
            user_contacts[int(sender[5:])] = (first, new_contact(person_of_user[int(sender[5:])]), switch)
        else:
            first, _, switch = staff_contacts[sender]
            staff_contacts[sender] = (first, new_contact(staff_names.index(sender) + 1), switch)

    def contact_of(sender: str, stamp: datetime) -> int:
        old, new, switch = user_contacts[int(sender[5:])] if sender.startswith("user/") else staff_contacts[sender]
        return new if switch is not None and stamp >= switch else old

    ordered = sorted(conversations.values(), key=lambda c: (c.created, c.key))
    conversation_rows = [(5000 + number, c.type) for number, c in enumerate(ordered, start=1)]
    conversation_id = {c.key: row[0] for c, row in zip(ordered, conversation_rows, strict=True)}

    # messages: ids in arrival order; texts written in conversation order so that reactions quote real messages
    pending = []
    for conversation in ordered:
        for sequence, (stamp, sender, is_reaction) in enumerate(conversation.messages):
            contact = contact_of(sender, stamp)
            pending.append((stamp, conversation_id[conversation.key], contact, sequence, sender, is_reaction))
    pending.sort(key=lambda item: item[:4])
    text_rng = _rng(seed, "texts")
    quotable: dict[int, list[tuple[int, str]]] = {}  # conversation id -> recent (contact, text)
    messages = []
    for number, (stamp, conv_id, contact, _, sender, is_reaction) in enumerate(pending, start=1):
        conversation_type = conversation_rows[conv_id - 5001][1]
        if conv_id not in quotable:  # the staff welcome opens every conversation
            quotable[conv_id] = []
            staff = sender.removeprefix("Coach ").removesuffix(" Assistant")
            messages.append((number, contact, conv_id, stamp, WELCOME_TEXTS[conversation_type].format(staff=staff)))
            continue
        recent = quotable[conv_id]
        if is_reaction or (sender.startswith("user/") and text_rng.random() < 0.02 and recent):
            others = [text for who, text in recent if who != contact] or [text for _, text in recent]
            verb = _weighted(text_rng, REACTION_VERBS) if is_reaction else text_rng.choice(OTHER_TAPBACKS)
            if text_rng.random() < 0.05 or not others:
                content = f"{verb} an image"
            else:
                content = f"{verb} “{text_rng.choice(others[-3:])}”"
        else:
            content = text_rng.choice(_texts_for(sender, conversation_type))
            recent.append((contact, content))
            del recent[:-8]
        messages.append((number, contact, conv_id, stamp, content))
    # The onboarding chat with the assistant is no conversation of the product: its messages carry no
    # conversation id, so the raw data holds only the two types the specification knows.
    threadless = {row[0] for row in conversation_rows if row[1] == ONBOARDING}
    messages = [(n, contact, None if conv in threadless else conv, at, text) for n, contact, conv, at, text in messages]
    conversation_rows = [row for row in conversation_rows if row[0] not in threadless]
    return {"persons": persons, "person_contacts": contacts, "conversation": conversation_rows, "message": messages}


def _texts_for(sender: str, conversation_type: str) -> tuple[str, ...]:
    if sender == BOT_NAME:
        return BOT_TEXTS
    if conversation_type == ONBOARDING:
        return ONBOARDING_TEXTS if sender.startswith("user/") else ONBOARDING_ASSISTANT_TEXTS
    if sender == ASSISTANT_NAME:
        return ASSISTANT_TEXTS
    if sender.startswith("Coach"):
        return COACH_GROUP_TEXTS if conversation_type == GROUP else COACH_PRIVATE_TEXTS
    return PARTNER_TEXTS if conversation_type == GROUP else CLIENT_TEXTS


# --------------------------------------------------------------------------------------------------------------
# Loading and writing


def _csv_value(value: object) -> object:
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    return "" if value is None else value


def _to_csv(table: str, rows: Sequence[Sequence[object]]) -> bytes:
    """One table as CSV bytes (UTF-8, header row, LF line ends); timestamps as `2026-06-30 12:00:00+00:00`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(name for name, _ in raw_columns(table))
    writer.writerows([_csv_value(value) for value in row] for row in rows)
    return buffer.getvalue().encode("utf-8")


def _write(directory: Path, seed: int = SEED) -> dict[str, Path]:
    """Write `<table>.csv` for each raw table into directory (created if missing); returns the paths."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = {}
    for table, rows in generate(seed).items():
        paths[table] = directory / f"{table}.csv"
        paths[table].write_bytes(_to_csv(table, rows))
    return paths


def load(connection: Connection, schema: str = "raw", seed: int = SEED,
         replace_unmarked: bool = False) -> dict[str, int]:
    """Replace `schema` with freshly generated raw tables and commit (raw_tables.create_raw_tables says which schema
    is replaced); returns the row count per table."""
    return load_raw_tables(connection, schema, generate(seed), replace_unmarked)


def _iter_counts(counts: dict[str, int]) -> Iterator[str]:
    width = max(len(table) for table in counts)
    for table, count in counts.items():
        yield f"  {table:<{width}}  {count:>7}"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """`load` into a target's database (the local server: started if needed), or `write` CSV files."""
    from segmentation.targets import add_target_arguments

    commands = parser.add_subparsers(dest="command", required=True)
    load_parser = commands.add_parser("load", help="load the raw tables into the database of a target of the profile")
    add_target_arguments(load_parser)
    load_parser.add_argument("--schema", default="raw", help="schema to (re)create; default: %(default)s")
    write_parser = commands.add_parser("write", help="write one CSV file per raw table")
    write_parser.add_argument("directory", type=Path)
    for sub in (load_parser, write_parser):
        sub.add_argument("--seed", type=int, default=SEED, help="default: %(default)s")


def run(args: argparse.Namespace) -> int:

    if args.command == "write":
        try:
            paths = _write(args.directory, args.seed)
        except OSError as error:  # the directory cannot be made (a file of the name, no such parent) or written to
            print(f"sample_data: directory {args.directory}: cannot write the CSV files there: {error}",
                  file=sys.stderr)
            return 1
        for table, path in paths.items():
            print(f"wrote {path} ({_csv_row_count(path)} rows of {table})", file=sys.stderr)
        return 0

    import psycopg2

    from segmentation.localdb import LocalDbError
    from segmentation.targets import TargetError, resolve

    try:
        target = resolve(args.target, args.data_dir.resolve())
        connection = psycopg2.connect(**target.connect_kwargs())
        try:
            counts = load(connection, args.schema, args.seed, replace_unmarked=target.local is not None)
        finally:
            connection.close()
    except (LocalDbError, TargetError, RawSchemaInUse, psycopg2.Error) as error:
        print(f"sample_data: {error}", file=sys.stderr)
        return 1
    print(f"loaded schema {args.schema!r} of target {target.target} (as of {SAMPLE_AS_OF.isoformat()}):",
          file=sys.stderr)
    for line in _iter_counts(counts):
        print(line, file=sys.stderr)
    return 0


def _csv_row_count(path: Path) -> int:
    """Data rows in a CSV file written by `write` (header excluded)."""
    with path.open(newline="", encoding="utf-8") as handle:
        return sum(1 for _ in csv.reader(handle)) - 1
