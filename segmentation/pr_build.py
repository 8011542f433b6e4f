"""`make pr-build`: a pull request's data tests against the warehouse, the way dbt teams run them.

    segmentation pr-build --schema pr_42 (--state DIR | --base origin/main --production-schema analytics)
                          [--target warehouse] [--vars YAML]

Builds what the pull request changed and everything downstream of it, with their tests, into a schema of its own
(`dbt build --select state:modified+ --defer --state DIR`): every model it did not change is read from production.
DIR holds production's manifest.json; --base makes it by parsing that git revision (the code production was built
from) for the production schema. Then the pull request's schemas (the schema and its _staging, _intermediate ...
siblings) are dropped, whether the build passed or not. pr-build makes the schema itself, marked as its own, before
the build: a schema of theirs that exists before it is refused rather than built into, since dropping it would drop
what it holds, unless it is an interrupted pr-build's (the schema marked), which is dropped first.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path

from segmentation import PROJECT_ROOT, step
from segmentation.dbt_project import DbtError, run_dbt
from segmentation.localdb import LocalDbError, LocalServer
from segmentation.targets import Target, TargetError, add_target_arguments, add_vars_argument, resolve

SCHEMA_NAME = re.compile(r"[a-z_][a-z0-9_]{0,49}")
RELATIONS = ("model", "seed", "snapshot")  # the nodes that create a relation in their schema


def production_state(target: Target | LocalServer, base: str, production_schema: str, out_dir: Path,
                     variables: Mapping[str, object] | None = None, project_dir: Path = PROJECT_ROOT) -> Path:
    """Production's manifest.json in out_dir: the project at git revision `base`, parsed for production_schema."""
    step(f"parsing {base} for schema {production_schema}: production's manifest, which the build compares with")
    archive = subprocess.run(["git", "-C", str(project_dir), "archive", "--format=tar", base],
                             capture_output=True, check=False)
    if archive.returncode != 0:
        raise DbtError(f"git archive {base} failed in {project_dir}: {archive.stderr.decode().strip()}")
    with (tempfile.TemporaryDirectory(prefix="pr-build-base-") as checkout,
          tarfile.open(fileobj=io.BytesIO(archive.stdout)) as files):
        files.extractall(checkout, filter="data")
        run_dbt(["parse", "--target-path", str(out_dir)], target, schema=production_schema, variables=variables,
                project_dir=Path(checkout), quiet=True)
    return out_dir


def _schemas(manifest: Path) -> set[str]:
    nodes = json.loads(manifest.read_text())["nodes"].values()
    return {node["schema"] for node in nodes if node["resource_type"] in RELATIONS}


# The comment on the schema pr-build makes before its build: a schema of the name that carries it, with siblings of
# the build's, is an interrupted pr-build's (CI cancels a run when the pull request moves on), dropped before the
# next build; any other is refused, since dropping it would drop what it holds.
PR_BUILD_MARK = "a pull request's schema, made by segmentation pr-build: dropped with its siblings after the build"


@contextlib.contextmanager
def _cursor(target: Target | LocalServer) -> Iterator:
    """A cursor on the target's database; what it did is committed when the block ends without an error."""
    import psycopg2

    connection = psycopg2.connect(**target.connect_kwargs())
    try:
        with connection.cursor() as cursor:
            yield cursor
        connection.commit()
    finally:
        connection.close()


def existing_schemas(target: Target | LocalServer, names: set[str]) -> dict[str, bool]:
    """Those of `names` that exist in the database, each with whether it carries PR_BUILD_MARK."""
    with _cursor(target) as cursor:
        cursor.execute("select nspname, coalesce(obj_description(oid, 'pg_namespace') = %s, false)"
                       " from pg_namespace where nspname = any(%s)", (PR_BUILD_MARK, sorted(names)))
        return dict(cursor.fetchall())


def make_marked_schema(target: Target | LocalServer, schema: str) -> None:
    from psycopg2 import errors, sql

    with _cursor(target) as cursor:
        try:
            cursor.execute(sql.SQL("create schema {}").format(sql.Identifier(schema)))
        except errors.InsufficientPrivilege as error:
            role, database = cursor.connection.info.user, cursor.connection.info.dbname
            raise ValueError(f"role {role} may not create schemas in database {database}, and pr-build makes the "
                             f"pull request's schema {schema} and its siblings: grant create on database {database} "
                             f"to {role} (docs/warehouse.md)") from error
        cursor.execute(sql.SQL("comment on schema {} is {}").format(sql.Identifier(schema), sql.Literal(PR_BUILD_MARK)))


def drop_schemas(target: Target | LocalServer, schemas: set[str]) -> None:
    from psycopg2 import sql

    with _cursor(target) as cursor:
        for schema in sorted(schemas):
            cursor.execute(sql.SQL("drop schema {} cascade").format(sql.Identifier(schema)))


def pull_request_schemas(production: set[str], schema: str) -> set[str]:
    """The schemas a build into `schema` makes: production's, with the production schema (the shortest, where the
    marts are; the others are it and a suffix) replaced by `schema`."""
    base = min(production, key=len)
    return {schema + name[len(base):] for name in production if name.startswith(base)}


def pr_build(target: Target | LocalServer, state: Path, schema: str, variables: Mapping[str, object] | None = None,
             project_dir: Path = PROJECT_ROOT):
    """Build state:modified+ into `schema`, deferring to the production manifest in `state`; drop the pull
    request's schemas afterwards. Returns dbt's result and the schemas dropped; raises DbtError when it failed."""
    if not SCHEMA_NAME.fullmatch(schema):
        raise ValueError(f"--schema {schema!r}: expected lower-case letters, digits and _, e.g. pr_42")
    production = _schemas(state / "manifest.json")
    if any(name == schema or name.startswith(f"{schema}_") for name in production):
        raise ValueError(f"--schema {schema!r} would drop production's schemas ({', '.join(sorted(production))})")
    if existing := existing_schemas(target, pull_request_schemas(production, schema)):
        if not existing.get(schema):
            raise ValueError(f"--schema {schema!r}: schema(s) {', '.join(sorted(existing))} exist already, and a "
                             "pull request's schemas are dropped after its build, with all they hold: choose another "
                             "--schema (or drop them yourself)")
        drop_schemas(target, set(existing))  # an interrupted pr-build's
    make_marked_schema(target, schema)
    target_path = Path(tempfile.mkdtemp(prefix="pr-build-"))
    dropped: set[str] = {schema}
    try:
        result = run_dbt(["build", "--select", "state:modified+", "--defer", "--state", str(state),
                          "--target-path", str(target_path)], target, schema=schema, variables=variables,
                         project_dir=project_dir)
    finally:
        if (target_path / "manifest.json").exists():
            made = {name for name in _schemas(target_path / "manifest.json")
                    if name == schema or name.startswith(f"{schema}_")}
            dropped |= set(existing_schemas(target, made))
        drop_schemas(target, dropped)
        shutil.rmtree(target_path, ignore_errors=True)
    return result, dropped


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_target_arguments(parser)
    parser.add_argument("--schema", required=True, help="the pull request's schema, e.g. pr_42")
    production = parser.add_mutually_exclusive_group(required=True)
    production.add_argument("--state", type=Path, help="directory of production's manifest.json")
    production.add_argument("--base", help="git revision production was built from, e.g. origin/main")
    parser.add_argument("--production-schema", default="analytics", help="with --base; default: %(default)s")
    add_vars_argument(parser, "production's, as its build was given them")


def check_state(state: Path) -> None:
    """--state, checked before anything connects or builds: the directory of production's manifest.json."""
    manifest = state / "manifest.json"
    problem = ("no such directory" if not state.exists() else "not a directory" if not state.is_dir()
               else "no manifest.json in it" if not manifest.is_file() else None)
    if problem is None:
        try:
            _schemas(manifest)
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:  # unreadable, not JSON, not dbt's
            problem = f"its manifest.json is not one that dbt wrote ({type(error).__name__}: {error})"
    if problem:
        raise ValueError(f"--state {state}: {problem}; --state must be a directory holding production's "
                         "manifest.json (from `dbt parse` or a production build's target/)")


def run(args: argparse.Namespace) -> int:
    import psycopg2

    try:
        if args.state:
            check_state(args.state)
        target = resolve(args.target, args.data_dir.resolve())
        with tempfile.TemporaryDirectory(prefix="pr-build-state-") as made:
            state = args.state or production_state(target, args.base, args.production_schema, Path(made), args.vars)
            result, dropped = pr_build(target, state.resolve(), args.schema, args.vars)
    except (LocalDbError, TargetError, DbtError, ValueError, psycopg2.Error) as error:
        print(f"\npr-build failed: {error}", file=sys.stderr)
        return 1
    built = [node.node.unique_id for node in result.result if node.node.resource_type in RELATIONS]
    print(f"\npr-build passed: {len(built)} changed or downstream nodes built and tested in {args.schema}; "
          f"dropped {', '.join(sorted(dropped))}", file=sys.stderr)
    return 0
