"""The sample is reproducible, realistic enough to exercise every persona, and builds cleanly."""

from __future__ import annotations

import hashlib

import pytest

from pytests.conftest import fetch
from segmentation import cli, project_vars, sample_data

VARS = project_vars()


def fingerprint(tables: dict[str, list[tuple]]) -> str:
    return hashlib.sha256(repr(sorted(tables.items())).encode()).hexdigest()


def test_generation_is_deterministic_and_the_seed_matters():
    assert fingerprint(sample_data.generate()) == fingerprint(sample_data.generate())
    assert fingerprint(sample_data.generate(seed=1)) != fingerprint(sample_data.generate())


def test_written_csv_files_are_identical_every_time(tmp_path):
    for run in ("a", "b"):
        assert cli.main(["sample-data", "write", str(tmp_path / run)]) == 0
    for table in ("persons", "person_contacts", "conversation", "message"):
        assert (tmp_path / "a" / f"{table}.csv").read_bytes() == (tmp_path / "b" / f"{table}.csv").read_bytes()


def test_no_message_is_later_than_the_as_of_instant():
    stamps = [row[3] for row in sample_data.generate()["message"] if row[3] is not None]
    assert max(stamps) <= sample_data.SAMPLE_AS_OF


def test_sample_builds_with_every_test_passing_and_no_warning(sample):
    tests = {node: status for node, status in sample.statuses.items() if node.startswith(("test.", "unit_test."))}
    assert len(tests) > 50
    assert {node: status for node, status in sample.statuses.items() if status not in {"success", "pass"}} == {}
    # nor a warning logged outside a test: `dbt build --warn-error` passes (dbt warns of a contract's numeric
    # without precision, and --warn-error made that an error)
    assert sample.warnings == []


def test_sample_has_every_persona_and_churned_is_the_largest(sample, connection):
    _, rows = fetch(connection, f"select persona, user_count from {sample.schema}.persona_summary")
    counts = dict(rows)
    assert set(counts) == {persona["label"] for persona in VARS["segmentation__personas"]}
    assert max(counts, key=counts.get) == "Churned"
    assert 1 <= counts["New User"] <= 5


def test_sample_excludes_staff_and_has_every_reachable_label(sample, connection):
    _, rows = fetch(connection, f"select name from {sample.schema}.user_segments")
    assert not [name for (name,) in rows if any(part in name for part in ("Coach", "Codel", "Wren"))]
    _, rows = fetch(connection, f"select metric, segment from {sample.schema}.segment_distribution")
    # '1:1 Only' cannot occur: a user with 1:1 messages and no group message is already '1:1 Focused'.
    expected = {
        ("Engagement", rule["label"]) for rule in VARS["segmentation__engagement_levels"]
    } | {("Reaction", rule["label"]) for rule in VARS["segmentation__reaction_behaviors"]} | {
        ("Conversation", rule["label"]) for rule in VARS["segmentation__conversation_preferences"]
        if rule["label"] != "1:1 Only"
    }
    assert set(rows) == expected


@pytest.mark.parametrize("where", ["a file", "beneath a file"])
def test_a_directory_that_cannot_be_made_is_named(where, tmp_path, capsys):
    """Found by a review: `sample-data write` into a path that is a file, or beneath one, ended in a traceback."""
    (tmp_path / "file").write_text("")
    directory = tmp_path / "file" if where == "a file" else tmp_path / "file" / "csv"
    assert cli.main(["sample-data", "write", str(directory)]) == 1
    err = capsys.readouterr().err
    assert f"sample_data: directory {directory}: cannot write the CSV files there: [Errno" in err
    assert "Traceback" not in err
