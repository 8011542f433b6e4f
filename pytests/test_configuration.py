"""A bad var stops the build at compile time with a message naming the var, the value and the expected form."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest

from pytests.conftest import fetch
from pytests.edge_cases import THRESHOLDS
from segmentation import sample_data
from segmentation.dbt_project import describe_failure, run_dbt
from segmentation.engines import DuckDb

# dozens of dbt builds, each stopped at its start: `make test-slow` (CI runs it after `make test`)
pytestmark = pytest.mark.slow


@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        ({"segmentation__as_of": "yesterday"},
         "var segmentation__as_of = yesterday is not an ISO 8601 timestamp with an offset"),
        ({"segmentation__as_of": "2026-06-30 12:00:00"},
         "var segmentation__as_of = 2026-06-30 12:00:00 is not an ISO 8601 timestamp"),
        ({"segmentation__time_zone": "Mars/Olympus"}, "var segmentation__time_zone = Mars/Olympus is not an IANA"),
        ({"segmentation__postgres_work_mem": "lots"},
         "var segmentation__postgres_work_mem = lots is not a PostgreSQL memory size"),
        ({"segmentation__postgres_work_mem": 256},
         "var segmentation__postgres_work_mem = 256 is not a PostgreSQL memory size"),
        ({"segmentation__postgres_work_mem": "256 MB"},
         "var segmentation__postgres_work_mem = 256 MB is not a PostgreSQL memory size"),
        # the form, but out of PostgreSQL's range (64kB to 2147483647kB): the server refused it inside a model
        ({"segmentation__postgres_work_mem": "10kB"},
         "var segmentation__postgres_work_mem = 10kB is not a PostgreSQL memory size"),
        ({"segmentation__postgres_work_mem": "2TB"},
         "var segmentation__postgres_work_mem = 2TB is not a PostgreSQL memory size"),
        ({"segmentation__threshold_overrides": {"message_cut": "ten"}},
         "threshold message_cut = ten is not a non-negative whole number (var segmentation__thresholds, preset or "
         "overrides)"),
        ({"segmentation__threshold_overrides": {"message_cut": -1}}, "threshold message_cut = -1 is not"),
        # every threshold missing in one message, those only the rules read too (found by a review: they were named
        # one round later, by the rules' parse)
        ({"segmentation__thresholds": {"message_cut": 5}},
         "var segmentation__thresholds lacks engagement_window_days, very_active_messages, active_messages, "
         "moderate_messages, power_reactor_reactions, regular_reactor_reactions, occasional_reactor_reactions, "
         "churn_days, at_risk_days, top_user_messages, focus_ratio, feedback_ratio, lurker_messages_30d, "
         "established_messages, casual_messages, new_user_days, low_messages_30d; to change single thresholds"),
        (
            {"segmentation__reaction_behaviors": [
                {"label": "Fan", "when": "total_reactions > {fans}"}, {"label": "Other"},
            ]},
            "names unknown threshold(s) fans",
        ),
        (
            {"segmentation__reaction_behaviors": [{"label": "Fan", "when": "total_reactions > 1"}]},
            "var segmentation__reaction_behaviors = [{'label': 'Fan', 'when': 'total_reactions > 1'}]: it has no rule "
            "before the fallback",
        ),
        (
            {"segmentation__reaction_behaviors": [{"label": "Fan", "when": "total_reactions > 1"}, {"label": "Other"},
                                                  {"label": "Rest"}]},
            "var segmentation__reaction_behaviors holds the rule {'label': 'Other'}; expected {label: <text>, when: "
            "<condition>}",
        ),
    ],
)
def test_bad_var_is_refused_with_a_clear_message(variables, expected, server):
    result = run_dbt(["compile", "--select", "int_users_segmented_over_time"], server, variables=variables, check=False,
                     quiet=True)
    assert not result.success
    assert expected in describe_failure(result)


@pytest.mark.parametrize("as_of", ["2026-06-30 12:00:00+00:00", "2026-06-30T12:00Z", "2026-06-30 14:00:00+02"])
def test_as_of_accepts_iso_forms_with_an_offset(as_of, server):
    result = run_dbt(["compile", "--select", "int_persons_activity_aggregated_half_0"], server,
                     variables={"segmentation__as_of": as_of}, quiet=True)
    assert "'2026-06-30T" in result.result.results[0].node.compiled_code


@pytest.mark.parametrize("count", [True, False])
def test_count_other_tapbacks_takes_true_or_false(count, server):
    result = run_dbt(["compile", "--select", "int_messages_joined_to_senders"], server,
                     variables={"segmentation__count_other_tapbacks": count}, quiet=True)
    assert ("'Laughed at %'" in result.result.results[0].node.compiled_code) == count


@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        ({"segmentation__preset": "hourly"}, "var segmentation__preset = hourly is not a preset"),
        ({"segmentation__threshold_overrides": {"active_messages": 50}},
         "threshold very_active_messages = 50 must be greater than active_messages = 50"),
        ({"segmentation__threshold_overrides": {"churn_days": 10}},
         "threshold churn_days = 10 must be greater than at_risk_days = 14"),
        ({"segmentation__threshold_overrides": {"chrun_days": 90}}, "names unknown threshold chrun_days"),
        ({"segmentation__threshold_overrides": {"churn_days": 60.5}}, "is not a non-negative whole number"),
        ({"segmentation__threshold_overrides": {"engagement_window_days": 14}}, "must be 7 or 30"),
        ({"segmentation__staff_name_patterns": ["%Coach%'; drop table persons; --"]},
         "var segmentation__staff_name_patterns holds %Coach%'; drop table persons; --: a pattern is non-empty text"),
        ({"segmentation__reaction_patterns": "Loved %"}, "var segmentation__reaction_patterns = Loved % is not a list"),
    ],
)
def test_bad_threshold_preset_or_pattern_is_refused(variables, expected, server):
    result = run_dbt(["compile", "--select", "int_users_segmented"], server, variables=variables, check=False,
                     quiet=True)
    assert not result.success
    assert expected in describe_failure(result)


def rule_list(condition: str) -> str:
    """--vars text: the reaction rules replaced by a rule 'Fan' with this condition and the fallback 'Other'."""
    return "{segmentation__reaction_behaviors: [{label: Fan, when: " + json.dumps(condition) + "}, {label: Other}]}"


RULE = "var segmentation__reaction_behaviors, rule 'Fan' (when: {}): "


def test_rule_numbers_in_every_form_and_at_the_bounds_of_their_range_are_accepted(server):
    """.5e-3 was refused as "unexpected e": an exponent followed only numbers with a digit before the point."""
    condition = ("total_reactions > 1e15 or reaction_rate > 1e-15 or total_reactions > 0e999999 or reaction_rate > .0 "
                 "or reaction_rate > 0.30000000000000004 or reaction_rate > .5e-3 or reaction_rate > 5E+2")
    result = run_dbt(["compile", "--select", "int_users_segmented_over_time"], server, quiet=True,
                     variables={"segmentation__reaction_behaviors": [{"label": "Fan", "when": condition},
                                                                     {"label": "Other"}]})
    assert condition in result.result.results[0].node.compiled_code

@pytest.mark.parametrize("engine", ["postgres", "duckdb"])
def test_products_are_exact_and_do_not_overflow(engine, server, tmp_path):
    """A product of counts, or of a count and a big number, overflowed the counts' integer type inside a model
    ("integer out of range"); a fraction stays exact (10 * 1.1 is 11, not 11.000000000000002), and a metric that
    is a fraction (rule_metrics) is not made whole (0.25 * 10 is 2.5, not 0)."""
    condition = ("days_since_last_message * 1000000000 > 1 and total_messages_sent * total_messages_sent * "
                 "total_messages_sent > 1 and messages_group * 1.1 >= 11 and reaction_rate * 10 > 2")
    query = ("select {{ parse_rule_condition('segmentation__personas', 'Odd', '" + condition + "').sql }} as holds "
             "from (select cast(4000 as integer) as days_since_last_message, cast(3000000 as bigint) as "
             "total_messages_sent, cast(10 as bigint) as messages_group, cast(0.25 as {{ type_double() }}) as "
             "reaction_rate) as metrics")
    target = server if engine == "postgres" else DuckDb(tmp_path)
    result = run_dbt(["show", "--inline", query], target, quiet=True)
    assert result.result.results[0].agate_table.rows[0][0] is True


def test_a_long_condition_compiles_as_written(tmp_path):
    """300 terms joined by `or`, and 300 by `and` (each of them a term of the nearest miss), compile as written.
    Each `or` and `and` read every token of the condition, so a parse grew with the square of its terms: these took
    about a minute, and 2000 held a build's start hook for 16 minutes (found by a review); now a fraction of a
    second each."""
    term = "total_reactions > 1"
    either, both = " or ".join([term] * 300), " and ".join([term] * 300)
    query = ("{% set either = parse_rule_condition('segmentation__personas', 'Odd', '" + either + "') %}"
             "{% set both = parse_rule_condition('segmentation__personas', 'Odd', '" + both + "') %}"
             "{{ tojson({'either': [either.sql, either.text], 'both': [both.sql, both.text], "
             "'terms': both.terms | map(attribute='sql') | list}) }}")
    result = run_dbt(["compile", "--inline", query], DuckDb(tmp_path), quiet=True)
    assert json.loads(result.result.results[0].node.compiled_code) == {
        "either": [either, either], "both": [both, both], "terms": [term] * 300}


def test_a_nearest_miss_measures_a_sum_on_the_right_whole(server):
    """The distance of messages_1on1 > messages_group - 5 at 3 and 10 is |3 - 5| / 5, not |3 - 10 - 5| / 5 (found
    by a review: the bound was subtracted without parentheses)."""
    condition = "messages_1on1 > messages_group - 5"
    query = ("select {{ user_segmentation._rule_term_distance(parse_rule_condition('segmentation__personas', 'Odd', '"
             + condition + "').terms[0]) }} as distance from (select 3 as messages_1on1, 10 as messages_group) as m")
    result = run_dbt(["show", "--inline", query], server, quiet=True)
    assert float(result.result.results[0].agate_table.rows[0][0]) == pytest.approx(0.4)


def test_a_step_beyond_the_largest_number_a_rule_may_write_is_left_out(server):
    """Found by an adversarial review: a threshold at 1e15, the largest a rule may write, passed the start and then
    stopped threshold_sensitivity on its step up, naming 1000000000000001, which the user never wrote."""
    compiled = run_dbt(["compile", "--select", "threshold_sensitivity"], server, quiet=True,
                       variables={"segmentation__threshold_overrides": {"churn_days": 10**15}})
    code = compiled.result.results[0].node.compiled_code
    assert "cast(999999999999999 as" in code and "1000000000000001" not in code


def test_a_threshold_of_ones_own_is_a_fraction_when_its_name_ends_in_ratio(server):
    """A threshold added for a rule of one's own: a fraction for a `_ratio`, a whole number otherwise."""
    fans = [{"label": "Fan", "when": "reaction_rate > {fan_ratio} and total_reactions > {fan_reactions}"},
            {"label": "Other"}]
    thresholds = {**THRESHOLDS, "fan_ratio": 0.25, "fan_reactions": 3}
    compiled = run_dbt(["compile", "--select", "int_users_segmented_over_time"], server, quiet=True, variables={
        "segmentation__reaction_behaviors": fans, "segmentation__thresholds": thresholds})
    assert "reaction_rate > 0.25 and total_reactions > 3" in compiled.result.results[0].node.compiled_code
    refused = run_dbt(["compile", "--select", "int_users_segmented_over_time"], server, quiet=True, check=False,
                      variables={"segmentation__reaction_behaviors": fans,
                                 "segmentation__thresholds": {**thresholds, "fan_reactions": 2.5}})
    assert not refused.success
    assert "threshold fan_reactions = 2.5 is not a non-negative whole number" in describe_failure(refused)


def test_a_history_may_start_on_the_date_of_as_of_in_its_time_zone(tmp_path):
    """The start date is a local date: as_of at 23:30 UTC is the next morning in Tokyo, and a daily history from that
    date holds that date's midnight, the one period end up to as_of (a start date after as_of's is refused)."""
    engine = DuckDb(tmp_path)
    engine.load_raw_tables("raw", sample_data.generate())
    run_dbt(["run", "--select", "+int_history_periods"], engine, quiet=True, variables={
        "segmentation__history_grain": "day", "segmentation__time_zone": "Asia/Tokyo",
        "segmentation__as_of": "2026-06-30 23:30:00+00:00", "segmentation__history_start_date": "2026-07-01"})
    columns, rows = engine.fetch("analytics_intermediate.int_history_periods")
    assert [(row[columns.index("period_end_local_date")], row[columns.index("period_end_at")]) for row in rows] == [
        (date(2026, 7, 1), datetime(2026, 6, 30, 15, tzinfo=UTC))]


# --vars as YAML text (so that .nan and .inf reach dbt as numbers) -> what the message must say. Each names the
# var, the value and the expected form.
BAD_CONFIGURATION = [
    ("{segmentation__as_of: '2026-02-30 12:00:00+00:00'}",
     "var segmentation__as_of = 2026-02-30 12:00:00+00:00 is not an ISO 8601 timestamp with an offset, e.g. "
     "'2026-06-30 12:00:00+00:00': month 2 of 2026 has 28 days"),
    ("{segmentation__as_of: '2026-06-30 25:00:00+00:00'}",
     "var segmentation__as_of = 2026-06-30 25:00:00+00:00 is not an ISO 8601 timestamp with an offset, e.g. "
     "'2026-06-30 12:00:00+00:00': there is no hour 25"),
    ("{segmentation__as_of: '2026-06-30 12:00:00.1234567+00:00'}",
     "var segmentation__as_of = 2026-06-30 12:00:00.1234567+00:00 is not an ISO 8601 timestamp with an offset, e.g. "
     "'2026-06-30 12:00:00+00:00': seconds take at most six decimal places (microseconds)"),
    ("{segmentation__as_of: '2026-06-30 12:00:00+99:00'}",
     "var segmentation__as_of = 2026-06-30 12:00:00+99:00 is not an ISO 8601 timestamp with an offset, e.g. "
     "'2026-06-30 12:00:00+00:00': offsets run from -14:00 to +14:00"),
    ("{segmentation__as_of: '0000-06-30 12:00:00+00:00'}",
     "var segmentation__as_of = 0000-06-30 12:00:00+00:00 is not an ISO 8601 timestamp with an offset, e.g. "
     "'2026-06-30 12:00:00+00:00': there is no year 0"),
    ("{segmentation__history_start_date: '2025-02-30'}",
     "var segmentation__history_start_date = 2025-02-30 is not a date written YYYY-MM-DD, e.g. '2025-09-01': month 2 "
     "of 2025 has 28 days"),
    # a start date after as_of's date (in segmentation__time_zone) built an empty history, the drift alert passing
    ("{segmentation__history_start_date: '2062-01-01', segmentation__as_of: '2026-06-30 12:00:00+00:00'}",
     "var segmentation__history_start_date = 2062-01-01 is after var segmentation__as_of = 2026-06-30 12:00:00+00:00, "
     "which is on 2026-06-30 in UTC (segmentation__time_zone): the history holds the period ends from the start date "
     "up to as_of, and would be empty; expected a date on or before 2026-06-30, or '' to start with the first "
     "message's period"),
    ("{segmentation__history_start_date: '2062-01-01'}",
     "var segmentation__history_start_date = 2062-01-01 is after var segmentation__as_of = '' (the run's start, "),
    ("{segmentation__history_start_date: '2026-07-01', segmentation__as_of: '2026-07-01 02:00:00+00:00', "
     "segmentation__time_zone: America/New_York}",
     "var segmentation__history_start_date = 2026-07-01 is after var segmentation__as_of = 2026-07-01 02:00:00+00:00, "
     "which is on 2026-06-30 in America/New_York"),
    ("{segmentation__threshold_overrides: {feedback_ratio: .nan}}",
     "threshold feedback_ratio = nan is not a finite non-negative number (var segmentation__thresholds, preset or "
     "overrides)"),
    ("{segmentation__threshold_overrides: {focus_ratio: .inf}}",
     "threshold focus_ratio = inf is not a finite non-negative number (var segmentation__thresholds, preset or "
     "overrides)"),
    ("{segmentation__threshold_overrides: {churn_days: .inf}}",
     "threshold churn_days = inf is not a non-negative whole number (var segmentation__thresholds, preset or "
     "overrides)"),
    # YAML 1.1 reads an exponent without a decimal point or a sign as text, as it does a number in quotes
    ("{segmentation__threshold_overrides: {feedback_ratio: 1e-3}}",
     "threshold feedback_ratio = '1e-3' is text, not a number (var segmentation__thresholds, preset or overrides): "
     "write it without quotes, and an exponent after a decimal point and with a sign (1.0e-3 or 1.0e+3, not 1e-3 or "
     "1.0e3, which YAML reads as text)"),
    ("{segmentation__threshold_overrides: {feedback_ratio: 1.0e3}}", "threshold feedback_ratio = '1.0e3' is text"),
    ("{segmentation__threshold_overrides: {churn_days: '90'}}",
     "threshold churn_days = '90' is text, not a number (var segmentation__thresholds, preset or overrides)"),
    ("{segmentation__preset: [daily]}",
     "var segmentation__preset = ['daily'] is not a preset; expected one of: daily, weekly, monthly"),
    ("{segmentation__personas: [{label: Everyone}]}",
     "var segmentation__personas = [{'label': 'Everyone'}]: it has no rule before the fallback; expected a list of "
     "rules, each {label, when}, the last (the fallback) with a label only"),
    # a persona's thresholds are also read by threshold_sensitivity's steps, when dbt parses the project
    ("{segmentation__personas: [{label: Fan, when: 'total_reactions > {fans}'}, {label: Other}]}",
     "var segmentation__personas, rule 'Fan' (when: total_reactions > {fans}) names unknown threshold(s) fans"),
    # a threshold in double braces was named by its value: "unknown threshold(s) 60"
    ("{segmentation__personas: [{label: Fan, when: 'days_since_last_message > {{churn_days}}'}, {label: Other}]}",
     "var segmentation__personas, rule 'Fan' (when: days_since_last_message > {{churn_days}}): { is not part of the "
     "rule language"),
    # a rule holds label and when, the fallback label only: any other key was dropped without a word
    ("{segmentation__personas: [{label: Weekend Warrior, when: 'messages_last_7d >= 1', summary: x}, {label: Other}]}",
     "var segmentation__personas holds the rule {'label': 'Weekend Warrior', 'when': 'messages_last_7d >= 1', "
     "'summary': 'x'} with the unknown key 'summary'; a rule holds only label and when, the last (the fallback) only "
     "label"),
    ("{segmentation__reaction_behaviors: [{label: Fan, when: 'total_reactions > 1', descripton: x, window: 30}, "
     "{label: Other}]}", "with the unknown keys 'descripton', 'window'; a rule holds only label and when"),
    ("{segmentation__engagement_levels: [{label: Active, when: 'messages_last_7d > 1'}, "
     "{label: Other, Whne: 'total_reactions > 0'}]}",
     "var segmentation__engagement_levels holds the rule {'label': 'Other', 'Whne': 'total_reactions > 0'} with the "
     "unknown key 'Whne'"),
    ("{segmentation__time_of_day_bands: [{label: Early, 'label ': Early, when: 'circular_mean_hour < 6'}, "
     "{label: Late}]}", "var segmentation__time_of_day_bands holds the rule {'label': 'Early', 'label ': 'Early', "
     "'when': 'circular_mean_hour < 6'} with the unknown key 'label '"),
    # two labels that differ by a space only were two rows that look alike in the report and its charts
    ("{segmentation__personas: [{label: Fan, when: 'total_reactions > 1'}, {label: 'Fan '}]}",
     "var segmentation__personas has the label 'Fan ', with a blank or invisible character at its start or end; "
     "write it without: reports show it as 'Fan'"),
    # a zero-width space, which trim() keeps (found by a review)
    ('{segmentation__engagement_levels: [{label: Active, when: "messages_last_7d > 1"}, {label: "Active\\u200b"}]}',
     "var segmentation__engagement_levels has the label 'Active\\u200b', with a blank or invisible character at its "
     "start or end; write it without: reports show it as 'Active'"),
    ("{segmentation__engagement_levels: []}",
     "var segmentation__engagement_levels = []: it has no rule before the fallback; expected a list of rules"),
    ("{segmentation__conversation_preferences: 'messages_1on1 > 0'}",
     "var segmentation__conversation_preferences = messages_1on1 > 0: it is not a list; expected a list of rules"),
    # a quoted 'false' is text, which Jinja reads as true: it turned the other tapbacks on
    ("{segmentation__count_other_tapbacks: 'false'}",
     "var segmentation__count_other_tapbacks = 'false' is not true or false; write true or false without quotes"),
    ("{segmentation__count_other_tapbacks: 0}", "var segmentation__count_other_tapbacks = 0 is not true or false"),
    ('{segmentation__staff_name_patterns: ["%Coach\\0%"]}',
     "var segmentation__staff_name_patterns holds %Coach\\x00%: a pattern is non-empty text without quotes, "
     "semicolons, backslashes, comment markers or control characters"),
    # checked while the option is off too: it failed only when a later run turned it on
    ("{segmentation__other_tapback_patterns: [\"x'; drop --\", 5]}",
     "var segmentation__other_tapback_patterns holds x'; drop --: a pattern is non-empty text without quotes"),
    ("{segmentation__other_tapback_patterns: 'Laughed at %'}",
     "var segmentation__other_tapback_patterns = Laughed at % is not a list of LIKE patterns such as ['Loved %']"),
    # the rule language: every token checked, the offending one named
    (rule_list("coalesce(reaction_rate, 0) > {feedback_ratio}"),
     RULE.format("coalesce(reaction_rate, 0) > {feedback_ratio}") + "coalesce is not a metric; a rule reads "
     "total_messages_sent, messages_last_30d, messages_last_7d, days_since_last_message"),
    (rule_list("total_reactionz >= 3"), RULE.format("total_reactionz >= 3") + "total_reactionz is not a metric"),
    (rule_list("last_message_date > 0"), RULE.format("last_message_date > 0") + "last_message_date is not a metric"),
    (rule_list("total_reactions >= 3; drop table persons"),
     RULE.format("total_reactions >= 3; drop table persons") + "; is not part of the rule language"),
    (rule_list("total_reactions >= '3'"), RULE.format("total_reactions >= '3'") + "' is not part of the rule language"),
    (rule_list(" * ".join(["total_reactions"] * 12) + " > 1"),
     RULE.format(" * ".join(["total_reactions"] * 12) + " > 1") + "it multiplies or divides more than 10 times"),
    (rule_list("messages_group > 22." + "9" * 40),
     RULE.format("messages_group > 22." + "9" * 40) + "22." + "9" * 40 + " has more than 17 significant digits"),
    (rule_list("total_reactions >= 3 --"), RULE.format("total_reactions >= 3 --") + "the condition ends where a "
     "metric, a number, - or ( is expected"),
    (rule_list("total_reactions"), RULE.format("total_reactions") + "total_reactions is a number where a condition "
     "(a comparison, between or is null) is expected"),
    (rule_list("total_reactions > 1 > 0"), RULE.format("total_reactions > 1 > 0") + "unexpected >; expected and, or, "
     "or the end of the condition"),
    (rule_list("(total_reactions > 1) * 2 > 0"),
     RULE.format("(total_reactions > 1) * 2 > 0") + "(total_reactions > 1) is a condition where a number is expected"),
    (rule_list("total_reactions between 1 or 3"),
     RULE.format("total_reactions between 1 or 3") + "unexpected or; expected and (between ... and ...)"),
    (rule_list("(total_reactions > 1"), RULE.format("(total_reactions > 1") + "the condition ends where ) is expected"),
    (rule_list("total_reactions is 1"), RULE.format("total_reactions is 1") + "unexpected 1; expected null"),
    (rule_list("(" * 11 + "total_reactions > 1" + ")" * 11),
     RULE.format("(" * 11 + "total_reactions > 1" + ")" * 11) + "parentheses, not and unary - nest more than 10 deep"),
    # numbers: 0 or from 1e-15 to 1e15 in size (1e999999 overflowed PostgreSQL's numeric inside a model)
    (rule_list("total_reactions > 1e999999"),
     RULE.format("total_reactions > 1e999999") + "1e999999 is out of range; a number is 0 or from 1e-15 to 1e15 in "
     "size"),
    (rule_list("reaction_rate > 1e-999999"), RULE.format("reaction_rate > 1e-999999") + "1e-999999 is out of range"),
    (rule_list("total_reactions > 1" + "0" * 16), RULE.format("total_reactions > 1" + "0" * 16) + "1" + "0" * 16
     + " is out of range"),
    (rule_list("circular_mean_hour > 3"), RULE.format("circular_mean_hour > 3") + "circular_mean_hour is not a metric"),
    (rule_list("{very_active_messages}d > 3"),
     RULE.format("{very_active_messages}d > 3") + "unexpected d; expected and, or, or the end of the condition"),
    # PostgreSQL read it as the abbreviation, a fixed +01:00 all year, where the zone CET changes its clocks
    ("{segmentation__time_zone: CET}",
     "var segmentation__time_zone = CET is also a time zone abbreviation, which PostgreSQL reads before the zone of "
     "that name: a fixed offset of 1:00:00 from UTC, without the zone's changes of clock. Name the zone by its region "
     "instead, e.g. Europe/Paris or America/New_York"),
    # segment_migration's labels of users who enter or leave: text that no other segment has
    ('{segmentation__history_entered_label: "a\\0b"}',
     "var segmentation__history_entered_label = 'a\\x00b' is not a label: expected non-empty text without control "
     "characters or a blank at its start or end, e.g. '(entered)'"),
    ("{segmentation__history_left_label: [x]}",
     "var segmentation__history_left_label = ['x'] is not a label: expected non-empty text"),
    ("{segmentation__history_left_label: 5}", "var segmentation__history_left_label = 5 is not a label"),
    ("{segmentation__history_entered_label: ' '}", "var segmentation__history_entered_label = ' ' is not a label"),
    # shown trimmed, it would look like the persona it is kept apart from
    ("{segmentation__history_left_label: 'Churned '}",
     "var segmentation__history_left_label = 'Churned ' is not a label: expected non-empty text without control "
     "characters or a blank at its start or end, e.g. '(left)'"),
    ("{segmentation__history_entered_label: Churned, segmentation__history_left_label: Churned}",
     "var segmentation__history_entered_label and var segmentation__history_left_label are both Churned; "
     "segment_migration needs two different labels, for users who entered and users who left"),
    ("{segmentation__history_left_label: Churned}",
     "var segmentation__history_left_label = Churned is also a label of segmentation__personas; segment_migration "
     "would not tell users who left from those going to Churned: choose a label that no rule gives"),
    ("{segmentation__history_entered_label: Non-Reactor}",
     "var segmentation__history_entered_label = Non-Reactor is also a label of segmentation__reaction_behaviors"),
    # found by an adversarial review: Python's errors, naming no var ('int' object is not iterable; Invalid
    # isoformat string, \d having read fullwidth digits)
    ("{segmentation__thresholds: 5}",
     "var segmentation__thresholds = 5 is not a mapping of threshold names to numbers"),
    ("{segmentation__presets: [daily]}",
     "var segmentation__presets = ['daily'] is not a mapping of preset names to mappings of threshold names to "
     "numbers"),
    ("{segmentation__as_of: '\uff12\uff10\uff12\uff16-03-15 12:00:00+00:00'}",
     "var segmentation__as_of = \uff12\uff10\uff12\uff16-03-15 12:00:00+00:00 is not an ISO 8601 timestamp"),
    # read in a model's SQL (the history's, persona_summary's), which dbt renders when it parses the project
    ("{segmentation__history_grain: fortnight}",
     "var segmentation__history_grain = fortnight is not a period length; expected day, week or month"),
    ("{segmentation__min_persona_users: -1}",
     "var segmentation__min_persona_users = -1 is not a whole number of users, 0 or more"),
    # the drift alert's vars
    ("{segmentation__history_drift_min_users: '0 and false'}",
     "var segmentation__history_drift_min_users = 0 and false is not a whole number of users, 0 or more"),
    ("{segmentation__history_drift_max_points: abc}",
     "var segmentation__history_drift_max_points = abc is not a number of percentage points from 0 to 100"),
    ("{segmentation__history_drift_max_points: -3}",
     "var segmentation__history_drift_max_points = -3 is not a number of percentage points"),
    ("{segmentation__history_drift_trailing_max_points: .nan}",
     "var segmentation__history_drift_trailing_max_points = nan is not a number of percentage points from 0 to 100"),
    ("{segmentation__history_drift_trailing_periods: 1.5}",
     "var segmentation__history_drift_trailing_periods = 1.5 is not a whole number of periods, 0 (off) or more"),
    ("{segmentation__history_drift_lookback_periods: 0}",
     "var segmentation__history_drift_lookback_periods = 0 is not a whole number of periods, 1 or more"),
    ("{segmentation__history_drift_severity: fatal}",
     "var segmentation__history_drift_severity = fatal is not a severity: warn or error"),
    ("{segmentation__history_drift_watched_personas: [At Risk Churm]}",
     "var segmentation__history_drift_watched_personas = ['At Risk Churm'] is not a list of persona labels (At Risk "
     "Churm is no persona); the personas: Power User, Engaged Couple"),
    ("{segmentation__history_drift_watched_personas: Churned}",
     "var segmentation__history_drift_watched_personas = Churned is not a list of persona labels; the personas: "
     "Power User"),
]


@pytest.mark.parametrize(("cli_vars", "expected"), BAD_CONFIGURATION)
def test_bad_configuration_stops_the_run_before_anything_is_built(cli_vars, expected, server, connection):
    result = run_dbt(["build", "--vars", cli_vars], server, schema="bad_configuration", check=False, quiet=True)
    assert not result.success
    assert expected in describe_failure(result)
    assert fetch(connection, "select count(*) from information_schema.tables "
                             "where table_schema like 'bad_configuration%'")[1] == [(0,)]
