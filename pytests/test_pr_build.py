"""A pull request's data tests: only the changed model and what is downstream of it are built and tested, in a
schema of their own that is dropped afterwards; everything else is read from production."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from pytests.conftest import fetch
from segmentation import PROJECT_ROOT, sample_data
from segmentation.dbt_project import run_dbt
from segmentation.pr_build import RELATIONS, make_marked_schema, pr_build, production_state
from segmentation.raw_tables import load_raw_tables
from segmentation.semantic_layer import PROJECT_ENTRIES
from segmentation.targets import Target

# builds on real servers for minutes: `make test-slow` (CI runs it after `make test`)
pytestmark = pytest.mark.slow

PRODUCTION, PULL_REQUEST, RAW = "prod_main", "pr_7", "raw_pr_build"
CHANGED = "model.user_segmentation.user_segments"
VARIABLES = {"segmentation__source_schema": RAW, "segmentation__as_of": sample_data.SAMPLE_AS_OF.isoformat()}


def git(directory: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(directory), "-c", "user.name=test", "-c", "user.email=test@example.com",
                    *args], check=True, capture_output=True)


@pytest.fixture(scope="module")
def repository(tmp_path_factory) -> Path:
    """A copy of the project in a git repository of its own, its main branch committed."""
    directory = tmp_path_factory.mktemp("project")
    for name in PROJECT_ENTRIES:
        source = PROJECT_ROOT / name
        if source.is_dir():
            shutil.copytree(source, directory / name)
        elif source.exists():
            shutil.copyfile(source, directory / name)
    git(directory, "init", "--quiet")
    git(directory, "add", ".")
    git(directory, "commit", "--quiet", "-m", "main")
    return directory


@pytest.fixture(scope="module")
def production(server, connection, repository, tmp_path_factory) -> Path:
    """main built into the production schema; its manifest kept as production's state."""
    load_raw_tables(connection, RAW, sample_data.generate())
    state = tmp_path_factory.mktemp("production-state")
    run_dbt(["build", "--target-path", str(state)], server, schema=PRODUCTION, variables=VARIABLES, quiet=True,
            project_dir=repository)
    return state


@pytest.fixture(scope="module")
def pull_request(production, repository, server):
    """The pull request changes one model; its build against production's state."""
    model = repository / "models" / "marts" / "segmentation" / "user_segments.sql"
    model.write_text(model.read_text() + "-- changed by the pull request\n")
    result, dropped = pr_build(server, production, PULL_REQUEST, VARIABLES, project_dir=repository)
    return result, dropped


def test_only_the_changed_model_and_its_children_are_built_and_tested(pull_request, production):
    result, _ = pull_request
    manifest = json.loads((production / "manifest.json").read_text())
    downstream, frontier = {CHANGED}, [CHANGED]
    while frontier:
        children = [child for child in manifest["child_map"][frontier.pop()] if child.split(".")[0] in RELATIONS]
        frontier += [child for child in children if child not in downstream]
        downstream.update(children)
    statuses = {node.node.unique_id: str(node.status) for node in result.result}
    built = {node for node in statuses if node.split(".")[0] in RELATIONS}
    assert built == downstream and len(built) > 1
    tests = {node for node in statuses if node.startswith("test.")}
    expected_tests = {test for test, parents in manifest["parent_map"].items()
                      if test.startswith("test.") and set(parents) & downstream}
    assert tests == expected_tests and tests
    assert {node: status for node, status in statuses.items() if status not in {"success", "pass", "no-op"}} == {}


def test_unchanged_parents_are_read_from_production(pull_request):
    result, _ = pull_request
    changed = next(node.node for node in result.result if node.node.unique_id == CHANGED)
    assert f'"{PRODUCTION}_intermediate"' in changed.compiled_code
    assert f'"{PULL_REQUEST}_intermediate"' not in changed.compiled_code


def test_the_pull_requests_schemas_are_dropped(pull_request, connection):
    _, dropped = pull_request
    assert PULL_REQUEST in dropped
    _, schemas = fetch(connection, "select schema_name from information_schema.schemata")
    names = {name for (name,) in schemas}
    assert not {name for name in names if name == PULL_REQUEST or name.startswith(f"{PULL_REQUEST}_")}
    assert PRODUCTION in names


def test_production_state_parsed_from_the_base_revision_serves_the_same_build(pull_request, repository, server,
                                                                             tmp_path, capsys):
    """CI's way: production's manifest parsed from the base revision (main, committed) instead of kept; said first,
    as it takes seconds (found by a newcomer: pr-build was silent meanwhile)."""
    state = production_state(server, "HEAD", PRODUCTION, tmp_path / "state", VARIABLES, project_dir=repository)
    assert f">>> parsing HEAD for schema {PRODUCTION}: production's manifest" in capsys.readouterr().err
    assert json.loads((state / "manifest.json").read_text())["nodes"][CHANGED]["schema"] == PRODUCTION
    result, dropped = pr_build(server, state, "pr_8", VARIABLES, project_dir=repository)
    kept, _ = pull_request
    assert {node.node.unique_id for node in result.result} == {node.node.unique_id for node in kept.result}
    changed = next(node.node for node in result.result if node.node.unique_id == CHANGED)
    assert f'"{PRODUCTION}_intermediate"' in changed.compiled_code
    assert "pr_8" in dropped


def test_a_schema_that_would_drop_production_is_refused(production, repository, server):
    with pytest.raises(ValueError, match="production"):
        pr_build(server, production, "prod", VARIABLES, project_dir=repository)
    with pytest.raises(ValueError, match="expected lower-case"):
        pr_build(server, production, "pr-7; drop", VARIABLES, project_dir=repository)


def test_a_schema_that_exists_is_refused_and_kept(production, repository, server, connection):
    """Found by a review: a --schema whose schemas existed was built into and dropped afterwards, with all it held
    (here the table of a user's pr_9_staging, a schema the build puts its staging views into)."""
    with connection.cursor() as cursor:
        cursor.execute("create schema pr_9_staging; create table pr_9_staging.kept as select 1 as x")
    connection.commit()
    with pytest.raises(ValueError, match=r"--schema 'pr_9': schema\(s\) pr_9_staging exist already"):
        pr_build(server, production, "pr_9", VARIABLES, project_dir=repository)
    assert fetch(connection, "select x from pr_9_staging.kept")[1] == [(1,)]


def test_a_role_that_may_not_create_schemas_is_told_the_grant(production, repository, server, connection):
    """Found by a review: pr-build makes the pull request's schema itself, and a role without CREATE on the
    database stopped there with PostgreSQL's bare "permission denied for database", naming no grant."""
    with connection.cursor() as cursor:
        cursor.execute("drop role if exists pr_builder; create role pr_builder login")
    connection.commit()
    target = Target("ci", "postgres", PRODUCTION, {**server.connect_kwargs(), "user": "pr_builder"})
    try:
        with pytest.raises(ValueError, match=r"role pr_builder may not create schemas in database .* schema pr_12 .* "
                                             r"grant create on database"):
            pr_build(target, production, "pr_12", VARIABLES, project_dir=repository)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("drop role pr_builder")
        connection.commit()


def test_the_schemas_an_interrupted_pr_build_left_are_dropped_by_the_next(production, repository, server, connection):
    """CI cancels a pr-build when the pull request moves on: the schema it made (marked) and the siblings its build
    made are left, and the next run of the same pull request drops them and builds."""
    make_marked_schema(server, "pr_11")
    with connection.cursor() as cursor:
        cursor.execute("create schema pr_11_staging; create view pr_11_staging.left_behind as select 1 as x")
    connection.commit()
    result, dropped = pr_build(server, production, "pr_11", VARIABLES, project_dir=repository)
    assert result.success and "pr_11" in dropped
    assert fetch(connection, "select nspname from pg_namespace where left(nspname, 5) = 'pr_11'")[1] == []


def test_a_pull_request_that_changes_nothing_builds_nothing_and_drops_its_schema(pull_request, repository, server,
                                                                              tmp_path):
    """The schemas said dropped are those that existed: the one pr-build made (four were said, three never made)."""
    state = tmp_path / "state"
    run_dbt(["parse", "--target-path", str(state)], server, schema=PRODUCTION, variables=VARIABLES, quiet=True,
            project_dir=repository)
    result, dropped = pr_build(server, state, "pr_10", VARIABLES, project_dir=repository)
    assert [node for node in result.result if node.node.resource_type in RELATIONS] == []
    assert dropped == {"pr_10"}
