"""Tooling around the dbt project: the local warehouse, the sample data and the demo."""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# the persona's dimension in segment_distribution(_history).metric and segment_migration.dimension: its name in the
# rule registry (macros/rules/rule_sets.sql)
PERSONA_DIMENSION = "Persona"


def project_vars() -> dict:
    """The vars of dbt_project.yml, as the project ships them: the defaults the SQL reads."""
    import yaml

    return yaml.safe_load((PROJECT_ROOT / "dbt_project.yml").read_text())["vars"]
