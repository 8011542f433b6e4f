"""The pre-commit hooks install their own tools, pinned as requirements.txt pins them (no .venv needed)."""

from __future__ import annotations

import yaml

from pytests.conftest import pins
from segmentation import PROJECT_ROOT

# the hooks' own package, which nothing in the virtual environment needs
HOOKS_ONLY = {"pre-commit-hooks"}


def test_hooks_run_pinned_tools_not_the_virtualenv():
    config = yaml.safe_load((PROJECT_ROOT / ".pre-commit-config.yaml").read_text())
    hooks = [hook for repo in config["repos"] for hook in repo["hooks"]]
    requirements = pins((PROJECT_ROOT / "requirements.txt").read_text().splitlines())
    for hook in hooks:
        assert hook["language"] == "python", f"hook {hook['id']} must install its tool (language: python)"
        assert ".venv" not in hook["entry"], f"hook {hook['id']} calls {hook['entry']!r}"
        hook_pins = pins(hook.get("additional_dependencies", []))
        assert hook_pins, f"hook {hook['id']} pins no dependency"
        for package, version in hook_pins.items():
            if package in HOOKS_ONLY:
                continue
            assert package in requirements, f"hook {hook['id']} pins {package}, which requirements.txt does not"
            assert requirements[package] == version, (
                f"hook {hook['id']} pins {package}=={version}, requirements.txt {requirements[package]}")
    assert {"ruff", "sqlfluff"} <= {package for hook in hooks for package in pins(hook["additional_dependencies"])}
