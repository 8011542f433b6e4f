"""The local warehouse starts idempotently, reports itself, stops, and explains what goes wrong."""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid

import psycopg2
import pytest

from segmentation import cli, localdb


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

    assert cli.main(["localdb", "env", "--data-dir", str(data_dir)]) == 0
    assert capsys.readouterr().out == f"export LOCALDB_HOST={first.socket_dir}\n"

    assert localdb.stop(data_dir) is True
    assert localdb.status(data_dir) is None
    assert localdb.stop(data_dir) is False
    assert cli.main(["localdb", "status", "--data-dir", str(data_dir)]) == 3


def programs_major() -> str:
    return localdb.postgres_version(localdb.postgres_bin()).split(".")[0]


def test_a_broken_data_directory_gets_a_clear_message(data_dir, capsys):
    data_dir.mkdir(parents=True)
    (data_dir / "PG_VERSION").write_text(f"{programs_major()}\n")  # and nothing else of a cluster
    assert cli.main(["localdb", "start", "--data-dir", str(data_dir)]) == 1
    message = capsys.readouterr().err
    assert message.startswith("localdb: PostgreSQL did not start on")
    assert "pg_ctl failed" in message and "last lines of" in message


def test_a_data_directory_of_another_major_version_names_both(data_dir, capsys):
    data_dir.mkdir(parents=True)
    (data_dir / "PG_VERSION").write_text("9\n")
    assert cli.main(["localdb", "start", "--data-dir", str(data_dir)]) == 1
    message = capsys.readouterr().err
    assert message.startswith(f"localdb: {data_dir} was initialised by PostgreSQL 9, and the programs in "
                              f"{localdb.postgres_bin()} are PostgreSQL {programs_major()}.")
    assert localdb.POSTGRES_BIN_ENV in message


def test_programs_that_are_not_there_are_named_before_anything_is_created(data_dir, tmp_path, monkeypatch, capsys):
    (tmp_path / "initdb").touch()
    monkeypatch.setenv(localdb.POSTGRES_BIN_ENV, str(tmp_path))
    assert cli.main(["localdb", "start", "--data-dir", str(data_dir)]) == 1
    assert capsys.readouterr().err == (f"localdb: {tmp_path} has no pg_ctl, postgres: {localdb.POSTGRES_BIN_ENV} must "
                                       "name the bin directory of a PostgreSQL installation, or be unset for the "
                                       "wheel's\n")
    assert not data_dir.exists()


def test_env_without_a_server_says_how_to_start_one(data_dir, capsys):
    """With the data directory given, which the start it names must take too (found by a review: it named none)."""
    assert cli.main(["localdb", "env", "--data-dir", str(data_dir)]) == 1
    assert f"run `segmentation localdb start --data-dir {data_dir.resolve()}` first" in capsys.readouterr().err


def other_user_can_connect(socket_dir) -> bool:
    """psql as the OS user nobody on the server's socket: trust authentication lets anyone in who reaches it."""
    result = subprocess.run(["runuser", "-u", "nobody", "--", "psql", "-h", str(socket_dir), "-U", localdb.USER,
                             "-d", localdb.DATABASE, "-Atc", "select 1"], capture_output=True, text=True, timeout=30)
    return result.returncode == 0


@pytest.mark.parametrize("name_length", [8, 120], ids=["short-path", "path-too-long-for-a-socket"])
def test_the_socket_directory_is_private(name_length, capsys):
    """Whatever the data directory's path, its socket sits in a directory only the server's user can enter."""
    data_dir = localdb.LOCALDB_DIR / f"test-{uuid.uuid4().hex[:8]}-{'x' * name_length}"
    try:
        server = localdb.start(data_dir)
        mode = server.socket_dir.stat().st_mode & 0o777
        assert mode == 0o700, f"{server.socket_dir} has mode {mode:o}"
        if os.geteuid() == 0 and shutil.which("psql"):  # root can become another user to try
            assert not other_user_can_connect(server.socket_dir)
        assert localdb.stop(data_dir)
    finally:
        localdb.stop(data_dir) if localdb.status(data_dir) else None
        shutil.rmtree(data_dir, ignore_errors=True)


@pytest.mark.parametrize("where", ["a file", "beneath a file"])
@pytest.mark.parametrize("command", [["localdb", "start"], ["demo"], ["report", "--target", "local", "--no-build"],
                                     ["docs", "--target", "local", "--no-build"]], ids=" ".join)
def test_a_data_directory_that_cannot_be_made_is_named(command, where, tmp_path, capsys):
    """Found by a tester: `--data-dir` a file, or a path beneath one, ended in mkdir's traceback in every command
    that starts the server."""
    (tmp_path / "file").write_text("")
    data_dir = tmp_path / "file" if where == "a file" else tmp_path / "file" / "data"
    out = ["--out", str(tmp_path / "report")] if command[0] == "report" else []
    assert cli.main([*command, *out, "--data-dir", str(data_dir)]) == 1
    err = capsys.readouterr().err
    assert f": --data-dir {data_dir}: cannot create the directory: [Errno" in err
