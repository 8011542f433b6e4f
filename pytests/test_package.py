"""Installed as a dbt package: a host project with this one in its packages.yml builds the marts inside itself,
with the package's hooks, grants and tests, and reads the public marts by two-argument ref."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from pytests.conftest import dbt_warnings, fetch
from segmentation import PROJECT_ROOT, sample_data
from segmentation.dbt_project import DbtError, describe_failure, run_dbt
from segmentation.raw_tables import load_raw_tables
from segmentation.roles import bi_reader_role

# builds on real servers for minutes: `make test-slow` (CI runs it after `make test`)
pytestmark = pytest.mark.slow

SCHEMA, RAW_SCHEMA = "host", "raw_host"
PACKAGE = "user_segmentation"


def host_project(directory: Path, models: dict[str, str]) -> Path:
    """A host dbt project in `directory` that installs this project from its checkout (`git:` in real life)."""
    project = {
        "name": "host_analytics", "version": "1.0.0", "config-version": 2, "profile": "user_segmentation",
        # the package's vars, namespaced as a host sets them
        "vars": {PACKAGE: {"segmentation__source_schema": RAW_SCHEMA,
                           "segmentation__as_of": sample_data.SAMPLE_AS_OF.isoformat()},
                 # the host's own, which the package leaves alone without a word
                 "time_zone": "Europe/Paris", "segmentation_reports": {"owner": "ops"}, "user_segmentation_id": 3},
        # the package's versions of dbt's own macros before dbt's, as docs/warehouse.md tells a host
        "dispatch": [{"macro_namespace": "dbt", "search_order": ["host_analytics", PACKAGE, "dbt"]}],
    }
    (directory / "dbt_project.yml").write_text(yaml.safe_dump(project))
    (directory / "packages.yml").write_text(yaml.safe_dump({"packages": [{"local": str(PROJECT_ROOT)}]}))
    (directory / "models").mkdir(exist_ok=True)
    for name, sql in models.items():
        (directory / "models" / f"{name}.sql").write_text(sql)
    from dbt.cli.main import dbtRunner

    result = dbtRunner().invoke(["deps", "--project-dir", str(directory)])
    assert result.success, result.exception
    return directory


@pytest.fixture(scope="module")
def host_build(server, connection, tmp_path_factory):
    load_raw_tables(connection, RAW_SCHEMA, sample_data.generate())
    host = host_project(tmp_path_factory.mktemp("host"), {
        "host_personas": f"select persona, user_count from {{{{ ref('{PACKAGE}', 'persona_summary') }}}}",
    })
    warnings, collect = dbt_warnings()
    result = run_dbt(["build", "--target-path", str(host / "target")], server, schema=SCHEMA, quiet=True,
                     callbacks=[collect], project_dir=host)
    return host, {node.node.unique_id: str(node.status) for node in result.result}, warnings


def test_the_host_build_runs_the_packages_models_tests_and_hooks(host_build):
    _, statuses, _ = host_build
    package_nodes = {node: status for node, status in statuses.items() if f".{PACKAGE}." in node}
    kinds = {node.split(".", 1)[0] for node in package_nodes}
    assert {"model", "seed", "snapshot", "test", "unit_test", "operation"} <= kinds
    assert {f"operation.{PACKAGE}.{PACKAGE}-on-run-start-0", f"operation.{PACKAGE}.{PACKAGE}-on-run-end-0"} <= set(
        package_nodes)
    assert {node: status for node, status in statuses.items()
            if status not in {"success", "pass", "no-op"}} == {}
    assert statuses["model.host_analytics.host_personas"] == "success"


def test_the_marts_land_in_the_host_schema_and_the_reader_may_select_them(host_build, connection):
    _, host_rows = fetch(connection, f"select persona, user_count from {SCHEMA}.host_personas order by 1")
    _, marts = fetch(connection, f"select persona, user_count from {SCHEMA}.persona_summary order by 1")
    assert host_rows == marts and len(marts) > 1
    role = bi_reader_role()
    query = "select has_table_privilege(%s, %s, 'select'), has_schema_privilege(%s, %s, 'usage')"
    _, granted = fetch(connection, query, (role, f"{SCHEMA}.persona_summary", role, SCHEMA))
    assert granted == [(True, True)]


def test_a_second_host_run_takes_the_incremental_path(host_build, server, connection):
    """The package's incremental strategy renders the models' predicates (Jinja strings) when it runs, in the host's
    context too: a second run, with nothing new, succeeds and leaves the marts as they were."""
    host, _, _ = host_build
    _, before = fetch(connection, f"select persona, user_count from {SCHEMA}.persona_summary order by 1")
    result = run_dbt(["run", "--target-path", str(host / "target")], server, schema=SCHEMA, quiet=True,
                     project_dir=host)
    assert {str(node.status) for node in result.result} == {"success"}
    assert fetch(connection, f"select persona, user_count from {SCHEMA}.persona_summary order by 1")[1] == before


def test_the_host_may_not_build_on_the_private_models(host_build, server):
    host, _, _ = host_build
    (host / "models" / "host_staging.sql").write_text(f"select * from {{{{ ref('{PACKAGE}', 'stg_raw__persons') }}}}")
    try:
        with pytest.raises(DbtError, match="private"):
            run_dbt(["parse", "--target-path", str(host / "target")], server, schema=SCHEMA, quiet=True,
                    project_dir=host)
    finally:
        (host / "models" / "host_staging.sql").unlink()


def run_in_changed_host(host: Path, server, change: Callable[[dict], None]):
    """`dbt run` of one mart in the host with its dbt_project.yml changed by `change`, put back afterwards."""
    project_file = host / "dbt_project.yml"
    written = project_file.read_text()
    project = yaml.safe_load(written)
    change(project)
    project_file.write_text(yaml.safe_dump(project))
    try:
        return run_dbt(["run", "--select", "persona_definitions", "--target-path", str(host / "target")], server,
                       schema=SCHEMA, check=False, quiet=True, project_dir=host)
    finally:
        project_file.write_text(written)


@pytest.mark.parametrize(("scoped", "name", "nearest"), [
    (False, "segmentation__as_off", "segmentation__as_of"),
    (True, "segmentation__source_shema", "segmentation__source_schema"),
    (True, "preset", "segmentation__preset"),  # under the package's name, every var is the package's
    (True, 1, None),  # a YAML key that is a number crashed the check
])
def test_a_misspelled_var_in_the_host_project_stops_its_run(host_build, server, scoped, name, nearest):
    """A host sets the package's vars in its own dbt_project.yml, globally or under the package's name."""
    def misspell(project: dict) -> None:
        (project["vars"][PACKAGE] if scoped else project["vars"])[name] = "raw_host"

    result = run_in_changed_host(host_build[0], server, misspell)
    assert not result.success
    assert f"var {name} is not a var of this project" + (f"; did you mean {nearest}?" if nearest else " (its vars"
                                                           ) in describe_failure(result)


@pytest.mark.parametrize(("granted_folders", "astray"), [
    ([], r"\w+"),
    (["marts"], "metricflow_time_spine"),  # the semantic models are granted too (found by a review)
    (["marts", "semantic"], None),  # as docs/warehouse.md tells a host
])
def test_a_reader_role_the_host_sets_must_reach_the_grants(host_build, server, granted_folders, astray):
    """dbt reads the models' grants before any vars: block, so a reader role in the host's vars went to the hooks
    only, and the marts were granted to bi_reader without a word (found by an adversarial test)."""
    def set_the_role(project: dict) -> None:
        project["vars"][PACKAGE]["segmentation__bi_reader_role"] = "analyst"
        project["models"] = {PACKAGE: {folder: {"+grants": {"select": ["analyst"]}} for folder in granted_folders}}

    result = run_in_changed_host(host_build[0], server, set_the_role)
    if astray is None:
        assert result.success, describe_failure(result)
    else:
        assert not result.success
        assert re.search(r"var segmentation__bi_reader_role = 'analyst', set in the host project's dbt_project.yml, "
                         r"does not reach the grants of \d+ model\(s\), which dbt reads before any vars: block: "
                         + astray + r" grants select to bi_reader\.", describe_failure(result))


def test_the_host_build_logs_no_warning(host_build):
    """With the dispatch setting docs/warehouse.md gives a host, dbt takes the package's versions of its own macros
    (postgres__snapshot_get_time: the snapshot's clock is its labels' as_of) before dbt's: without it, dbt warned
    that the snapshot's timestamps (dbt's clock, without a time zone) do not match its updated_at."""
    _, _, warnings = host_build
    assert warnings == []
