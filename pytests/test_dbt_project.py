"""segmentation/dbt_project.py: what runs dbt for the tools and the tests."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

from segmentation import PROJECT_ROOT
from segmentation.dbt_project import profiles_dir

WRITES = 1000


def write_the_profile_again_and_again() -> None:
    for _ in range(WRITES):
        profiles_dir()


def test_the_profile_is_never_read_half_written():
    """pytest's workers side by side (make test) each copy the example profile before a dbt command, and read it."""
    example = (PROJECT_ROOT / "profiles.example.yml").read_text()
    profile = Path(profiles_dir()) / "profiles.yml"
    writer = multiprocessing.get_context("fork").Process(target=write_the_profile_again_and_again)
    writer.start()
    read = set()
    while writer.is_alive():
        read.add(profile.read_text())
    writer.join()
    assert writer.exitcode == 0
    assert read == {example}, f"{len(read - {example})} other texts read, the shortest {min(map(len, read))} chars"
