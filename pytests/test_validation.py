"""The Validation section's numbers: the threshold sensitivity against rebuilds with each shifted threshold, the
nearest misses against the users' metrics and the rules, the small samples, and a clustering that repeats."""

from __future__ import annotations

import math
import operator
import re
import warnings

import pytest

from pytests.conftest import fetch
from segmentation import project_vars, sample_data
from segmentation.dbt_project import describe_failure, run_dbt
from segmentation.validation import (
    CLUSTER_COUNTS,
    Clustering,
    NotClustered,
    Validation,
    cluster,
    read_validation,
    render_markdown,
)

PROJECT_VARS = project_vars()
COMPARISONS = {">=": operator.ge, ">": operator.gt, "<=": operator.le, "<": operator.lt, "=": operator.eq,
               "<>": operator.ne, "!=": operator.ne}
# thresholds set onto users of the sample, so that a step moves some of them (at the defaults none sits there)
# what a rebuild with other thresholds runs: the labels and the mart the check reads
RELABELLED = ("int_users_segmented_over_time", "int_users_segmented", "user_personas")
ON_THE_USERS = {"very_active_messages": 46, "power_reactor_reactions": 7, "lurker_messages_30d": 8,
                "churn_days": 65, "feedback_ratio": 0.05}


def persona_thresholds() -> list[str]:
    """The thresholds the persona rules read, as dbt_project.yml writes them (the window is chosen, not moved)."""
    names = []
    for rule in PROJECT_VARS["segmentation__personas"]:
        for name in re.findall(r"\{(\w+)\}", rule.get("when", "")):
            if name not in names and name != "engagement_window_days":
                names.append(name)
    return names


def test_sensitivity_moves_every_persona_threshold_one_step(sample, connection):
    _, rows = fetch(connection, f"select threshold, threshold_kind, step, threshold_value, shifted_value, "
                                f"user_count, step_user_count from {sample.schema}.threshold_sensitivity")
    thresholds = PROJECT_VARS["segmentation__thresholds"]
    assert {(threshold, step) for threshold, _, step, *_ in rows} == {
        (name, step) for name in persona_thresholds() for step in ("down", "up")}
    totals: dict[tuple[str, str], int] = {}
    for threshold, kind, step, value, shifted, users, _ in rows:
        assert value == thresholds[threshold]
        if threshold.endswith("_ratio"):
            assert kind == "ratio" and shifted == pytest.approx(value * (0.9 if step == "down" else 1.1))
        else:
            assert kind == ("days" if threshold.endswith("_days") else "count")
            assert shifted == value + (-1 if step == "down" else 1)
        totals[(threshold, step)] = totals.get((threshold, step), 0) + users
    for threshold, _, step, *_, step_users in rows:
        assert step_users == totals[(threshold, step)]


@pytest.mark.slow
def test_sensitivity_equals_rebuilds_with_each_shifted_threshold(build_project, server, connection):
    """Brute force: for a step of each threshold, rebuild the labels with the threshold moved through --vars and
    count the users whose persona changed. On the sample with some thresholds set onto its users, so that steps
    move people."""
    overrides = {"segmentation__threshold_overrides": ON_THE_USERS}
    build = build_project("sensitivity", sample_data.generate(), sample_data.SAMPLE_AS_OF, **overrides)
    _, before = fetch(connection, f"select person_id, persona from {build.schema}.user_personas")
    before_personas = dict(before)
    _, rows = fetch(connection, f"select threshold, threshold_kind, step, shifted_value, from_persona, to_persona, "
                                f"user_count from {build.schema}.threshold_sensitivity")
    expected: dict[tuple[str, str], dict[tuple[str, str], int]] = {}
    shifted_values: dict[tuple[str, str], float] = {}
    kinds: dict[str, str] = {}
    for threshold, kind, step, shifted, from_persona, to_persona, users in rows:
        shifted_values[(threshold, step)], kinds[threshold] = shifted, kind
        moves = expected.setdefault((threshold, step), {})
        if users:
            moves[(from_persona, to_persona)] = users
    # each threshold one step, up and down in turn, so that each kind (count, days, ratio) moves both ways: a
    # rebuild for every step took over five minutes
    steps = [(threshold, ("down", "up")[index % 2]) for index, threshold in enumerate(persona_thresholds())]
    assert {(kinds[threshold], step) for threshold, step in steps} == {
        (kind, step) for kind in ("count", "days", "ratio") for step in ("down", "up")}
    assert any(expected[step] for step in steps), "no step moves anyone: the check would prove nothing"
    try:
        for threshold, step in steps:
            shifted = shifted_values[(threshold, step)]
            value = int(shifted) if shifted == int(shifted) and kinds[threshold] != "ratio" else shifted
            variables = {**build.variables,
                         "segmentation__threshold_overrides": {**ON_THE_USERS, threshold: value}}
            run_dbt(["run", "--select", *RELABELLED], server,
                    schema=build.schema, variables=variables, quiet=True)
            _, after = fetch(connection, f"select person_id, persona from {build.schema}.user_personas")
            changed: dict[tuple[str, str], int] = {}
            for person_id, persona in after:
                if persona != before_personas[person_id]:
                    key = (before_personas[person_id], persona)
                    changed[key] = changed.get(key, 0) + 1
            assert len(after) == len(before_personas)
            assert changed == expected[(threshold, step)], (threshold, step, value)
    finally:  # the schema as its build left it
        run_dbt(["run", "--select", *RELABELLED], server,
                schema=build.schema, variables=build.variables, quiet=True)


def split_terms(criteria: str) -> list[str]:
    """The terms of a rendered rule joined by `and` (a between keeps its own `and`)."""
    parts, terms = criteria.split(" and "), []
    while parts:
        part = parts.pop(0)
        terms.append(f"{part} and {parts.pop(0)}" if " between " in part else part)
    return terms


def evaluate(expression: str, user: dict[str, object]) -> float | None:
    names = re.findall(r"[a-z_][a-z0-9_]*", expression)
    if any(user[name] is None for name in names):
        return None
    # the rendered rules' arithmetic (metrics, numbers, + - * /), with the user's values and no builtins
    return eval(expression, {"__builtins__": {}}, {name: float(user[name]) for name in names})


def term_miss(term: str, user: dict[str, object]) -> tuple[bool, float, str | None, float | None]:
    """(fails, gap, the left side, its value) of one term, as docs/validation.md defines the gap."""
    between = re.fullmatch(r"(.+) between (\S+) and (\S+)", term)
    if between:
        left, low, high = between.groups()
        value = evaluate(left, user)
        if value is None:
            return True, 1.0, left, None
        bound = float(low) if value < float(low) else float(high)
        return not float(low) <= value <= float(high), abs(value - bound) / (abs(bound) or 1), left, value
    left, symbol, right = re.fullmatch(r"(.+?) (>=|<=|<>|!=|>|<|=) (.+)", term).groups()
    value, bound = evaluate(left, user), evaluate(right, user)
    if value is None or bound is None:
        return True, 1.0, left, value
    return not COMPARISONS[symbol](value, bound), abs(value - bound) / (abs(bound) or 1), left, value


def test_every_nearest_miss_is_consistent_with_the_metrics_and_the_rules(sample, connection):
    _, rules = fetch(connection, f"select persona, criteria from {sample.schema}.persona_definitions "
                                 f"order by priority")
    columns, rows = fetch(connection, f"select * from {sample.schema}.user_personas")
    order = [persona for persona, _ in rules]
    missed_some = 0
    for row in rows:
        user = dict(zip(columns, row, strict=True))
        above = [(persona, criteria) for persona, criteria in rules[:order.index(user["persona"])] if criteria]
        if not above:
            assert user["persona_nearest_miss"] is None and user["persona_nearest_miss_gap"] is None
            continue
        closeness = {}
        for priority, (persona, criteria) in enumerate(above):
            misses = [(term, *term_miss(term, user)) for term in split_terms(criteria)]
            failing = [miss for miss in misses if miss[1]]
            assert failing, f"{user['name']}: the rule of {persona}, above {user['persona']}, holds"
            closeness[persona] = (len(failing), sum(miss[2] for miss in failing), priority, failing)
        nearest = user["persona_nearest_miss"]
        assert nearest in closeness, (user["name"], nearest)
        best = min(closeness.values(), key=lambda c: c[:3])
        assert closeness[nearest][0] == best[0], user["name"]
        assert math.isclose(closeness[nearest][1], best[1], rel_tol=1e-9, abs_tol=1e-12), user["name"]
        parts = user["persona_nearest_miss_gap"].split("; ")
        failing = closeness[nearest][3]
        assert len(parts) == len(failing), (user["name"], parts)
        for part, (term, _, _, left, value) in zip(parts, failing, strict=True):
            shown, needs = re.fullmatch(rf"{re.escape(left)} = (\S+), needs (.+)", part).groups()
            assert (shown == "null" and value is None) or float(shown) == pytest.approx(value), part
            # what the term needs in the rule's words, and a bound that is no number with its value for the user
            # (found by a review: only the operator was checked)
            wanted = term.removeprefix(f"{left} ")
            if needs != wanted:
                shown_bound = re.fullmatch(rf"{re.escape(wanted)} \(= (\S+)\)", needs)
                assert shown_bound, (part, term)
                bound = evaluate(re.fullmatch(r"\S+ (.+)", wanted).group(1), user)
                assert (shown_bound.group(1) == "null" and bound is None) \
                    or float(shown_bound.group(1)) == pytest.approx(bound), part
                # whole numbers multiplied print as a whole number, as in the specification's integer arithmetic
                # (found by a review: the exact product printed messages_group * 2 as 20.0)
                if not re.search(r"[./]|reaction_rate|circular_mean_hour", wanted):
                    assert re.fullmatch(r"-?[0-9]+|null", shown_bound.group(1)), part
        missed_some += 1
    assert missed_some > 0


def test_small_personas_are_those_under_the_minimum_sample(sample, connection):
    _, rows = fetch(connection, f"select persona, user_count, is_small_sample from {sample.schema}.persona_summary")
    minimum = PROJECT_VARS["segmentation__min_persona_users"]
    assert rows and all(small == (users < minimum) for _, users, small in rows)


def test_clustering_gives_the_same_numbers_on_two_runs(sample, connection):
    first, second = read_validation(connection, sample.schema), read_validation(connection, sample.schema)
    assert first.clustering is not None and first.clustering == second.clustering
    clustering = first.clustering
    assert clustering.k in CLUSTER_COUNTS
    assert clustering.silhouettes[clustering.k] == max(clustering.silhouettes.values())
    assert -1 <= clustering.adjusted_rand_index <= 1
    _, counts = fetch(connection, f"select persona, user_count from {sample.schema}.persona_summary")
    assert {p: sum(row) for p, row in zip(clustering.personas, clustering.table, strict=True)} == dict(counts)
    assert [sum(column) for column in zip(*clustering.table, strict=True)] == list(clustering.cluster_sizes)
    assert list(clustering.cluster_sizes) == sorted(clustering.cluster_sizes, reverse=True)
    # the centres in the metrics' own units: the busiest cluster's mean of 7-day messages is among the users'
    _, [(low, high)] = fetch(connection, f"select min(messages_last_7d), max(messages_last_7d) "
                                         f"from {sample.schema}.user_personas")
    column = clustering.metrics.index("messages_last_7d")
    assert all(low <= centre[column] <= high for centre in clustering.centres)


def users_at(*points: tuple[float, float, str]) -> list[dict[str, object]]:
    return [{"person_id": i, "messages_last_7d": a, "total_reactions": b, "persona": persona}
            for i, (a, b, persona) in enumerate(points)]


METRICS, ORDER = ("messages_last_7d", "total_reactions"), ("Power User", "Other")


def test_users_with_identical_metrics_are_not_clustered_and_the_reason_is_given():
    """The silhouette needs 2 clusters or more: k-means on one point finds one, which scikit-learn refuses."""
    result = cluster(users_at(*[(4, 1, "Other")] * 6), METRICS, ORDER)
    assert result == NotClustered("Every one of the 6 segmented users has the same metrics, so there are no "
                                  "groups for k-means to find (the silhouette needs at least 2 distinct users).")
    assert cluster(users_at((4, 1, "Other"), (9, 2, "Other")), METRICS, ORDER).reason.startswith("Too few users")
    assert "nothing to cluster on" in cluster(users_at(*[(4, 1, "Other")] * 6), (), ORDER).reason


def test_no_more_clusters_are_tried_than_distinct_users():
    """Two distinct points among six users: k = 2 only; a larger k would leave clusters empty (k-means warns) and
    list silhouettes of clusterings that do not exist."""
    users = users_at(*[(4, 1, "Other")] * 4, *[(60, 12, "Power User")] * 2)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = cluster(users, METRICS, ORDER)
    assert isinstance(result, Clustering)
    assert list(result.silhouettes) == [2] and result.k == 2
    assert result.cluster_sizes == (4, 2) and result.table == ((0, 2), (4, 0)) and result.adjusted_rand_index == 1


@pytest.mark.parametrize("value", ["thirty", -1, 2.5])
def test_a_bad_minimum_sample_is_refused_naming_the_var(value, server):
    result = run_dbt(["compile", "--select", "persona_summary"], server,
                     variables={"segmentation__min_persona_users": value}, check=False, quiet=True)
    assert not result.success
    assert (f"var segmentation__min_persona_users = {value} is not a whole number of users, 0 or more"
            in describe_failure(result))


def test_rules_that_read_no_threshold_are_said_so():
    """Found by a review: persona rules without a threshold gave a table with no row and no word."""
    text = render_markdown(Validation((), (), (), "Other", NotClustered("no users")))
    assert "The persona rules read no threshold: there is none to move." in text
    assert "| Threshold |" not in text
