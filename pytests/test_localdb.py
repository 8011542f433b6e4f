"""The local warehouse starts idempotently, reports itself, stops, and explains what goes wrong."""

from __future__ import annotations

import shutil
import uuid

import psycopg2
import pytest

from segmentation import localdb


@pytest.fixture
def data_dir():
    path = localdb.LOCALDB_DIR / f"test-{uuid.uuid4().hex[:8]}"
    yield path
    localdb.stop(path) if path.exists() and localdb.status(path) else None
    shutil.rmtree(path, ignore_errors=True)


def test_start_is_idempotent_and_stop_stops(data_dir, capsys):
    first = localdb.start(data_dir)
    second = localdb.start(data_dir)
    assert first == second == localdb.status(data_dir)
    connection = psycopg2.connect(**first.connect_kwargs())
    with connection.cursor() as cursor:
        cursor.execute("select current_database(), version()")
        database, version = cursor.fetchone()
    connection.close()
    assert database == localdb.DATABASE and version.startswith("PostgreSQL")

    assert localdb.main(["env", "--data-dir", str(data_dir)]) == 0
    assert capsys.readouterr().out == f"export LOCALDB_HOST={first.socket_dir}\n"

    assert localdb.stop(data_dir) is True
    assert localdb.status(data_dir) is None
    assert localdb.stop(data_dir) is False
    assert localdb.main(["status", "--data-dir", str(data_dir)]) == 3


def test_a_broken_data_directory_gets_a_clear_message(data_dir, capsys):
    data_dir.mkdir(parents=True)
    (data_dir / "PG_VERSION").write_text("9\n")  # a cluster of another major version
    assert localdb.main(["start", "--data-dir", str(data_dir)]) == 1
    message = capsys.readouterr().err
    assert message.startswith("localdb: PostgreSQL did not start on")
    assert "last lines of" in message


def test_env_without_a_server_says_how_to_start_one(data_dir, capsys):
    assert localdb.main(["env", "--data-dir", str(data_dir)]) == 1
    assert "python -m segmentation.localdb start" in capsys.readouterr().err
