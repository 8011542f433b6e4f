"""Tooling around the dbt project: the local warehouse, the sample data and the demo."""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
