"""Run MetricFlow's `mf` on this project against a server and schema, leaving the project's target/ alone.

    segmentation mf [--data-dir DIR] [--schema SCHEMA] -- query --metrics users ...

`mf` reads the semantic manifest from `<project>/target/semantic_manifest.json`, whatever dbt's target path.
So each caller gets a view of the project: a directory of links to its files with a target/ of its own, where
`dbt parse` writes the manifest for the caller's schema. Tests run `mf` this way on their throwaway server.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from segmentation import PROJECT_ROOT
from segmentation.dbt_project import PROFILES_DIR, run_dbt
from segmentation.localdb import DEFAULT_DATA_DIR, LocalDbError, LocalServer, status
from segmentation.targets import LOCAL, local_schema

# what dbt and mf need from the project; everything else (target/, logs/, .localdb/, .git ...) stays out
PROJECT_ENTRIES = ("dbt_project.yml", "models", "macros", "tests", "analyses", "seeds", "snapshots")


def project_view(directory: Path) -> Path:
    """`directory` holding links to the project's files and an empty target/; created or refreshed."""
    directory.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_ENTRIES:
        link, source = directory / name, PROJECT_ROOT / name
        if link.is_symlink() or link.exists():
            link.unlink()
        if source.exists():
            link.symlink_to(source)
    shutil.rmtree(directory / "target", ignore_errors=True)
    return directory


def parse(server: LocalServer, schema: str, view: Path) -> Path:
    """`dbt parse` for `schema` into the view's target/; returns the semantic manifest it wrote."""
    target = view / "target"
    run_dbt(["parse", "--target-path", str(target)], server, schema=schema, quiet=True)
    return target / "semantic_manifest.json"


def mf(
    args: Sequence[str], server: LocalServer, schema: str, view: Path, timeout: float = 300
) -> subprocess.CompletedProcess:
    """`mf <args>` on the view (parsed before) against `schema`; the completed process, output as text."""
    environment = {
        **os.environ,
        **server.env(),
        "DBT_TARGET": "local",  # the profile follows DBT_TARGET: the caller's own must not send mf elsewhere
        "DBT_SCHEMA": schema,
        "DBT_PROJECT_DIR": str(view),
        "DBT_PROFILES_DIR": str(PROFILES_DIR),
        "DBT_LOG_PATH": str(view / "logs"),
        "DBT_TARGET_PATH": str(view / "target"),
    }
    executable = Path(sys.executable).with_name("mf")
    return subprocess.run(
        [str(executable), *args], cwd=view, env=environment, capture_output=True, text=True, timeout=timeout,
        check=False,
    )


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR, help="default: %(default)s")
    parser.add_argument("--schema", help="schema of the marts; default: the one the target local builds into")
    parser.add_argument("mf_args", nargs=argparse.REMAINDER, help="arguments of mf, after --")


def other_target() -> str | None:
    """The target DBT_TARGET names when it is not `local` (empty is unset, as dbt reads it): not the one mf reads."""
    return None if (os.environ.get("DBT_TARGET") or LOCAL) == LOCAL else os.environ["DBT_TARGET"]


def run(args: argparse.Namespace) -> int:
    server = status(args.data_dir.resolve())
    if server is None:
        print(f"mf failed: {LocalDbError(f'no server runs on {args.data_dir}')}; `make demo` starts one. "
              "segmentation mf reads the local server alone: on another target, run mf itself (docs/warehouse.md)",
              file=sys.stderr)
        return 1
    schema = args.schema or local_schema(server)
    if elsewhere := other_target():
        print(f"segmentation mf: reading schema {schema} on the local server ({args.data_dir}), not DBT_TARGET "
              f"{elsewhere}: on another target, run mf itself (docs/warehouse.md)", file=sys.stderr)
    view = project_view(args.data_dir.resolve().with_name(args.data_dir.name + "-metricflow"))
    parse(server, schema, view)
    completed = mf([arg for arg in args.mf_args if arg != "--"] or ["--help"], server, schema, view)
    print(completed.stdout, end="")
    print(completed.stderr, end="", file=sys.stderr)
    return completed.returncode
