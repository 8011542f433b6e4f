"""Run this dbt project in-process against a server, with the example profile."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from segmentation import PROJECT_ROOT
from segmentation.localdb import LOCALDB_DIR, LocalServer

if TYPE_CHECKING:
    from segmentation.engines import Engine

PROFILES_DIR = LOCALDB_DIR / "profiles"


class DbtError(RuntimeError):
    """A dbt command failed; the message lists the nodes that failed and why."""


@contextlib.contextmanager
def _environment(values: Mapping[str, str]) -> Iterator[None]:
    saved = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@contextlib.contextmanager
def dbt_output_in(directory: Path) -> Iterator[None]:
    """dbt's target/ and logs/ in `directory` while the block runs, so that runs side by side never share them."""
    with _environment({"DBT_TARGET_PATH": str(directory / "target"), "DBT_LOG_PATH": str(directory / "logs")}):
        yield


def profiles_dir() -> str:
    # Always the checked-in example, so every test also proves that the example works. Copied beside, then renamed
    # into place: test workers side by side read the file while another one writes it.
    PROFILES_DIR.mkdir(parents=True, exist_ok=True)
    staged = PROFILES_DIR / f"profiles.yml.{os.getpid()}"
    shutil.copyfile(PROJECT_ROOT / "profiles.example.yml", staged)
    staged.replace(PROFILES_DIR / "profiles.yml")
    return str(PROFILES_DIR)


def run_dbt(
    args: Sequence[str],
    server: LocalServer | Engine,
    *,
    schema: str = "analytics",
    variables: Mapping[str, object] | None = None,
    check: bool = True,
    quiet: bool = False,
    callbacks: Sequence[Callable] = (),
    project_dir: Path = PROJECT_ROOT,
):
    """Invoke `dbt <args>` on the server's target (`local`, or an engine's), in `schema`, in this project (or
    `project_dir`, e.g. a project that installs this one as a package); raise DbtError on failure when `check`.
    `quiet` prints nothing of dbt's, not even its errors: the DbtError says them, once. `callbacks` receive dbt's
    events (its log lines among them)."""
    from dbt.cli.main import dbtRunner

    command = [
        *args,
        "--project-dir", str(project_dir),
        "--profiles-dir", profiles_dir(),
        "--target", getattr(server, "target", "local"),
    ]
    if variables:
        command += ["--vars", json.dumps(dict(variables), default=str)]
    if quiet:
        command = ["--log-level", "none", *command]
    with _environment({**server.env(), "DBT_SCHEMA": schema}):
        result = dbtRunner(callbacks=list(callbacks)).invoke(command)
    if check and not result.success:
        raise DbtError(f"dbt {' '.join(args)} failed:\n{describe_failure(result)}")
    return result


def release_duckdb_file() -> None:
    """dbt-duckdb keeps its database open after a command, its file locked against every other process, until
    this process exits (it closes it then): a tool that goes on after dbt, the docs' server, lets it go, so that
    a dbt run or a BI tool can open the file meanwhile. Nothing to do when no DuckDB target ran."""
    connections = sys.modules.get("dbt.adapters.duckdb.connections")
    if connections is not None:
        connections.DuckDBConnectionManager.close_all_connections()


def describe_failure(result) -> str:
    """The failing nodes of a dbt result with their messages, or the exception dbt raised."""
    if result.exception is not None:
        return str(result.exception)
    lines = [
        # a node's result holds the node; run-operation's, its unique_id alone
        f"  {getattr(node, 'node', node).unique_id}: {node.status} {node.message or ''}".rstrip()
        for node in (result.result or [])
        if str(node.status) in {"error", "fail", "runtime error"}
    ]
    return "\n".join(lines) or "  (no failing node reported)"
