"""One throwaway PostgreSQL for the whole session (each pytest-xdist worker's), and the project built on named data
sets."""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import psycopg2
import pytest

from segmentation import sample_data
from segmentation.dbt_project import dbt_output_in, run_dbt
from segmentation.localdb import DATABASE, PORT, POSTGRES_BIN_ENV, USER, LocalServer, temporary_server
from segmentation.raw_tables import load_raw_tables
from segmentation.targets import Target, resolve


@pytest.fixture(scope="session")
def server(pytestconfig: pytest.Config) -> Iterator[LocalServer]:
    with temporary_server() as running:
        # the tests run on the version asked for, or not at all
        if major := pytestconfig.getoption("--postgres", default=None):
            with contextlib.closing(psycopg2.connect(**running.connect_kwargs())) as connection:
                cursor = connection.cursor()
                cursor.execute("select current_setting('server_version_num')::integer / 10000")
                assert cursor.fetchone()[0] == major, f"{POSTGRES_BIN_ENV} did not give PostgreSQL {major}"
        # dbt's target/ and logs/ of this session beside its data, removed with it
        with dbt_output_in(running.data_dir.with_name(running.data_dir.name + "-dbt")):
            yield running


@pytest.fixture
def own_dbt_output(tmp_path: Path) -> Iterator[None]:
    """dbt's target/ and logs/ for one test, in its tmp_path (a `dbt retry` reads its failed run's results there)."""
    with dbt_output_in(tmp_path):
        yield


@pytest.fixture(scope="session")
def connection(server: LocalServer):
    connection = psycopg2.connect(**server.connect_kwargs())
    yield connection
    connection.close()


@dataclass(frozen=True)
class Build:
    """A dbt build of the project on one raw data set: where the raw tables and the marts are."""

    raw_schema: str
    schema: str
    as_of: datetime
    variables: Mapping[str, object]
    statuses: Mapping[str, str]  # dbt node id -> status of the build (success, pass, warn, ...)
    warnings: list[str]  # the message of every warning dbt logged


@pytest.fixture(scope="session")
def build_project(server: LocalServer, connection) -> Callable[..., Build]:
    """build_project(name, tables, as_of, exclude=(), **variables): load `tables` into raw_<name>, `dbt build` into
    <name>, without the `exclude` selectors.

    Each name is built once per session; the build must pass with every data test.
    """
    built: dict[str, Build] = {}

    def build(name: str, tables: Mapping[str, list[tuple]], as_of: datetime, exclude: tuple[str, ...] = (),
              **variables: object) -> Build:
        if name not in built:
            raw_schema = f"raw_{name}"
            load_raw_tables(connection, raw_schema, tables)
            all_variables = {"segmentation__source_schema": raw_schema, "segmentation__as_of": as_of.isoformat(),
                             **variables}
            warnings, collect = dbt_warnings()
            result = run_dbt(["build", *(["--exclude", *exclude] if exclude else [])], server, schema=name,
                             variables=all_variables, quiet=True, callbacks=[collect])
            # exposures are listed too, with nothing run: keep what executes
            statuses = {node.node.unique_id: str(node.status) for node in result.result
                        if node.node.resource_type != "exposure"}
            built[name] = Build(raw_schema, name, as_of, all_variables, statuses, warnings)
        return built[name]

    return build


@pytest.fixture(scope="session")
def sample(build_project) -> Build:
    """The sample data (segmentation/sample_data.py) built at its as_of."""
    return build_project("sample", sample_data.generate(), sample_data.SAMPLE_AS_OF)


@pytest.fixture(params=["postgres", "duckdb"])
def engine(request, tmp_path):
    """A fresh project on each engine (the incremental runs' tests), in a schema named after the test's other
    parameter, or the test."""
    from pytests.incremental_runs import DuckDbFile, Postgres  # here: that module reads this one's helpers

    others = request.node.callspec.id.split("-", 1)[1:]
    schema = "change_" + (others[0] if others else request.node.originalname.removeprefix("test_"))
    if request.param == "postgres":
        yield Postgres(request.getfixturevalue("server"), request.getfixturevalue("connection"), schema)
        return
    with dbt_output_in(tmp_path):  # beside the engine's file
        yield DuckDbFile(tmp_path, schema)


def mart_names(target_path: Path) -> list[str]:
    """Every model under models/marts/, from the manifest in dbt's target path."""
    manifest = json.loads((target_path / "manifest.json").read_text())
    return sorted(node["name"] for node in manifest["nodes"].values()
                  if node["resource_type"] == "model" and node["original_file_path"].startswith("models/marts/"))


def relations(connection, schema: str) -> list[str]:
    """The tables and views of `schema`, by name."""
    return [name for (name,) in fetch(connection, "select table_name from information_schema.tables "
                                                  "where table_schema = %s order by 1", (schema,))[1]]


def fetch(connection, query: str, params: tuple = ()) -> tuple[list[str], list[tuple]]:
    with connection.cursor() as cursor:
        cursor.execute(query, params or None)  # no params: a % in the query is literal
        columns = [column.name for column in cursor.description]
        rows = cursor.fetchall()
    connection.rollback()
    return columns, rows


def libpq_variables(server: LocalServer, user: str = USER, database: str = DATABASE) -> dict[str, str]:
    """The libpq variables by which the `warehouse` target of profiles.example.yml reaches the server, as `user`,
    in `database`: a user's own warehouse, as the tests play it."""
    return {"PGHOST": str(server.socket_dir), "PGPORT": str(PORT), "PGUSER": user, "PGDATABASE": database}


@contextlib.contextmanager
def logged_in_as(role: str, grants: str, server: LocalServer, connection, monkeypatch) -> Iterator[Target]:
    """The `warehouse` target on the server, as `role`: a login role that holds only `grants` (SQL; `{role}` names
    it), dropped afterwards with what it owns. Not the superuser the tests connect as, to see what a role lacks."""
    with connection.cursor() as cursor:
        cursor.execute(f"drop role if exists {role}; create role {role} login; {grants.format(role=role)}")
    connection.commit()
    for variable, value in libpq_variables(server, user=role).items():
        monkeypatch.setenv(variable, value)
    try:
        yield resolve("warehouse")
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"drop owned by {role}; drop role {role}")
        connection.commit()


def dbt_warnings() -> tuple[list[str], Callable]:
    """A list, and a callback for run_dbt's `callbacks` that adds to it the message of every warning dbt logs."""
    messages: list[str] = []

    def collect(event) -> None:
        if event.info.level == "warn":
            messages.append(event.info.msg)

    return messages, collect


def without_run_stamps(columns: list[str], rows: list[tuple]) -> tuple[list[str], list[tuple]]:
    """The columns and rows without built_at, the instant the dbt command that wrote a row started: it differs
    between any two builds of the same data."""
    kept = [index for index, column in enumerate(columns) if column.lower() != "built_at"]
    return [columns[i] for i in kept], [tuple(row[i] for i in kept) for row in rows]


def build_as_of(server, raw_schema: str, schema: str, as_of: datetime, variables: dict) -> None:
    """The segmentation alone, as of one instant, into its own schema (models and seeds, no tests)."""
    run_dbt(
        ["build", "--select", "+user_segments", "--exclude-resource-type", "test", "unit_test"],
        server, schema=schema, quiet=True,
        variables={**variables, "segmentation__source_schema": raw_schema, "segmentation__as_of": as_of.isoformat()},
    )


def normalized(value: object) -> object:
    """One representation per value across engines: numbers as floats to 9 digits, instants in UTC."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int | float | Decimal):
        return round(float(value), 9)
    if isinstance(value, datetime):
        # PostgreSQL and DuckDB return instants with an offset; Spark naive ones in its session zone, UTC
        return value.astimezone(UTC).replace(tzinfo=None) if value.tzinfo else value
    if isinstance(value, date):
        return value
    raise TypeError(f"unexpected {type(value).__name__}: {value!r}")


def comparable_rows(columns: list[str], rows: list[tuple]) -> list[tuple]:
    """The rows as sorted tuples of (column, value), columns by name, without the run stamps."""
    columns, rows = without_run_stamps(columns, rows)
    records = [
        tuple(sorted((column.lower(), normalized(value)) for column, value in zip(columns, row, strict=True)))
        for row in rows
    ]
    return sorted(records, key=repr)


def pins(lines: list[str]) -> dict[str, str]:
    """{package: version} of the `name==version` lines (extras and comments dropped)."""
    found = {}
    for line in lines:
        match = re.fullmatch(r"([A-Za-z0-9_.-]+)(?:\[[^\]]*\])?==(\S+)", line.split("#", 1)[0].strip())
        if match:
            found[match.group(1).lower()] = match.group(2)
    return found
