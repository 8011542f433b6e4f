"""Every configuration the README suggests builds the sample with every test passing, unit tests included,
and takes effect in the marts."""

from __future__ import annotations

import pytest

from pytests.conftest import fetch
from segmentation import project_vars, sample_data
from segmentation.dbt_project import run_dbt

# builds on real servers for minutes: `make test-slow` (CI runs it after `make test`)
pytestmark = pytest.mark.slow

VARS = project_vars()
# the reaction ladder as configured under a new top rung whose label has an apostrophe (the unit tests pin the
# thresholds, not the rules: they test the rule lists as shipped, and no row of theirs reaches 100 reactions)
APOSTROPHE_REACTIONS = [{"label": "Super Reactor's", "when": "total_reactions >= 100"},
                        *VARS["segmentation__reaction_behaviors"]]

# README, "Add a persona": a persona of one's own in the vars, here first in the list, so that first match wins
QUIET_FAN = "total_reactions >= {power_reactor_reactions} and messages_last_30d < {lurker_messages_30d}"
QUIET_FAN_HOLDS = QUIET_FAN.format(**VARS["segmentation__thresholds"])

# name: (vars, a condition every row of user_segments meets under them)
CONFIGURATIONS = {
    "preset_weekly": ({"segmentation__preset": "weekly"},
                      "(engagement_level = 'Very Active') = (messages_last_30d >= 20)"),
    "preset_monthly": ({"segmentation__preset": "monthly"},
                       "(engagement_level = 'Very Active') = (messages_last_30d >= 10)"),
    "churn_days_90": ({"segmentation__threshold_overrides": {"churn_days": 90}},
                      "(engagement_level = 'Churned') = coalesce(days_since_last_message > 90, true)"),
    "apostrophe_label": ({"segmentation__reaction_behaviors": APOSTROPHE_REACTIONS},
                         "(reaction_behavior = 'Super Reactor''s') = (total_reactions >= 100)"),
    "own_persona": ({"segmentation__personas": [{"label": "Quiet Fan", "when": QUIET_FAN},
                                                *VARS["segmentation__personas"]]},
                    f"(persona = 'Quiet Fan') = ({QUIET_FAN_HOLDS})"),
    # found by a review: unit tests that did not pin the patterns failed under patterns of one's own
    "own_patterns": ({"segmentation__reaction_patterns": ["Loved %", "Hearted %"],
                      "segmentation__count_other_tapbacks": True,
                      "segmentation__other_tapback_patterns": ["Laughed at %"],
                      "segmentation__staff_name_patterns": ["%Coach%", "%e%"]},
                     "name not like '%e%'"),
    # found by a review: threshold_sensitivity, with no threshold to move, failed on a syntax error
    "personas_without_thresholds": ({"segmentation__personas": [{"label": "Fan", "when": "total_reactions > 3"},
                                                                {"label": "Other"}],
                                     "segmentation__history_drift_watched_personas": ["Fan"]},
                                    "(persona = 'Fan') = (total_reactions > 3)"),
}
# the unit tests of the rule lists as shipped describe other rules than a list of one's own (README)
EXCLUDED = {"own_persona": ("tag:shipped_rules",), "personas_without_thresholds": ("tag:shipped_rules",)}


@pytest.mark.parametrize("name", CONFIGURATIONS)
def test_configuration_builds_with_every_test_passing(name, build_project, connection):
    variables, holds = CONFIGURATIONS[name]
    built = build_project(name, sample_data.generate(), sample_data.SAMPLE_AS_OF, exclude=EXCLUDED.get(name, ()),
                          **variables)
    assert [node for node in built.statuses if node.startswith("unit_test.")]
    assert {node: status for node, status in built.statuses.items() if status not in {"success", "pass"}} == {}
    _, rows = fetch(connection, f"select count(*), count(*) filter (where not ({holds})) from {name}.user_segments")
    users, not_holding = rows[0]
    assert users > 0
    assert not_holding == 0


@pytest.mark.parametrize(("rule_list", "models"), [
    ("segmentation__personas", ["int_users_segmented_over_time"]),
    ("segmentation__time_of_day_bands", ["int_users_segmented_over_time"]),
])
def test_every_metric_a_rule_may_read_is_a_column_where_the_rule_runs(rule_list, models, build_project, server,
                                                                       connection):
    built = build_project("preset_weekly", sample_data.generate(), sample_data.SAMPLE_AS_OF,
                          **CONFIGURATIONS["preset_weekly"][0])
    inline = "{{ rule_metrics('" + rule_list + "') | join(',') }}"
    result = run_dbt(["compile", "--inline", inline], server, schema=built.schema, variables=built.variables,
                     quiet=True)
    metrics = set(result.result.results[0].node.compiled_code.strip().split(","))
    assert "messages_last_7d" in metrics
    for model in models:
        _, rows = fetch(connection, "select column_name from information_schema.columns "
                                    "where table_schema = %s and table_name = %s",
                        (f"{built.schema}_intermediate", model))
        assert metrics <= {column for (column,) in rows}, model
