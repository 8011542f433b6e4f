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
        ({"segmentation__thresholds": {"message_cut": "ten"}}, "threshold message_cut = ten in var segmentation__"),
        ({"segmentation__thresholds": {"message_cut": -1}}, "threshold message_cut = -1 in var"),
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
