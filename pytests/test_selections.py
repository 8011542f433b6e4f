"""Every node selection the README, docs/ or the project's YAML names builds on its own, on a fresh schema.

For each selector S: `dbt build --exclude S` on an empty schema, then `dbt build --select S` on top of it; so
both a selection and everything but it build, with every test passing. A selection that the rest reads (the
incremental models a crash emptied) is built first instead, on its ancestors, and the rest on top of it.
"""

from __future__ import annotations

import re

import pytest

from pytests.conftest import dbt_warnings, fetch
from segmentation import PROJECT_ROOT, sample_data
from segmentation.dbt_project import describe_failure, run_dbt
from segmentation.raw_tables import load_raw_tables

# builds on real servers for minutes: `make test-slow` (CI runs it after `make test`)
pytestmark = pytest.mark.slow

# selectors that need another run's artifacts (--state, run_results) are not builds of their own
NEEDS_ARTIFACTS = ("state:", "result:", "source_status:")


def named_selectors() -> list[str]:
    """The argument of every --select / --exclude in the README, docs/ and the project's YAML and SQL."""
    files = [PROJECT_ROOT / "README.md", *(PROJECT_ROOT / "docs").glob("*.md"), PROJECT_ROOT / "dbt_project.yml",
             *(path for folder in ("models", "macros", "snapshots", "seeds", "tests")
               for pattern in ("*.yml", "*.sql") for path in (PROJECT_ROOT / folder).rglob(pattern))]
    selectors = {selector.rstrip(".,")  # a sentence's full stop is not the selector's
                 for path in files
                 for selector in re.findall(r"--(?:select|exclude)\s+([^\s`'\"|;)]+)", path.read_text())}
    return sorted(selector for selector in selectors if not selector.startswith(NEEDS_ARTIFACTS))


def test_the_named_selectors_are_found():
    """The harvest works: docs/ and dbt_project.yml name these."""
    assert {"tag:history", "+tag:history", "tag:drift_alert", "tag:shipped_rules"} <= set(named_selectors())


@pytest.fixture(scope="module")
def raw(connection) -> dict[str, object]:
    load_raw_tables(connection, "raw_selections", sample_data.generate())
    return {"segmentation__source_schema": "raw_selections",
            "segmentation__as_of": sample_data.SAMPLE_AS_OF.isoformat()}


@pytest.mark.parametrize("selector", named_selectors())
def test_a_named_selection_and_the_rest_build_on_their_own(server, raw, selector):
    schema = "selection_" + re.sub(r"\W+", "_", selector).strip("_").lower()
    nodes = selector.lstrip("+")  # an exposure's `+` ancestors are the selection's, not the rest's
    ancestors = "+" + re.sub(r"^\d*\+", "", nodes)  # `1+model` has the model's ancestors too
    assert run_dbt(["ls", "--select", selector], server, schema=schema, variables=raw, quiet=True).result, (
        f"the docs name `--select {selector}`, which selects nothing")
    read_by_the_rest = run_dbt(["ls", "--select", f"{nodes}+", "--exclude", nodes, "--resource-types", "model",
                                "--output", "name"], server, schema=schema, variables=raw, quiet=True).result
    if read_by_the_rest:
        # its ancestors, with the tests that read nothing else
        run_dbt(["build", "--select", ancestors, "--exclude", nodes, "--indirect-selection", "cautious"], server,
                schema=schema, variables=raw, quiet=True)
        run_dbt(["build", "--select", selector], server, schema=schema, variables=raw, quiet=True)
        run_dbt(["build", "--exclude", nodes], server, schema=schema, variables=raw, quiet=True)
    else:
        run_dbt(["build", "--exclude", nodes], server, schema=schema, variables=raw, quiet=True)
        run_dbt(["build", "--select", selector], server, schema=schema, variables=raw, quiet=True)


def test_dbt_test_on_a_target_never_built_says_what_to_build(server, raw):
    """`dbt test` builds nothing: on a schema where the models were never built, each of its 170 or so tests failed
    on PostgreSQL's "relation does not exist". It stops before running any, saying that the target was never built
    and what to run, with the command's --vars (found by a review: it listed the models in an order that changed
    from run to run, and its commands without the --vars failed on the default raw schema)."""
    result = run_dbt(["test"], server, schema="selection_never_built", variables=raw, quiet=True, check=False)
    assert not result.success
    message = describe_failure(result)
    said = re.search(r"this selection reads (\d+) models and 1 snapshot of the project without building them, and "
                     r"none exists in the warehouse: a target never built\. No test was run\. Build them first: dbt "
                     r"run \(with the same --vars\), then dbt snapshot --select user_personas_snapshot \(with the "
                     r"same --vars\)\.", message)
    # every model, the snapshot apart (it was counted among them)
    assert said and int(said.group(1)) == len(list((PROJECT_ROOT / "models").rglob("*.sql"))), message
    result = run_dbt(["run", "--select", "user_segments"], server, schema="selection_never_built", variables=raw,
                     quiet=True, check=False)
    assert "Nothing was built. Build them first: dbt run (with the same --vars)." in describe_failure(result), (
        describe_failure(result))
    result = run_dbt(["test", "--select", "persona_definitions"], server, schema="selection_never_built", variables=raw,
                     quiet=True, check=False)
    message = describe_failure(result)
    assert re.search(r"this selection reads persona_definitions without building it \(\w+.*\), and it does not "
                     r"exist in the warehouse: .* No test was run\. Build it first: dbt run --select "
                     r"persona_definitions \(with the same --vars\)\.", message), message


def test_a_built_target_whose_staging_views_went_with_a_reload_is_not_said_never_built(server, connection):
    """Found by a review: a load of the raw tables drops them with cascade, and the staging views with them; a
    selection of the tables over those views then said that the target was never built. It names the views."""
    reloaded = {"segmentation__source_schema": "raw_selections_reloaded",
                "segmentation__as_of": sample_data.SAMPLE_AS_OF.isoformat()}
    load_raw_tables(connection, "raw_selections_reloaded", sample_data.generate())
    selection = ["int_persons_screened", "int_messages_joined_to_senders"]
    run_dbt(["run", "--select", *(f"+{name}" for name in selection)], server, schema="selection_reloaded",
            variables=reloaded, quiet=True)
    load_raw_tables(connection, "raw_selections_reloaded", sample_data.generate())
    result = run_dbt(["run", "--select", *selection], server, schema="selection_reloaded", variables=reloaded,
                     quiet=True, check=False)
    message = describe_failure(result)
    assert "never built" not in message.replace("never built, or a view PostgreSQL dropped", ""), message
    assert ("Build them first: dbt run --select stg_raw__conversations stg_raw__messages stg_raw__person_contacts "
            "stg_raw__persons (with the same --vars)") in message, message


def test_a_view_dropped_with_what_it_reads_is_named(server, connection, raw):
    """dbt rebuilds a relation by dropping the old one with cascade, and PostgreSQL drops the views over it with it:
    the command that rebuilt the relation alone warns which views are gone, up the chain of views over views, and
    what builds them again; a later selection that reads one without building it stops before building anything,
    naming every missing model and what to run, instead of failing on a database error. Tests are not readers:
    a selection whose tests also read models never built still builds its models."""
    schema = "selection_dropped_views"

    def run(arguments: list[str], check: bool = True):
        warnings, collect = dbt_warnings()
        result = run_dbt(arguments, server, schema=schema, variables=raw, quiet=True, check=check, callbacks=[collect])
        return result, [warning for warning in warnings if "does not exist" in warning or "do not exist" in warning]

    run(["build", "--select", "+user_segments"], check=False)  # some of its tests read models not built yet
    assert fetch(connection, f"select count(*) from {schema}.user_segments")[1][0][0] > 0
    run(["run"])
    _, warnings = run(["run", "--full-refresh", "--select", "int_persons_activity_aggregated_half_0"])
    # with the command's --vars: without them the command read the default raw schema and failed
    assert [warning for warning in warnings if re.search(
        r"dbt run --select (int_persons_activity_aggregated int_users_segmented_over_time|"
        r"int_users_segmented_over_time int_persons_activity_aggregated) \(with the same --vars\)$", warning)], warnings
    _, warnings = run(["run", "--select", "int_persons_activity_aggregated_half_0"])
    assert not warnings, "an incremental run, which drops nothing, was taken for the one that dropped the views"
    result, _ = run(["run", "--select", "tag:history"], check=False)
    assert not result.success
    message = describe_failure(result)
    assert "Nothing was built" in message, message
    command = re.search(r"Build them first: (dbt run --select [\w ]+)", message)
    assert command and set(command.group(1).split()[3:]) == {
        "int_users_segmented_over_time", "int_persons_activity_aggregated"}, message
    _, warnings = run(command.group(1).split()[1:])
    assert not warnings
    run(["run", "--select", "tag:history"])
    # a mart rebuilt alone drops no other: segmented_users, read by the semantic layer, was a view over it that
    # went with it, and the build failed on its relationships test
    result, warnings = run(["build", "--select", "user_segments"], check=False)
    assert result.success, describe_failure(result)
    assert not warnings
    assert fetch(connection, f"select count(*) from {schema}.segmented_users")[1][0][0] > 0


def test_views_outside_the_project_over_what_a_command_replaces_are_named_before_it_runs(server, connection, raw):
    """Found by a review: dbt's drop … cascade took a BI user's view over user_segments with it, without a word. An
    incremental run, which replaces nothing, names none; nor does a selection that leaves the mart alone."""
    schema = "selection_outside_views"

    def warned(arguments: list[str]) -> list[str]:
        warnings, collect = dbt_warnings()
        run_dbt(arguments, server, schema=schema, variables=raw, quiet=True, callbacks=[collect])
        return [warning for warning in warnings if "of no model of this project" in warning]

    run_dbt(["run", "--select", "+user_segments"], server, schema=schema, variables=raw, quiet=True)
    with connection.cursor() as cursor:
        cursor.execute(f"create schema bi_outside; create view bi_outside.churn as select persona from "
                       f"{schema}.user_segments; create view bi_outside.churn_count as select count(*) from "
                       f"bi_outside.churn; create view bi_outside.messages as select count(*) from "
                       f"{schema}_intermediate.int_messages_joined_to_senders")
    connection.commit()
    assert warned(["run", "--select", "int_messages_joined_to_senders", "persona_definitions"]) == []
    # the project's own views over what it replaces are warn_of_views_dropped's
    assert warned(["run", "--full-refresh", "--select", "int_persons_activity_aggregated_half_0"]) == []
    said = warned(["run", "--select", "user_segments"])
    assert len(said) == 1 and "read what this command replaces: bi_outside.churn (reads user_segments). dbt " \
        "replaces a table or view by dropping the old one with cascade" in said[0], said
    assert fetch(connection, "select count(*) from pg_views where schemaname = 'bi_outside'")[1] == [(1,)]
    # a seed is emptied and loaded again, and replaced on --full-refresh only
    with connection.cursor() as cursor:
        cursor.execute(f"create view bi_outside.excluded as select person_id from {schema}.excluded_persons")
    connection.commit()
    assert warned(["seed"]) == []
    said = warned(["seed", "--full-refresh"])
    assert len(said) == 1 and "bi_outside.excluded (reads excluded_persons)" in said[0], said
