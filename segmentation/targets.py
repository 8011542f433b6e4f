"""The targets of the profile for the tools: the database a target reaches and the schema it builds into.

`segmentation <command> --target NAME` reads the same profile as the project's dbt commands
(profiles.example.yml) and renders it with dbt itself, so a tool reaches the database `dbt --target NAME` reaches
and reads the schema it builds into (DBT_SCHEMA included). Without --target: DBT_TARGET, else the profile's default.
The target `local` is the embedded server, started on --data-dir when it is not running.
"""

from __future__ import annotations

import argparse
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from segmentation.dbt_project import profiles_dir
from segmentation.localdb import DEFAULT_DATA_DIR, LocalServer

PROFILE = "user_segmentation"
LOCAL = "local"
# psycopg2's names of the profile's connection settings; the profile may spell two of them dbt's other way
_CONNECTION_KEYS = ("host", "port", "user", "password", "dbname", "sslmode", "connect_timeout")
_ALIASES = {"pass": "password", "database": "dbname"}


class TargetError(RuntimeError):
    """The target is not in the profile, or the tool cannot use it; the message says which and why."""


@dataclass(frozen=True)
class Target:
    """A rendered target of the profile; run_dbt(..., target, schema=target.schema) runs dbt on it."""

    target: str
    type: str
    schema: str
    connection: dict[str, object] = field(default_factory=dict)  # psycopg2.connect's arguments (PostgreSQL only)
    local: LocalServer | None = None

    def env(self) -> dict[str, str]:
        """What dbt needs in the environment beyond the caller's own: the local server's socket."""
        return self.local.env() if self.local else {}

    def connect_kwargs(self) -> dict[str, object]:
        if self.type != "postgres":
            raise TargetError(f"target {self.target!r} is {self.type}: this tool reads PostgreSQL targets only; on "
                              f"{self.type}, run dbt itself (dbt build --target {self.target}) and read the marts "
                              f"with its own client (docs/warehouse.md)")
        # UTF8 whatever the database's encoding: a SQL_ASCII database hands over the bytes it was given, which
        # psycopg2 would otherwise decode as ASCII
        return {**self.connection, "client_encoding": "UTF8"}


def _rendered(name: str, environment: dict[str, str]) -> tuple[str, dict]:
    from dbt.config.profile import Profile, read_profile
    from dbt.config.renderer import ProfileRenderer
    from dbt_common.context import set_invocation_context
    from dbt_common.exceptions import DbtRuntimeError

    set_invocation_context({**os.environ, **environment})  # what env_var() reads
    try:
        return Profile.render_profile(read_profile(profiles_dir())[PROFILE], PROFILE, name, ProfileRenderer({}))
    except DbtRuntimeError as error:  # no such target, or an env_var() it reads is not set
        message = " ".join(line.strip() for line in str(error).splitlines()[1:])
        raise TargetError(f"target {name} (profiles.example.yml): {message}") from error


def default_target() -> str:
    """dbt's choice without --target: DBT_TARGET, else the profile's `target:`."""
    from dbt.config.profile import read_profile
    from dbt.config.renderer import ProfileRenderer
    from dbt_common.context import set_invocation_context

    if os.environ.get("DBT_TARGET"):
        return os.environ["DBT_TARGET"]
    set_invocation_context(os.environ)
    return str(ProfileRenderer({}).render_value(read_profile(profiles_dir())[PROFILE].get("target", "default")))


def resolve(name: str | None = None, data_dir: Path = DEFAULT_DATA_DIR) -> Target:
    """The target `name` (default_target() when None); `local` starts the embedded server on data_dir first."""
    from segmentation import localdb

    name = name or default_target()
    local = localdb.start(data_dir) if name == LOCAL else None
    target_name, rendered = _rendered(name, local.env() if local else {})
    connection = {_ALIASES.get(key, key): value for key, value in rendered.items()
                  if _ALIASES.get(key, key) in _CONNECTION_KEYS}
    return Target(target_name, rendered["type"], rendered["schema"], connection, local)


def local_schema(server: LocalServer) -> str:
    """The schema the target local builds into on a running `server` (DBT_SCHEMA, else the profile's), read
    without touching the server."""
    return _rendered(LOCAL, server.env())[1]["schema"]


def dbt_vars(text: str) -> dict[str, object]:
    """--vars: dbt's own format, a YAML mapping (JSON is YAML too); anything else is refused, naming the problem."""
    import yaml

    try:
        value = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(error, "problem", None) or "unreadable"
        raise argparse.ArgumentTypeError(f"{text!r} is not YAML: {problem}{where}") from error
    except ValueError as error:  # YAML reads an unquoted 2025-02-30 as a date, and the calendar has none
        raise argparse.ArgumentTypeError(f"{text!r} holds an unquoted date that is not in the calendar: {error}; "
                                         f"quote a date ('2025-02-28') to pass it as text") from error
    if not isinstance(value, dict):
        raise argparse.ArgumentTypeError(f"{text!r} is not a YAML mapping of vars, as dbt's --vars takes "
                                         f"(e.g. '{{segmentation__source_schema: app}}')")
    try:
        json.dumps(value, default=str)  # as run_dbt hands the vars to dbt
    except ValueError as error:  # an alias inside its own anchor: &x [*x]
        raise argparse.ArgumentTypeError(f"{text!r} holds a value that contains itself (a YAML alias within its own "
                                         f"anchor)") from error
    return value


def add_vars_argument(parser: argparse.ArgumentParser, what: str) -> None:
    """--vars, as dbt's: `what` says which vars the tool needs."""
    parser.add_argument("--vars", type=dbt_vars, default=None, metavar="YAML",
                        help=f"dbt vars as dbt's --vars takes them, a YAML (or JSON) mapping: {what}")


def add_target_arguments(parser: argparse.ArgumentParser,
                         default: str = "DBT_TARGET, else the profile's default") -> None:
    """--target and --data-dir, the same in every tool."""
    parser.add_argument("--target", help=f"a target of the profile; default: {default}")
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR,
                        help="the local server's data directory (target local); default: %(default)s")
