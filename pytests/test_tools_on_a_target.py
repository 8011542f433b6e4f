"""The tools run on any target of the profile: a second server reached as the `warehouse` target, through the
PG* variables, building into a schema that is not `analytics`."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import SimpleNamespace

import psycopg2
import pytest

from pytests.conftest import fetch, libpq_variables
from pytests.report_tables import segments_table
from segmentation import PROJECT_ROOT, cli, demo, docs_site, sample_data
from segmentation.dbt_project import dbt_output_in, run_dbt
from segmentation.docs_site import generate
from segmentation.engines import DuckDb
from segmentation.localdb import LocalServer, temporary_server
from segmentation.targets import Target, TargetError, resolve

# builds on a server of its own for about a minute: `make test-slow` (CI runs it after `make test`)
pytestmark = pytest.mark.slow

SCHEMA = "marts_elsewhere"


@pytest.fixture(scope="module")
def warehouse_server() -> Iterator[LocalServer]:
    with temporary_server() as running:
        yield running


@pytest.fixture(scope="module")
def warehouse(warehouse_server, tmp_path_factory) -> Iterator[Target]:
    """The sample loaded by the tool and built with dbt on the `warehouse` target, as a warehouse user does."""
    with pytest.MonkeyPatch.context() as patch, dbt_output_in(tmp_path_factory.mktemp("dbt")):
        for key, value in {**libpq_variables(warehouse_server), "PGPASSWORD": "", "DBT_SCHEMA": SCHEMA}.items():
            patch.setenv(key, value)
        for key in ("LOCALDB_HOST", "DBT_TARGET"):  # nothing of the local server
            patch.delenv(key, raising=False)
        assert cli.main(["sample-data", "load", "--target", "warehouse"]) == 0
        target = resolve("warehouse")
        run_dbt(["build"], target, schema=target.schema,
                variables={"segmentation__as_of": sample_data.SAMPLE_AS_OF.isoformat()}, quiet=True)
        yield target


@pytest.fixture(scope="module")
def connection(warehouse_server):
    connection = psycopg2.connect(**warehouse_server.connect_kwargs())
    yield connection
    connection.close()


def test_the_target_is_read_from_the_profile(warehouse, warehouse_server, connection, monkeypatch):
    assert (warehouse.target, warehouse.schema, warehouse.local) == ("warehouse", SCHEMA, None)
    monkeypatch.setenv("DBT_TARGET", "warehouse")  # dbt's own variable picks the target when --target does not
    assert resolve() == warehouse
    assert warehouse.connect_kwargs()["host"] == str(warehouse_server.socket_dir)
    _, schemas = fetch(connection, "select schema_name from information_schema.schemata")
    assert {"raw", SCHEMA} <= {name for (name,) in schemas}
    assert "analytics" not in {name for (name,) in schemas}
    _, rows = fetch(connection, "select count(*) from raw.persons")
    assert rows[0][0] == len(sample_data.generate()["persons"])


def fresh_database(server: LocalServer, name: str):
    """A connection to database `name` of `server`, created empty (dropped first if it exists)."""
    admin = psycopg2.connect(**server.connect_kwargs("postgres"))
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f"drop database if exists {name}")
        cursor.execute(f"create database {name}")
    admin.close()
    return psycopg2.connect(**server.connect_kwargs(name))


def test_loading_never_replaces_a_schema_of_the_users(warehouse, warehouse_server, monkeypatch, capsys):
    """With DBT_TARGET exported for their warehouse, `segmentation demo` (make demo) loaded the sample over the
    user's own `raw`, dropping it whole. A load replaces a schema it created, or one that holds nothing: not one
    holding a table, nor a type that a table elsewhere uses (a drop with cascade took that column with it)."""
    users_own = fresh_database(warehouse_server, "users_own")
    with users_own.cursor() as cursor:
        cursor.execute("create schema raw; create table raw.persons (id bigint, name text);"
                       " insert into raw.persons values (1, 'a real user'); create schema scratch;"
                       ' create schema "Typed"; create type "Typed".mood as enum (\'calm\');'
                       ' create table public.moods (id bigint, mood "Typed".mood)')
    users_own.commit()
    monkeypatch.setenv("PGDATABASE", "users_own")
    monkeypatch.setenv("DBT_TARGET", "warehouse")
    try:
        assert cli.main(["demo", "--target", "warehouse"]) == 1
        assert cli.main(["sample-data", "load"]) == 1
        assert cli.main(["sample-data", "load", "--schema", "Typed"]) == 1
        refusals = capsys.readouterr().err
        assert ("schema raw of database users_own holds objects that were not loaded here (table raw.persons depends "
                "on schema raw): a load replaces the schema whole, so nothing was changed") in refusals
        assert ('(type "Typed".mood depends on schema Typed; column mood of table moods depends on' in refusals
                and 'run `drop schema "Typed" cascade` yourself' in refusals), refusals
        assert fetch(users_own, "select * from raw.persons")[1] == [(1, "a real user")]
        assert fetch(users_own, "select count(*) from public.moods where mood is null")[1] == [(0,)]
        for _ in range(2):  # an empty schema, then one loaded before
            assert cli.main(["sample-data", "load", "--schema", "scratch"]) == 0
        _, loaded = fetch(users_own, "select count(*) from scratch.persons")
        assert loaded == [(len(sample_data.generate()["persons"]),)]
        # the local server, the project's own, replaces a `raw` that an older version loaded without the mark
        sample_data.load(users_own, "raw", replace_unmarked=True)
        assert fetch(users_own, "select count(*) from raw.persons")[1] == loaded
    finally:
        users_own.close()


def test_the_report_reads_the_targets_schema(warehouse, connection, tmp_path, capsys):
    """And says that it leaves --vars unused there (found by a review: only --help said so)."""
    assert cli.main(["report", "--target", "warehouse", "--out", str(tmp_path),
                     "--vars", "{segmentation__threshold_overrides: {churn_days: 90}}"]) == 0
    assert ">>> --vars left unused: the report reads the marts of target warehouse as they were built" in (
        capsys.readouterr().err)
    rows = segments_table((tmp_path / "segments.md").read_text())
    _, marts = fetch(connection, f"""
        select d.persona, coalesce(s.user_count, 0)
        from {SCHEMA}.persona_definitions as d left join {SCHEMA}.persona_summary as s on d.persona = s.persona
        order by d.priority""")
    assert [(row["Segment Name"], int(row["Users"])) for row in rows] == marts
    assert sum(users for _, users in marts) > 0


def test_the_report_before_the_marts_are_built_says_what_to_run(warehouse, monkeypatch, tmp_path, capsys):
    """Found by a review: the report printed PostgreSQL's "relation does not exist" and nothing else."""
    monkeypatch.setenv("DBT_SCHEMA", "nothing_built_here")
    assert cli.main(["report", "--target", "warehouse", "--out", str(tmp_path)]) == 1
    assert ("the marts are not built in schema nothing_built_here of target warehouse; build them first "
            "(dbt build --target warehouse)") in capsys.readouterr().err


def test_the_demo_summary_reads_the_targets_schema(warehouse, connection, capsys):
    demo.print_summary(warehouse)
    printed = capsys.readouterr().out
    _, personas = fetch(connection, f"select persona, user_count from {SCHEMA}.persona_summary")
    for persona, users in personas:
        assert any(line.startswith(persona) and line.split("|")[1].strip() == str(users)
                   for line in printed.splitlines()), persona


def tables(lines: list[str]) -> dict[str, list[list[str]]]:
    """The tables of the demo's output by their `=== title ===`, in order: each the cells of its header and rows."""
    found: dict[str, list[list[str]]] = {}
    for line in lines:
        if line.startswith("==="):
            found[line] = []
        elif found and "|" in line:
            found[list(found)[-1]].append([cell.strip() for cell in line.split("|")])
    return found


def test_the_readme_shows_what_the_demo_prints(warehouse, capsys):
    """The README's abridged demo output: the demo's first tables, in its order, each with the demo's header and
    first rows, in order (a cell ending in … keeps the start of the demo's)."""
    readme = (PROJECT_ROOT / "README.md").read_text()
    shown = tables(readme[readme.index("```\n=== PERSONAS ===") + 4:].split("```", 1)[0].splitlines())
    demo.print_summary(warehouse)
    printed = tables(capsys.readouterr().out.splitlines())
    assert list(shown) == list(printed)[:len(shown)]

    def abridges(shown_cell: str, cell: str) -> bool:
        return cell == shown_cell or (len(shown_cell) > 1 and shown_cell.endswith("…")
                                      and cell.startswith(shown_cell[:-1].strip()))

    for title, rows in shown.items():
        assert rows and len(printed[title]) >= len(rows), title
        for row, printed_row in zip(rows, printed[title], strict=False):
            assert len(row) == len(printed_row) and all(map(abridges, row, printed_row)), (title, row)


def test_the_docs_document_the_targets_schema(warehouse, tmp_path):
    site = generate(warehouse, warehouse.schema, tmp_path)
    catalog = json.loads((site / "catalog.json").read_text())
    assert catalog["nodes"]["model.user_segmentation.persona_summary"]["metadata"]["schema"] == SCHEMA


# docs/warehouse.md's raw tables: schema app, each table under a name of its own
RENAMED = {"persons": "app_persons", "person_contacts": "app_person_contacts", "conversation": "app_conversations",
           "message": "app_messages"}


@pytest.fixture
def raw_tables_renamed(warehouse, connection) -> Iterator[dict[str, str]]:
    """The warehouse's raw tables moved to schema app under RENAMED's names (no schema raw left); yields the vars
    that say so, as docs/warehouse.md sets them, and puts the tables back afterwards."""
    with connection.cursor() as cursor:
        cursor.execute("alter schema raw rename to app")
        for table, name in RENAMED.items():
            cursor.execute(f"alter table app.{table} rename to {name}")
    connection.commit()
    try:
        yield {"segmentation__source_schema": "app",
               **{f"segmentation__{table}_identifier": name for table, name in RENAMED.items()}}
    finally:
        connection.rollback()
        with connection.cursor() as cursor:
            for table, name in RENAMED.items():
                cursor.execute(f"alter table app.{name} rename to {table}")
            cursor.execute("alter schema app rename to raw")
        connection.commit()


def run_docs(args: list[str], monkeypatch, while_served: Callable[[], None] = lambda: None) -> tuple[int, dict | None]:
    """`segmentation docs ARGS --port 0` until the site is served: its catalog.json read over HTTP, while_served
    called, then Ctrl-C."""
    served: dict[str, object] = {}
    real_serve = docs_site.serve

    @contextmanager
    def serve(site, host="127.0.0.1", port=docs_site.DEFAULT_PORT):
        with real_serve(site, host, port) as url:
            served["url"] = url
            yield url

    class CtrlC:
        def wait(self) -> None:
            with urllib.request.urlopen(f"{served['url']}catalog.json", timeout=30) as response:
                served["catalog"] = json.load(response)
            while_served()
            raise KeyboardInterrupt

    monkeypatch.setattr(docs_site, "serve", serve)
    monkeypatch.setattr(docs_site, "threading", SimpleNamespace(Event=CtrlC, Thread=docs_site.threading.Thread))
    handler = signal.getsignal(signal.SIGTERM)  # run() makes SIGTERM stop the server as Ctrl-C does
    try:
        code = cli.main(["docs", *args, "--port", "0"])
    finally:
        signal.signal(signal.SIGTERM, handler)
    return code, served.get("catalog")


def test_the_docs_take_the_vars_that_say_where_the_raw_tables_are(raw_tables_renamed, tmp_path, monkeypatch,
                                                                   capsys):
    """`make docs TARGET=warehouse VARS=...` on a warehouse whose raw tables are named by vars (docs/bi-tools.md)."""
    args = ["--target", "warehouse", "--target-path", str(tmp_path)]
    assert run_docs(args, monkeypatch) == (1, None)  # without them dbt looks for raw.persons, and says so, once
    printed = capsys.readouterr()
    assert "source table raw.persons does not exist" in printed.err
    assert (printed.out + printed.err).count("source table raw.persons does not exist") == 1
    code, catalog = run_docs([*args, "--vars", json.dumps(raw_tables_renamed)], monkeypatch)
    assert code == 0, capsys.readouterr().err
    sources = {key.rsplit(".", 1)[1]: (node["metadata"]["schema"], node["metadata"]["name"])
               for key, node in catalog["sources"].items()}
    assert sources == {table: ("app", name) for table, name in RENAMED.items()}
    assert catalog["nodes"]["model.user_segmentation.persona_summary"]["metadata"]["schema"] == SCHEMA
    # dbt's YAML, as docs/warehouse.md writes $VARS, is taken as well as JSON
    yaml_vars = "{" + ",\n  ".join(f"{var}: {value}" for var, value in raw_tables_renamed.items()) + "}"
    assert run_docs([*args, "--vars", yaml_vars], monkeypatch)[0] == 0


def test_the_docs_of_a_duckdb_file_leave_it_to_other_processes_while_served(tmp_path, monkeypatch):
    """`make docs TARGET=duckdb` serves for as long as the user likes; meanwhile a dbt run or a BI tool opens the
    file: dbt-duckdb held its lock until the process that ran dbt ended."""
    duckdb_file = DuckDb(tmp_path / "duckdb")
    duckdb_file.load_raw_tables("raw", sample_data.generate())
    monkeypatch.setenv("DUCKDB_PATH", str(duckdb_file.path))
    opened: list[subprocess.CompletedProcess] = []

    def open_elsewhere() -> None:
        probe = f"import duckdb; duckdb.connect({str(duckdb_file.path)!r}).execute('create table elsewhere (x int)')"
        opened.append(subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60))

    code, catalog = run_docs(["--target", "duckdb", "--target-path", str(tmp_path / "target")], monkeypatch,
                             while_served=open_elsewhere)
    assert code == 0
    assert "source.user_segmentation.raw.message" in catalog["sources"]
    assert opened[0].returncode == 0, opened[0].stderr


def test_docs_refuse_vars_that_are_not_a_yaml_mapping(capsys):
    for text, problem in (("{segmentation__source_schema: app", "is not YAML: expected ',' or '}'"),
                          ("app", "is not a YAML mapping of vars"),
                          ("{segmentation__personas: &rules [*rules]}",
                           "holds a value that contains itself (a YAML alias within its own anchor)"),
                          ("{segmentation__as_of: 2025-02-30}",
                           "holds an unquoted date that is not in the calendar: day is out of range for month")):
        with pytest.raises(SystemExit) as stopped:
            cli.main(["docs", "--target", "warehouse", "--vars", text])
        assert stopped.value.code == 2
        assert f"argument --vars: {text!r} {problem}" in capsys.readouterr().err


def test_an_unknown_target_or_a_missing_variable_is_named(monkeypatch, capsys):
    with pytest.raises(TargetError, match=r"no_such_target.*valid target names.*warehouse"):
        resolve("no_such_target")
    assert cli.main(["sample-data", "load", "--target", "no_such_target"]) == 1
    meanings = {"PGHOST": "the warehouse server", "PGUSER": "the role dbt logs in as on the warehouse",
                "PGDATABASE": "the warehouse database"}
    for variable in meanings:
        monkeypatch.setenv(variable, "set")
    for variable, meaning in meanings.items():
        with monkeypatch.context() as unset:
            unset.delenv(variable, raising=False)
            assert cli.main(["report", "--target", "warehouse"]) == 1
        assert (f"target warehouse (profiles.example.yml): Env var required but not provided: '{variable}, {meaning}: "
                "export PGHOST, PGUSER and PGDATABASE") in capsys.readouterr().err


def test_the_demo_builds_locally_whatever_dbt_target_says_and_never_over_the_users_marts(
        warehouse, warehouse_server, monkeypatch, capsys):
    """Found by a review: with DBT_TARGET exported for the warehouse, `make demo` loaded the sample there and rebuilt
    the target's schema, the marts of the user's own data (their raw tables under other names, so no `raw` of
    theirs stopped it). Last in the module: the demo makes this server a local one (its database, its reader role)."""
    # an earlier demo's marts, as the warehouse fixture built them from the sample: the demo builds them again
    assert cli.main(["demo", "--target", "warehouse"]) == 0
    theirs = fresh_database(warehouse_server, "their_marts")
    with theirs.cursor() as cursor:
        cursor.execute(f"create schema {SCHEMA}; create table {SCHEMA}.user_segments as select 1 as person_id")
    theirs.commit()
    monkeypatch.setenv("PGDATABASE", "their_marts")
    monkeypatch.setenv("DBT_TARGET", "warehouse")
    try:
        # a sample loaded into raw beside them (found by a review: the guard read that as an earlier demo's)
        assert cli.main(["sample-data", "load", "--target", "warehouse"]) == 0
        capsys.readouterr()
        assert cli.main(["demo", "--target", "warehouse"]) == 1
        refusal = capsys.readouterr().err
        assert (f"schema {SCHEMA} of target warehouse holds 1 table or view that is not the sample's marts") in (
            refusal)
        assert "the demo would replace it with the sample's, so nothing was changed" in refusal
        assert "loading the sample" not in refusal, "said before the refusal that nothing was changed"
        # without --target: the local server, here this one under its data directory, and its database segmentation
        assert cli.main(["demo", "--data-dir", str(warehouse_server.data_dir)]) == 0
        said = capsys.readouterr().err
        assert ">>> starting the local PostgreSQL" in said and "then `dbt ... --target local` with" in said
        assert fetch(theirs, f"select * from {SCHEMA}.user_segments")[1] == [(1,)]
    finally:
        theirs.close()
