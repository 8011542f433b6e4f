"""Tooling around the dbt project: the local warehouse, the sample data and the demo."""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# the persona's dimension in segment_distribution(_history).metric and segment_migration.dimension: its name in the
# rule registry (macros/rules/rule_sets.sql)
PERSONA_DIMENSION = "Persona"
