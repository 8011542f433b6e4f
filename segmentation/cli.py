"""The `segmentation` command: one subcommand per tool, each the command line of one module.

    segmentation demo | report | docs | bench | pr-build | sample-data | localdb | mf  [--help]

Each module defines its arguments (`add_arguments`) and what it does with them (`run`); this only dispatches.
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Sequence

# subcommand: module, in the order `--help` lists them
COMMANDS = {
    "demo": "demo",
    "report": "report",
    "docs": "docs_site",
    "bench": "benchmark",
    "pr-build": "pr_build",
    "sample-data": "sample_data",
    "localdb": "localdb",
    "mf": "semantic_layer",
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="segmentation", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="tool", required=True, metavar="COMMAND")
    for command, module_name in COMMANDS.items():
        module = importlib.import_module(f"segmentation.{module_name}")
        summary = module.__doc__.splitlines()[0]
        sub = commands.add_parser(command, help=summary, description=summary)
        module.add_arguments(sub)
        sub.set_defaults(run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.run(args)
