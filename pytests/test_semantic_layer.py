"""The semantic layer: `mf validate-configs` passes and `mf query` gives the marts' numbers, on the sample."""

from __future__ import annotations

import csv
import re
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
import yaml

from pytests.conftest import dbt_warnings, fetch
from segmentation import PROJECT_ROOT, cli, project_vars, sample_data
from segmentation.dbt_project import run_dbt
from segmentation.raw_tables import load_raw_tables
from segmentation.semantic_layer import mf, other_target, parse, project_view

DIMENSIONS = {"Engagement": "engagement_level", "Reaction": "reaction_behavior",
              "Conversation": "conversation_preference"}


@pytest.fixture(scope="module")
def view(server, sample) -> Path:
    """The project parsed for the sample's schema, in a view of its own beside this session's server."""
    view = project_view(server.data_dir.with_name(server.data_dir.name + "-metricflow"))
    parse(server, sample.schema, view)
    return view


def query(server, schema: str, view: Path, *args: str) -> list[dict[str, str]]:
    """`mf query <args>` as CSV rows."""
    output = view / "query.csv"
    output.unlink(missing_ok=True)
    completed = mf(["query", *args, "--csv", str(output)], server, schema, view)
    assert completed.returncode == 0 and output.exists(), completed.stdout + completed.stderr
    with output.open(newline="") as handle:
        return list(csv.DictReader(handle))


def test_validate_configs_passes_against_the_warehouse(server, sample, view):
    completed = mf(["validate-configs"], server, sample.schema, view)
    output = completed.stdout + completed.stderr
    assert completed.returncode == 0, output
    assert "Successfully validated metrics against data warehouse" in output, output
    assert "Breaking issues" not in output


def test_mf_on_the_local_server_whatever_dbt_target_says(server, sample, view, monkeypatch, capsys):
    """The profile follows DBT_TARGET: a developer's own `export DBT_TARGET=warehouse` must not send it elsewhere,
    and segmentation mf says which server it reads."""
    monkeypatch.setenv("DBT_TARGET", "warehouse")
    for variable in ("PGHOST", "PGUSER", "PGDATABASE"):
        monkeypatch.delenv(variable, raising=False)
    assert query(server, sample.schema, view, "--metrics", "users")
    assert cli.main(["mf", "--data-dir", str(server.data_dir), "--schema", sample.schema, "--", "list",
                     "metrics"]) == 0
    said = capsys.readouterr()
    assert "users" in said.out
    assert (f"segmentation mf: reading schema {sample.schema} on the local server ({server.data_dir}), not "
            f"DBT_TARGET warehouse: on another target, run mf itself (docs/warehouse.md)") in said.err


@pytest.mark.parametrize(("dbt_target", "named"), [(None, None), ("", None), ("local", None), ("duckdb", "duckdb")])
def test_segmentation_mf_names_dbt_target_when_it_is_another_than_the_local(dbt_target, named, monkeypatch):
    if dbt_target is None:
        monkeypatch.delenv("DBT_TARGET", raising=False)
    else:
        monkeypatch.setenv("DBT_TARGET", dbt_target)
    assert other_target() == named


def test_segmentation_mf_without_a_local_server_says_it_reads_that_alone(tmp_path, capsys):
    """With DBT_TARGET=warehouse, it pointed to `make demo` alone, not to mf itself for the other targets."""
    assert cli.main(["mf", "--data-dir", str(tmp_path / "data"), "--", "list", "metrics"]) == 1
    said = capsys.readouterr().err
    assert said.startswith("mf failed: no server runs on "), said  # the command's name, as the other commands say it
    assert ("`make demo` starts one. segmentation mf reads the local server alone: on another target, run mf itself "
            "(docs/warehouse.md)") in said


def test_metrics_by_persona_equal_persona_summary(server, sample, view, connection):
    rows = query(server, sample.schema, view, "--metrics",
                 "users,share_of_users,avg_messages_per_user,avg_weekly_messages_per_user,avg_reactions_per_user,"
                 "at_risk_users", "--group-by", "user__persona,metric_time__day")
    columns, summary = fetch(connection, f"select persona, user_count, avg_total_messages, avg_weekly_messages, "
                                         f"avg_reactions from {sample.schema}.persona_summary")
    expected = {row[0]: dict(zip(columns, row, strict=True)) for row in summary}
    total = sum(record["user_count"] for record in expected.values())
    assert {row["user__persona"] for row in rows} == set(expected)
    for row in rows:
        mart = expected[row["user__persona"]]
        assert row["metric_time__day"].startswith(sample.as_of.date().isoformat())
        assert int(row["users"]) == mart["user_count"]
        assert Decimal(row["share_of_users"]) == pytest.approx(Decimal(100 * mart["user_count"]) / total)
        # persona_summary rounds the same averages to integers
        for metric, column in [("avg_messages_per_user", "avg_total_messages"),
                               ("avg_weekly_messages_per_user", "avg_weekly_messages"),
                               ("avg_reactions_per_user", "avg_reactions")]:
            rounded = Decimal(row[metric]).quantize(Decimal(1), rounding=ROUND_HALF_UP)
            assert rounded == mart[column], (row["user__persona"], metric)
        at_risk = int(row["at_risk_users"] or 0)
        assert at_risk == (mart["user_count"] if row["user__persona"] == "At Risk Churn" else 0)


def test_users_by_each_dimension_equal_segment_distribution(server, sample, view, connection):
    rows = query(server, sample.schema, view, "--metrics", "users,share_of_users", "--group-by",
                 ",".join(f"user__{column}" for column in DIMENSIONS.values()))
    _, distribution = fetch(connection, f"select metric, segment, user_count, percentage "
                                        f"from {sample.schema}.segment_distribution")
    for metric, column in DIMENSIONS.items():
        users: dict[str, int] = {}
        shares: dict[str, Decimal] = {}
        for row in rows:  # one row per combination of the three labels: add up to each dimension
            label = row[f"user__{column}"]
            users[label] = users.get(label, 0) + int(row["users"])
            shares[label] = shares.get(label, Decimal(0)) + Decimal(row["share_of_users"])
        expected = {segment: (count, pct) for name, segment, count, pct in distribution if name == metric}
        assert users == {segment: count for segment, (count, _) in expected.items()}, metric
        for segment, (_, percentage) in expected.items():
            assert shares[segment].quantize(Decimal("0.1"), rounding=ROUND_HALF_UP) == percentage, (metric, segment)


def test_persona_users_and_shares_over_time_equal_the_history(server, sample, view, connection):
    rows = query(server, sample.schema, view, "--metrics", "users_over_time,share_of_users_over_time",
                 "--group-by", "metric_time__day,user_snapshot__persona")
    _, history = fetch(connection, f"""
        select period_last_date, persona, count(*),
               100.0 * count(*) / sum(count(*)) over (partition by period_last_date)
        from {sample.schema}.user_persona_history group by period_last_date, persona""")
    assert len(rows) == len(history) > 10
    expected = {(day.isoformat(), persona): (users, share) for day, persona, users, share in history}
    for row in rows:
        users, share = expected[(row["metric_time__day"][:10], row["user_snapshot__persona"])]
        assert int(row["users_over_time"]) == users
        assert Decimal(row["share_of_users_over_time"]) == pytest.approx(share)


def test_metric_filters_and_measures_name_defined_personas():
    """Metric filters and measures repeat persona labels (MetricFlow renders no var): each must be one of the
    definition."""
    personas = {persona["label"] for persona in
                project_vars()["segmentation__personas"]}
    semantic = yaml.safe_load((PROJECT_ROOT / "models/semantic/_semantic__metrics.yml").read_text())
    texts = [metric.get("filter", "") for metric in semantic["metrics"]] + [
        measure.get("expr", "") for model in semantic["semantic_models"] for measure in model.get("measures", [])]
    named = {label for text in texts for label in re.findall(r"= '([^']+)'", text)}
    assert named, "no metric filter or measure names a persona"
    assert named <= personas, f"unknown persona(s) in metric filters or measures: {named - personas}"


def test_a_persona_list_without_a_label_the_semantic_layer_counts_warns_naming_both(server, connection):
    """A user's persona list that renames At Risk Churn: the run warns that at_risk_users and its measure over
    time count nobody; the shipped list gives no such warning."""
    load_raw_tables(connection, "raw_semantic_labels", {})
    shipped = project_vars()["segmentation__personas"]
    renamed = [{**rule, "label": "Fading"} if rule["label"] == "At Risk Churn" else rule for rule in shipped]
    said = {}
    for name, personas in [("shipped", shipped), ("renamed", renamed)]:
        warnings, collect = dbt_warnings()
        run_dbt(["run", "--select", "persona_definitions"], server, schema="semantic_labels", quiet=True,
                variables={"segmentation__source_schema": "raw_semantic_labels", "segmentation__personas": personas,
                           "segmentation__history_drift_watched_personas": ["Churned"]},
                callbacks=[collect])
        said[name] = [message for message in warnings if "the semantic layer's" in message]
    assert said["shipped"] == []
    assert len(said["renamed"]) == 2, said["renamed"]
    for what in ["metric at_risk_users", "measure history_at_risk_users of segmented_users_history"]:
        assert any(f"the semantic layer's {what} counts the persona 'At Risk Churn', which var "
                   "segmentation__personas does not name: it counts nobody" in message
                   for message in said["renamed"]), said["renamed"]



@pytest.mark.slow  # a daily history of the sample, and the project parsed for it: about a minute
def test_at_risk_users_over_time_are_those_of_each_weeks_last_period_end(build_project, server, connection):
    """Found by a review: the metric's filter on the persona applied before MetricFlow picked each week's last
    period end, so a week whose last day had no At Risk Churn user showed an earlier day's."""
    daily = build_project("sample_daily", sample_data.generate(), sample_data.SAMPLE_AS_OF,
                          segmentation__history_grain="day")
    view = project_view(server.data_dir.with_name(server.data_dir.name + "-metricflow-daily"))
    parse(server, daily.schema, view)
    rows = query(server, daily.schema, view, "--metrics", "at_risk_users_over_time,users_over_time",
                 "--group-by", "metric_time__week")
    _, history = fetch(connection, f"""
        with last_days as (
            select date_trunc('week', period_last_date)::date as week, max(period_last_date) as last_date
            from {daily.schema}.user_persona_history group by 1
        )
        select last_days.week, count(*) filter (where history.persona = 'At Risk Churn'), count(*)
        from last_days
        inner join {daily.schema}.user_persona_history as history on history.period_last_date = last_days.last_date
        group by last_days.week""")
    expected = {week.isoformat(): (at_risk, users) for week, at_risk, users in history}
    actual = {row["metric_time__week"][:10]: (int(row["at_risk_users_over_time"] or 0), int(row["users_over_time"]))
              for row in rows}
    assert actual == expected
