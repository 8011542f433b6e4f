"""Macros laid out as dbt-utils lays them out: one public macro per file, named as the file, documented with
each of its arguments in its folder's _<folder>__macros.yml."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from segmentation import PROJECT_ROOT

FOLDERS = sorted(path for path in (PROJECT_ROOT / "macros").iterdir() if path.is_dir())
# dispatched implementations (engine__name, dbt's own overrides too) and private steps (_name) are not public
PRIVATE = re.compile(r"_|\w+__")


def signatures(path: Path) -> dict[str, list[str]]:
    """{macro name: its argument names} of a macro file."""
    found = {}
    # up to the tag's end: a default may hold parentheses (local_day='cast(sent_at_local as date)')
    for name, arguments in re.findall(r"{%-?\s*macro\s+(\w+)\s*\((.*?)\)\s*-?%}", path.read_text(), re.S):
        found[name] = re.findall(r"(?:^|,)\s*(\w+)\s*(?==|,|$)", arguments.strip())
    return found


def documented(folder: Path) -> dict[str, list[str]]:
    """{macro name: its documented argument names} of a folder's _*.yml, each macro described."""
    macros = {}
    for path in folder.glob("_*.yml"):
        for macro in yaml.safe_load(path.read_text())["macros"]:
            assert macro.get("description"), f"{path.name}: {macro['name']} has no description"
            for argument in macro.get("arguments", []):
                assert argument.get("description") and argument.get("type"), f"{macro['name']}: {argument}"
            macros[macro["name"]] = [argument["name"] for argument in macro.get("arguments", [])]
    return macros


def test_every_macro_folder_is_checked():
    assert {folder.name for folder in FOLDERS} == {
        "access", "activity", "configuration", "cross_db", "history", "rules", "seeds", "selection", "timeline"}


def test_engine_helpers_called_from_other_folders_are_in_cross_db():
    """A dispatched macro of this project outside macros/cross_db/ is a step of its own folder's checks (the raw
    tables' catalog reads and text tests in configuration/): no model, test or other folder calls it."""
    dispatched = {path.stem: path.parent for path in (PROJECT_ROOT / "macros").rglob("*.sql")
                  if f"adapter.dispatch('{path.stem}'" in path.read_text()}
    callers = [path for folder in ("macros", "models", "tests", "snapshots", "analyses")
               for path in (PROJECT_ROOT / folder).rglob("*.sql")] + [PROJECT_ROOT / "dbt_project.yml"]
    for name, folder in dispatched.items():
        if folder.name != "cross_db":
            outside = [path.relative_to(PROJECT_ROOT) for path in callers
                       if path.parent != folder and re.search(rf"\b{name}\(", path.read_text())]
            assert not outside, f"{name}, dispatched, is called from {outside}: it belongs in macros/cross_db/"


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda folder: folder.name)
def test_one_documented_public_macro_per_file_named_as_the_file(folder):
    docs = documented(folder)
    for path in sorted(folder.glob("*.sql")):
        macros = signatures(path)
        public = [name for name in macros if not PRIVATE.match(name)]
        assert public in ([path.stem], []), f"{path.relative_to(PROJECT_ROOT)} defines {public}"
        assert path.stem in docs, f"{path.stem} is not in {folder.name}/_*.yml"
        if path.stem in public:  # dbt's own macros overridden (engine__name) keep dbt's arguments
            assert docs[path.stem] == macros[path.stem], f"{path.stem}: arguments documented {docs[path.stem]}"
        # an implementation of `x` lives beside x: engine__x in x.sql
        for name in macros:
            engine_of = re.fullmatch(r"(?:default|postgres|duckdb|spark)__(\w+)", name)
            if engine_of and path.stem in public:
                assert engine_of.group(1) == path.stem, f"{path.name} holds {name}"
    files = {path.stem for path in folder.glob("*.sql")}
    assert set(docs) - files <= {name for path in folder.glob("*.sql") for name in signatures(path)}, (
        f"{folder.name}/_*.yml documents macros that no longer exist: {set(docs) - files}")
