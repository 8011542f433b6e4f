"""Governance the dbt ecosystem reads from the manifest: a group with an owner, and public marts for the exposures."""

from __future__ import annotations

import json

import pytest

from segmentation.dbt_project import run_dbt


def parsed(server, target) -> dict:
    """The manifest of a full parse (a new target path has no partial parse to reuse), as_of not set."""
    run_dbt(["parse", "--target-path", str(target)], server, quiet=True)
    return json.loads((target / "manifest.json").read_text())


@pytest.fixture(scope="module")
def manifest(server, tmp_path_factory) -> dict:
    return parsed(server, tmp_path_factory.mktemp("governance-target"))


def models(manifest: dict) -> dict[str, dict]:
    return {node["name"]: node for node in manifest["nodes"].values() if node["resource_type"] == "model"}


def test_every_model_seed_and_snapshot_has_an_owner(manifest):
    groups = {group["name"]: group for group in manifest["groups"].values()}
    owned = [node for node in manifest["nodes"].values() if node["resource_type"] in {"model", "seed", "snapshot"}]
    assert {node["resource_type"] for node in owned} == {"model", "seed", "snapshot"}
    for node in owned:
        assert node["group"] in groups, f"{node['unique_id']} is in no group"
        assert groups[node["group"]]["owner"].get("name"), f"the group of {node['unique_id']} has no owner"
        assert node["meta"].get("owner"), f"{node['unique_id']} has no meta.owner (dbt-score's has_owner)"


def test_exposures_read_public_models_and_the_layers_below_the_marts_are_private(manifest):
    by_id = {node["unique_id"]: node for node in models(manifest).values()}
    exposed = {parent for exposure in manifest["exposures"].values() for parent in exposure["depends_on"]["nodes"]}
    assert exposed
    for parent in exposed:
        assert by_id[parent]["access"] == "public", f"the exposures read {parent}, which is {by_id[parent]['access']}"
    for name, model in models(manifest).items():
        if model["fqn"][1] in {"staging", "intermediate"}:
            assert model["access"] == "private", name
        elif model["unique_id"] not in exposed:
            assert model["access"] == "protected", name


def test_no_config_depends_on_when_the_project_was_parsed(manifest, server, tmp_path):
    """dbt renders a config once, when it parses, and partial parsing keeps it for later commands; state:modified
    compares configs. A config holding the run's start (as_of when it is not set) would delete the timeline's rows
    at the instant of the command that parsed, and make every pull request rebuild the models that hold it."""
    later = parsed(server, tmp_path)
    assert manifest["metadata"]["generated_at"] != later["metadata"]["generated_at"]
    changed = [unique_id for unique_id, node in later["nodes"].items()
               if node["config"] != manifest["nodes"][unique_id]["config"]]
    assert not changed, f"configs that differ between two parses: {changed}"
