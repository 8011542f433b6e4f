"""Vars that name database objects (the raw tables' place and names, the readers' role) are names and nothing else;
a reader role that does not exist yet is warned about once and granted nothing; the profile says what to run."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from psycopg2 import sql

from pytests.conftest import dbt_warnings, fetch, relations
from segmentation import PROJECT_ROOT
from segmentation.dbt_project import dbt_output_in, describe_failure, run_dbt
from segmentation.engines import DuckDb
from segmentation.raw_tables import load_raw_tables
from segmentation.semantic_layer import project_view

# a build stopped at its start, over and over, as test_configuration's: `make test-slow` (CI runs it after `make test`)
pytestmark = pytest.mark.slow

INJECTION = "bi_reader; create table public.pwned_role as select current_user as who; --"
ROLE_WARNING = "var segmentation__bi_reader_role names the role"


@pytest.fixture(scope="module")
def raw(connection) -> dict[str, str]:
    """Empty raw tables, enough for the start-of-run checks: the vars that point at them."""
    load_raw_tables(connection, "raw_names", {})
    return {"segmentation__source_schema": "raw_names"}


def warnings_of(run) -> list[str]:
    """run(callbacks=...) -> the warnings dbt logged during the run."""
    messages, collect = dbt_warnings()
    run(callbacks=[collect])
    return messages


@pytest.mark.parametrize(("name", "value"), [
    ("segmentation__bi_reader_role", INJECTION),
    ("segmentation__source_schema", "raw'; create table public.pwned_schema as select current_user as who; --"),
    ("segmentation__message_identifier", 'message"; create table public.pwned_table as select current_user as who; --'),
    ("segmentation__source_database", "segmentation; drop schema public cascade"),
    ("segmentation__persons_identifier", ""),
    ("segmentation__bi_reader_role", 42),
    ("segmentation__bi_reader_role", "public"),  # every role; it warned to create a role PostgreSQL refuses
    ("segmentation__source_database", "another_database"),  # a name, but PostgreSQL reads only the target's database
])
def test_a_var_that_is_not_a_name_stops_the_run_before_anything_is_built(server, connection, name, value):
    schema = "refused_names"
    result = run_dbt(["run", "--select", "persona_definitions"], server, schema=schema, variables={name: value},
                     check=False, quiet=True)
    assert not result.success
    message = str(result.exception)
    assert f"var {name} = " in message and ("is not a name" in message or "is not the target's" in message), message
    assert relations(connection, schema) == []
    _, pwned = fetch(connection, "select table_name from information_schema.tables where table_name like 'pwned%'")
    assert pwned == []


# dbt-postgres pastes the source schema into a string literal of its catalog query: this one closes it, creates
# a table and leaves a query that still parses
CATALOG_INJECTION = ("x')); commit; create table public.pwned_catalog(i int); commit; select 1"
                     " from pg_catalog.pg_namespace sch join pg_catalog.pg_class tbl on false"
                     " join pg_catalog.pg_attribute col on false where true --")


@pytest.mark.parametrize(("command", "name", "value"), [
    (["show", "--select", "stg_raw__persons"], "segmentation__persons_identifier",
     'persons" where (select count(*) from pg_sleep(1)) > 0 --'),
    (["compile", "--select", "staging"], "segmentation__persons_identifier",
     'persons" where (select count(*) from pg_sleep(1)) > 0 --'),
    (["docs", "generate", "--no-compile"], "segmentation__source_schema", CATALOG_INJECTION),
])
def test_commands_without_start_of_run_hooks_refuse_a_name_too(server, connection, raw, command, name, value):
    """dbt show, dbt compile and dbt docs generate run no on-run-start hook: the staging models check the names
    themselves, when dbt parses the project (docs generate --no-compile compiles nothing). A payload that ran
    would sleep a second longer or create a table; it must not run at all."""
    messages, collect = dbt_warnings()
    result = run_dbt(command, server, schema="refused_show", variables={**raw, name: value}, check=False, quiet=True,
                     callbacks=[collect])
    assert not result.success
    message = str(result.exception) + describe_failure(result)
    assert f"var {name} = " in message and "is not a name" in message, message
    assert "pg_sleep" not in " ".join(messages)
    _, pwned = fetch(connection, "select table_name from information_schema.tables where table_name like 'pwned%'")
    assert pwned == []


def test_a_missing_reader_role_is_warned_about_once_and_granted_nothing(server, connection, raw):
    schema = "missing_reader"
    warnings = warnings_of(lambda callbacks: run_dbt(
        ["run", "--select", "persona_definitions"], server, schema=schema,
        variables={**raw, "segmentation__bi_reader_role": "nobody_reads_here"}, quiet=True, callbacks=callbacks))
    about_role = [message for message in warnings if ROLE_WARNING in message]
    assert len(about_role) == 1, warnings
    assert "nobody_reads_here" in about_role[0] and '""' in about_role[0] and "create role" in about_role[0]
    assert relations(connection, schema) == ["persona_definitions"]
    _, grants = fetch(connection, "select grantee from information_schema.role_table_grants "
                                  "where table_schema = %s and grantee <> current_user", (schema,))
    assert grants == []


def test_a_role_whose_name_needs_quotes_is_granted_the_marts_and_their_schema(server, connection, raw):
    schema, role = "mixed_case_reader", "Mixed_Reader"
    with connection.cursor() as cursor:
        cursor.execute(sql.SQL("drop role if exists {0}; create role {0}").format(sql.Identifier(role)))
    connection.commit()
    warnings = warnings_of(lambda callbacks: run_dbt(
        ["run", "--select", "persona_definitions"], server, schema=schema,
        variables={**raw, "segmentation__bi_reader_role": role}, quiet=True, callbacks=callbacks))
    assert not [message for message in warnings if ROLE_WARNING in message]
    _, grants = fetch(connection, "select privilege_type from information_schema.role_table_grants "
                                  "where table_schema = %s and grantee = %s", (schema, role))
    assert grants == [("SELECT",)]
    _, usage = fetch(connection, "select has_schema_privilege(%s, %s, 'usage')", (role, schema))
    assert usage == [(True,)]


def test_raw_tables_whose_names_have_capitals_are_read_as_named(server, connection):
    """A schema and a table named as an ORM names them ("Raw_Mixed"."Chat_Message"): the vars keep their case."""
    load_raw_tables(connection, "Raw_Mixed", {"message": [(1, 2, 3, "2026-06-01 12:00:00+00", "hello")]})
    with connection.cursor() as cursor:
        cursor.execute('alter table "Raw_Mixed".message rename to "Chat_Message"')
    connection.commit()
    run_dbt(["run", "--select", "stg_raw__messages"], server, schema="mixed_names", quiet=True,
            variables={"segmentation__source_schema": "Raw_Mixed", "segmentation__message_identifier": "Chat_Message"})
    assert fetch(connection, "select message_id from mixed_names_staging.stg_raw__messages")[1] == [(1,)]
    # the schema spelt in another case is not found, and the message names the relation meant
    result = run_dbt(["run", "--select", "stg_raw__messages"], server, schema="mixed_names", quiet=True, check=False,
                     variables={"segmentation__source_schema": "RAW_MIXED",
                                "segmentation__message_identifier": "Chat_Message"})
    assert re.search(r"source table RAW_MIXED\.(\w+) does not exist in database segmentation of target local; .*"
                     r"\(now RAW_MIXED\), this one under the name in var segmentation__\w+_identifier "
                     r"\(Raw_Mixed\.\1 differs by case only: names are read as the vars spell them; set var "
                     r"segmentation__source_schema \(now RAW_MIXED\) to Raw_Mixed\)",
                     describe_failure(result)), describe_failure(result)


@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        ({"segmentation__persons_identifier": "Persons"},
         "source table raw.Persons does not exist in database segmentation of target duckdb; the raw tables are read "
         "from the schema in var segmentation__source_schema (now raw), this one under the name in var "
         "segmentation__persons_identifier (raw.persons differs by case only: dbt takes names as the vars spell them; "
         "set var segmentation__persons_identifier (now Persons) to persons)"),
        ({"segmentation__source_schema": "RAW"},
         "differs by case only: dbt takes names as the vars spell them; set var segmentation__source_schema (now RAW) "
         "to raw)"),
    ],
)
def test_a_duckdb_table_named_by_a_var_in_another_case_names_the_var(variables, expected, tmp_path):
    """Found by a DuckDB user's field test: DuckDB reads names in any case, but dbt's get_relation stops on an
    "approximate match" and advised deleting the raw table, naming no var. The message names the var, its value and
    the table found, as on PostgreSQL."""
    engine = DuckDb(tmp_path)
    engine.load_raw_tables("raw", {})
    with dbt_output_in(engine.directory):
        result = run_dbt(["run"], engine, schema="analytics", check=False, quiet=True, variables=variables)
    assert not result.success
    assert expected in describe_failure(result), describe_failure(result)


def test_the_local_target_without_its_server_says_what_to_run(tmp_path):
    view = project_view(tmp_path / "project")
    (view / "profiles.yml").symlink_to(PROJECT_ROOT / "profiles.example.yml")
    environment = {key: value for key, value in os.environ.items() if not key.startswith(("DBT_", "LOCALDB_"))}
    dbt = Path(sys.executable).with_name("dbt")
    completed = subprocess.run([str(dbt), "parse"], cwd=view, env=environment, capture_output=True, text=True,
                               timeout=300, check=False)
    output = completed.stdout + completed.stderr
    assert completed.returncode != 0
    assert "LOCALDB_HOST" in output and "segmentation localdb env" in output, output
    assert "DBT_TARGET=warehouse" in output, output


def test_the_warehouse_target_without_its_server_says_what_to_set(tmp_path):
    """Found by a review: without PGHOST, dbt said only that the env var was required."""
    view = project_view(tmp_path / "project")
    (view / "profiles.yml").symlink_to(PROJECT_ROOT / "profiles.example.yml")
    environment = {key: value for key, value in os.environ.items() if not key.startswith(("DBT_", "LOCALDB_", "PG"))}
    dbt = Path(sys.executable).with_name("dbt")
    completed = subprocess.run([str(dbt), "parse"], cwd=view, env={**environment, "DBT_TARGET": "warehouse"},
                               capture_output=True, text=True, timeout=300, check=False)
    output = completed.stdout + completed.stderr
    assert completed.returncode != 0
    assert "PGHOST, the warehouse server: export PGHOST, PGUSER and PGDATABASE" in output, output
