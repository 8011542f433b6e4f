"""Lint the SQL that dbt writes from models/, snapshots/ and macros/: compile the project on an empty DuckDB
(nothing to start, no data needed) and run sqlfluff on the compiled models and snapshots with
lint/compiled.sqlfluff. The pre-commit hook `sqlfluff-compiled` runs it; paths in its report are those of the
source files (models/..., snapshots/...), whose macros wrote the SQL reported."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from dbt.cli.main import dbtRunner

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SNAPSHOT = re.compile(r"{%-?\s*snapshot\s+\w+\s*-?%}(.*?){%-?\s*endsnapshot\s*-?%}", re.DOTALL)


def dbt(*args: str, profiles: Path) -> object:
    result = dbtRunner().invoke(["--quiet", "--log-level", "none", *args, "--target", "duckdb",
                                 "--profiles-dir", str(profiles), "--project-dir", str(PROJECT_ROOT)])
    if not result.success:
        errors = [f"{run.node.unique_id}: {run.message}" for run in getattr(result.result, "results", [])
                  if str(run.status) == "error"]
        raise SystemExit(f"dbt {args[0]} failed: {result.exception or '; '.join(errors)}")
    return result


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="lint-compiled-") as directory:
        work = Path(directory)
        (work / "profiles").mkdir()
        shutil.copyfile(PROJECT_ROOT / "profiles.example.yml", work / "profiles" / "profiles.yml")
        os.environ.update({"DUCKDB_PATH": str(work / "lint.duckdb"), "DBT_SCHEMA": "analytics",
                           "DBT_TARGET_PATH": str(work / "target"), "DBT_LOG_PATH": str(work / "logs")})
        dbt("compile", "--select", "resource_type:model", "--indirect-selection", "empty", profiles=work / "profiles")
        root = work / "target" / "compiled" / "user_segmentation"
        # dbt compile writes no snapshot: each snapshot's query is compiled as an inline query
        for path in sorted((PROJECT_ROOT / "snapshots").glob("*.sql")):
            body = SNAPSHOT.search(path.read_text()).group(1)
            result = dbt("compile", "--inline", body, profiles=work / "profiles")
            compiled = root / "snapshots" / path.name
            compiled.parent.mkdir(parents=True, exist_ok=True)
            compiled.write_text(result.result.results[0].node.compiled_code.strip() + "\n")
        return subprocess.run(["sqlfluff", "lint", "--config", str(PROJECT_ROOT / "lint" / "compiled.sqlfluff"),
                               "models", "snapshots"], cwd=root, check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
