"""One var namespace: every var of dbt_project.yml is segmentation__*. A var passed under its old name
(macros/configuration/renamed_vars.sql) is honoured with one warning naming both names; the old and the new name
with different values stop the run before anything is built, and so does a var the project does not declare, in its
namespace or a few letters from one of its vars (test_package: set in a host project)."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from pytests.conftest import dbt_warnings, fetch, relations
from segmentation import PROJECT_ROOT, project_vars
from segmentation.dbt_project import describe_failure, run_dbt
from segmentation.raw_tables import load_raw_tables

AS_OF = datetime(2026, 6, 30, 12, tzinfo=UTC)
TABLE = PROJECT_ROOT / "macros" / "configuration" / "renamed_vars.sql"


def renamed_vars() -> dict[str, str]:
    """The deprecation table: old name -> new name."""
    return dict(re.findall(r"'(\w+)': '(\w+)'", TABLE.read_text()))


def test_every_var_of_the_project_is_in_one_namespace():
    outside = [name for name in project_vars() if not name.startswith("segmentation__")]
    assert outside == []


def test_each_old_name_leads_to_a_var_of_the_project():
    table = renamed_vars()
    assert len(table) >= 20
    assert set(table.values()) <= set(project_vars())
    assert not set(table) & set(project_vars())


def test_old_names_are_read_only_where_dbt_renders_yaml_without_macros():
    """Outside the table, an old name is read only as var('<old>', var('<new>')), with the table's new name."""
    table = renamed_vars()
    paths = [PROJECT_ROOT / "dbt_project.yml"] + [
        path for folder in ["models", "macros", "snapshots", "tests", "analyses"]
        for path in (PROJECT_ROOT / folder).rglob("*") if path.suffix in {".sql", ".yml"} and path != TABLE]
    fallbacks = set()
    for path in paths:
        text = path.read_text()
        for name in re.findall(r"\bvar\('(\w+)'", text):
            assert name.startswith("segmentation__") or name in table, f"{path.name} reads var {name}"
        for old, new in re.findall(r"\bvar\('(\w+)', var\('(\w+)'", text):
            assert table.get(old) == new, f"{path.name} reads {old} for {new}"
            fallbacks.add(old)
        plain = re.findall(r"\bvar\('(\w+)'(?!, var\()", text)
        assert not set(plain) & set(table), f"{path.name} reads an old name without its new one"
    assert fallbacks  # the sources, the grants and the drift test read them so


@pytest.fixture(scope="module")
def raw_schema(connection) -> str:
    """Empty raw tables, enough for persona_definitions and the start-of-run checks."""
    load_raw_tables(connection, "raw_old_names", {})
    return "raw_old_names"


def test_an_old_name_is_honoured_with_one_warning(server, connection, raw_schema):
    schema = "old_names"
    warnings, collect = dbt_warnings()
    run_dbt(["run", "--select", "persona_definitions"], server, schema=schema, quiet=True,
            variables={"source_schema": raw_schema, "as_of": AS_OF.isoformat()}, callbacks=[collect])
    for old, new in [("as_of", "segmentation__as_of"), ("source_schema", "segmentation__source_schema")]:
        said = [message for message in warnings if f"var {old} is renamed {new}" in message]
        assert len(said) == 1, warnings
        assert f"pass {new} instead" in said[0]
    assert fetch(connection, f"select distinct as_of from {schema}.persona_definitions")[1] == [(AS_OF,)]


def test_a_history_var_takes_effect_under_its_new_name_and_its_old_one(server):
    for name in ["segmentation__history_grain", "history__grain"]:
        result = run_dbt(["compile", "--select", "int_history_periods"], server, quiet=True, variables={name: "month"})
        assert "date_trunc('month'" in result.result.results[0].node.compiled_code, name


@pytest.mark.parametrize(("variables", "expected"), [
    ({"segmentation__as_off": 1}, "var segmentation__as_off is not a var of this project; did you mean "
                                  "segmentation__as_of? (its vars: dbt_project.yml, docs/configuration.md)"),
    ({"segmentation__treshold_overrides": 1}, "did you mean segmentation__threshold_overrides?"),
    ({"segmentaton__preset": 1}, "var segmentaton__preset is not a var of this project; did you mean "
                                 "segmentation__preset?"),
    ({"segmentation__x": 1}, "var segmentation__x is not a var of this project (its vars"),
    ({"SEGMENTATION__AS_OF": 1}, "var SEGMENTATION__AS_OF is not a var of this project; did you mean "
                                 "segmentation__as_of?"),
    # the namespace written otherwise, and a misspelling besides (found by a review)
    ({"segmentation_history_grains": 1}, "did you mean segmentation__history_grain?"),
    ({"segmentation-as-of": 1}, "did you mean segmentation__as_of?"),
    ({"user_segmentation__preset": 1}, "did you mean segmentation__preset?"),
    # dbt reads --vars globally: the vars under the package's name reached nothing
    ({"user_segmentation": {"segmentation__preset": "monthly"}},
     "var user_segmentation holds vars for this package, but dbt reads the vars of --vars by their names alone"),
    ({"user_segmentaton": {"segmentation__preset": "monthly"}},
     "var user_segmentaton is not this package's name, user_segmentation, and dbt reads the vars of --vars by their "
     "names alone: the vars under it reach none of its models"),
])
def test_a_var_the_project_does_not_declare_stops_the_run_naming_the_one_it_is_near(
        server, connection, raw_schema, variables, expected):
    schema = "misspelled_vars"
    result = run_dbt(["run", "--select", "persona_definitions"], server, schema=schema, check=False, quiet=True,
                     variables={"segmentation__source_schema": raw_schema, **variables})
    assert not result.success
    assert expected in describe_failure(result)
    assert relations(connection, schema) == []


def test_a_var_another_project_may_read_is_left_to_it_and_said_where_it_is_ours_unprefixed(server, raw_schema):
    """A var without the namespace is left alone (a host project's own, say), near one of ours or not; one that is a
    var of this project without its prefix, left unread without a word before, is said in an info line: a warning
    would stop a --warn-error run on another project's var (found by a review)."""
    warnings, collect_warnings = dbt_warnings()
    said: list[str] = []
    run_dbt(["--warn-error", "run", "--select", "persona_definitions"], server, schema="other_vars", quiet=True,
            callbacks=[collect_warnings, lambda event: said.append(event.info.msg)],
            variables={"segmentation__source_schema": raw_schema, "preset": "monthly", "dashboard_owner": "ops",
                       "persons": 3, "prefix": "dev", "segmentation_enabled": True, "segmentation_reports": {"x": 1}})
    assert warnings == []
    assert [message for message in said if "is not a var of this project" in message] == [
        "var preset is not a var of this project, which leaves it unread; did you mean segmentation__preset? (a var "
        "of another project: ignore this)"]


@pytest.mark.parametrize(("old", "new", "old_value", "new_value"), [
    ("as_of", "segmentation__as_of", AS_OF.isoformat(), "2026-07-01T12:00:00+00:00"),
    ("history__grain", "segmentation__history_grain", "month", "day"),
])
def test_an_old_and_a_new_name_that_disagree_stop_the_run_naming_both(
        server, connection, raw_schema, old, new, old_value, new_value):
    schema = "old_and_new_names"
    result = run_dbt(["run", "--select", "persona_definitions"], server, schema=schema, check=False, quiet=True,
                     variables={"segmentation__source_schema": raw_schema, old: old_value, new: new_value})
    assert not result.success
    message = describe_failure(result)
    assert f"var {old} = {old_value} and var {new} = {new_value} are both set" in message, message
    assert f"pass {new} only" in message
    assert relations(connection, schema) == []


@pytest.mark.parametrize(("name", "value", "expected"), [
    ("history__grain", "fortnight", "var history__grain = fortnight is not a period length"),
    ("segmentation__history_grain", "fortnight", "var segmentation__history_grain = fortnight is not a period length"),
    ("as_of", "July 2026", "var as_of = July 2026 is not"),
])
def test_a_bad_value_is_refused_under_the_name_it_was_passed_as(server, name, value, expected):
    result = run_dbt(["compile", "--select", "int_history_periods"], server, check=False, quiet=True,
                     variables={name: value})
    assert not result.success
    assert expected in describe_failure(result)
