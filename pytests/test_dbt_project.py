"""segmentation/dbt_project.py: what runs dbt for the tools and the tests."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

from segmentation import PROJECT_ROOT
from segmentation.dbt_project import describe_failure, profiles_dir, run_dbt
from segmentation.engines import DuckDb

READS = 2000
FORK = multiprocessing.get_context("fork")


def write_the_profile_until(writing, done) -> None:
    profiles_dir()
    writing.set()
    while not done.is_set():
        profiles_dir()


def test_the_profile_is_never_read_half_written():
    """pytest's workers side by side (make test) each copy the example profile before a dbt command, and read it."""
    example = (PROJECT_ROOT / "profiles.example.yml").read_text()
    profile = Path(profiles_dir()) / "profiles.yml"
    writing, done = FORK.Event(), FORK.Event()
    writer = FORK.Process(target=write_the_profile_until, args=(writing, done))
    writer.start()
    try:
        assert writing.wait(timeout=60), "the writer did not start"
        other_lengths = {len(text) for text in (profile.read_text() for _ in range(READS)) if text != example}
    finally:
        done.set()
        writer.join()
    assert writer.exitcode == 0
    assert not other_lengths, f"the profile was read with {sorted(other_lengths)} characters, not the example's"


def test_a_failed_run_operation_is_described_by_its_macro(tmp_path):
    """A run-operation's result holds no node: describing its failure raised AttributeError, which hid it."""
    result = run_dbt(["run-operation", "check_var_names"], DuckDb(tmp_path), check=False, quiet=True,
                     variables={"segmentation__preest": "weekly"})
    assert not result.success
    assert describe_failure(result) == "  macro.user_segmentation.check_var_names: error"
