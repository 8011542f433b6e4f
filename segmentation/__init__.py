"""Tooling around the dbt project, the `segmentation` command (cli.py): the local warehouse, the sample data, the demo,
the report, the docs site, the benchmark, pull-request builds and MetricFlow; and what its commands share."""

import contextlib
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# the persona's dimension in segment_distribution(_history).metric and segment_migration.dimension: its name in the
# rule registry (macros/rules/rule_sets.sql)
PERSONA_DIMENSION = "Persona"


def step(message: str) -> None:
    """A command's progress: what it starts now, on stderr (stdout is the command's output)."""
    print(f"\n>>> {message}", file=sys.stderr, flush=True)


def fetch_rows(connection, query, params=()) -> list[dict[str, object]]:
    """The rows of a read-only query, as column name to value; its transaction is rolled back, even when the query
    fails, so that the connection serves the next one (a rollback that fails, on a connection lost, is left
    unsaid: the query's own error says more)."""
    import psycopg2

    try:
        with connection.cursor() as cursor:
            cursor.execute(query, params)
            columns = [column.name for column in cursor.description]
            return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
    finally:
        with contextlib.suppress(psycopg2.Error):
            connection.rollback()


def mart_columns() -> dict[str, set[str]]:
    """The columns each mart declares in its models YAML (the contract the marts are built to on PostgreSQL)."""
    import yaml

    return {model["name"]: {column["name"] for column in model.get("columns", [])}
            for path in sorted((PROJECT_ROOT / "models" / "marts").glob("*/_*__models.yml"))
            for model in yaml.safe_load(path.read_text())["models"]}


def project_vars() -> dict:
    """The vars of dbt_project.yml, as the project ships them: the defaults the SQL reads."""
    import yaml

    return yaml.safe_load((PROJECT_ROOT / "dbt_project.yml").read_text())["vars"]


def make_directory(option: str, path: Path, error: type[Exception]) -> None:
    """mkdir -p of the directory a command-line option names: one that cannot be made (a file of its name or on its
    path, a parent that cannot be written) raises `error`, the caller's, naming the option and the path."""
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as cause:
        raise error(f"{option} {path}: cannot create the directory: {cause}") from cause
