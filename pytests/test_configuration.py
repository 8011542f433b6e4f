"""A bad var stops the build at compile time with a message naming the var, the value and the expected form."""

from __future__ import annotations

import pytest

from segmentation.dbt_project import describe_failure, run_dbt


@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        ({"as_of": "yesterday"}, "var as_of = yesterday is not an ISO 8601 timestamp with an offset"),
        ({"as_of": "2026-06-30 12:00:00"}, "var as_of = 2026-06-30 12:00:00 is not an ISO 8601 timestamp"),
        ({"segmentation__time_zone": "Mars/Olympus"}, "var segmentation__time_zone = Mars/Olympus is not an IANA"),
        ({"incremental__lookback_days": -1}, "var incremental__lookback_days = -1 is not a whole number of days"),
        ({"incremental__lookback_days": "3d"}, "var incremental__lookback_days = 3d is not a whole number of days"),
        ({"postgres__work_mem": "lots"}, "var postgres__work_mem = lots is not a PostgreSQL memory size"),
        ({"postgres__work_mem": 256}, "var postgres__work_mem = 256 is not a PostgreSQL memory size"),
        ({"postgres__work_mem": "256 MB"}, "var postgres__work_mem = 256 MB is not a PostgreSQL memory size"),
        ({"segmentation__threshold_overrides": {"message_cut": "ten"}},
         "threshold message_cut = ten (var segmentation__thresholds, preset or overrides) is not a non-negative"),
        ({"segmentation__threshold_overrides": {"message_cut": -1}}, "threshold message_cut = -1 (var"),
        ({"segmentation__thresholds": {"message_cut": 5}},
         "var segmentation__thresholds lacks engagement_window_days, very_active_messages"),
        (
            {"segmentation__reaction_behaviors": [
                {"label": "Fan", "when": "total_reactions > {fans}"}, {"label": "Other"},
            ]},
            "names unknown threshold(s) fans",
        ),
        (
            {"segmentation__reaction_behaviors": [{"label": "Fan", "when": "total_reactions > 1"}]},
            "the last (the fallback) must have none",
        ),
    ],
)
def test_bad_var_is_refused_with_a_clear_message(variables, expected, server):
    result = run_dbt(["compile", "--select", "int_users_segmented"], server, variables=variables, check=False,
                     quiet=True)
    assert not result.success
    assert expected in describe_failure(result)


@pytest.mark.parametrize("as_of", ["2026-06-30 12:00:00+00:00", "2026-06-30T12:00Z", "2026-06-30 14:00:00+02"])
def test_as_of_accepts_iso_forms_with_an_offset(as_of, server):
    result = run_dbt(["compile", "--select", "int_persons_activity_aggregated"], server, variables={"as_of": as_of},
                     quiet=True)
    assert "'2026-06-30T" in result.result.results[0].node.compiled_code


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
