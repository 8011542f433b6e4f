"""BI access: the read-only role reads every mart and is refused raw, staging and intermediate, and writes."""

from __future__ import annotations

import os
import re
from pathlib import Path

import psycopg2
import pytest
from psycopg2 import errors, sql

from pytests.conftest import dbt_warnings, fetch, logged_in_as, mart_names, relations
from segmentation import PROJECT_ROOT
from segmentation.dbt_project import run_dbt
from segmentation.roles import bi_reader_role, ensure_read_only_role


@pytest.fixture(scope="module")
def reader(server, sample):
    connection = psycopg2.connect(**{**server.connect_kwargs(), "user": bi_reader_role()})
    yield connection
    connection.close()


def read(connection, schema: str, table: str) -> int:
    """count(*) of schema.table; the connection is left usable whatever happens."""
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql.SQL("select count(*) from {}.{}").format(sql.Identifier(schema), sql.Identifier(table)))
            return cursor.fetchone()[0]
    finally:
        connection.rollback()


GRANTS = "select distinct table_schema, privilege_type, grantee from information_schema.role_table_grants "


def test_bi_reader_reads_every_mart(sample, reader, connection):
    marts = mart_names(Path(os.environ["DBT_TARGET_PATH"]))  # this session's build
    assert len(marts) >= 8, f"too few marts in the manifest: {marts}"
    for mart in marts:
        assert read(reader, sample.schema, mart) == read(connection, sample.schema, mart), mart


@pytest.mark.parametrize("layer", ["raw", "staging", "intermediate"])
def test_bi_reader_is_refused_upstream_layers(layer, sample, reader, connection):
    schema = {"raw": sample.raw_schema, "staging": f"{sample.schema}_staging",
              "intermediate": f"{sample.schema}_intermediate"}[layer]
    tables = relations(connection, schema)
    assert tables, f"nothing in {schema} to try"
    for table in tables:
        with pytest.raises(errors.InsufficientPrivilege):
            read(reader, schema, table)


def test_bi_reader_cannot_write_even_in_a_read_write_transaction(sample, reader):
    with reader.cursor() as cursor:
        cursor.execute("set transaction read write")
        with pytest.raises(errors.InsufficientPrivilege):
            cursor.execute(sql.SQL("delete from {}.persona_summary").format(sql.Identifier(sample.schema)))
    reader.rollback()
    with reader.cursor() as cursor, pytest.raises(errors.InsufficientPrivilege):
        cursor.execute("set transaction read write")
        cursor.execute(sql.SQL("create table {}.scratch (id int)").format(sql.Identifier(sample.schema)))
    reader.rollback()


def test_bi_reader_holds_select_only_on_the_target_schema(sample, connection):
    _, rows = fetch(connection, GRANTS + "where grantee = %s and table_schema like %s",
                    (bi_reader_role(), f"{sample.schema}%"))
    assert rows == [(sample.schema, "SELECT", bi_reader_role())]


@pytest.mark.parametrize(("role", "expected"), [("analyst_x", ["analyst_x"]), ("", [])])
def test_the_role_is_a_var(role, expected, sample, server, connection):
    """Another role gets the grants instead of bi_reader; an empty one gets nothing (a warehouse without it)."""
    if role:
        ensure_read_only_role(connection, role)
    schema = f"grants_{role or 'none'}"
    run_dbt(["run", "--select", "persona_definitions"], server, schema=schema, quiet=True,
            variables={**sample.variables, "segmentation__bi_reader_role": role})
    _, rows = fetch(connection, GRANTS + "where table_schema = %s and grantee <> current_user", (schema,))
    assert rows == [(schema, "SELECT", grantee) for grantee in expected]
    if role:
        other = psycopg2.connect(**{**server.connect_kwargs(), "user": role})
        try:
            assert read(other, schema, "persona_definitions") > 0
        finally:
            other.close()


def test_an_emptied_role_revokes_the_grants_of_tables_a_run_keeps(sample, server, connection):
    """Found by a review: with the role set to "" an incremental mart, which a run updates rather than replaces,
    kept its earlier grant, so the reader still read the history; "" grants nothing, earlier grants included."""
    schema = "grants_emptied"
    run_dbt(["run", "--select", "+lifecycle_growth"], server, schema=schema, quiet=True, variables=sample.variables)
    query = GRANTS + "where table_schema = %s and table_name = 'lifecycle_growth' and grantee <> current_user"
    assert fetch(connection, query, (schema,))[1] == [(schema, "SELECT", bi_reader_role())]
    run_dbt(["run", "--select", "lifecycle_growth"], server, schema=schema, quiet=True,
            variables={**sample.variables, "segmentation__bi_reader_role": ""})
    assert fetch(connection, query, (schema,))[1] == []


def test_a_schema_a_dba_created_names_the_grant_its_owner_runs(sample, server, connection, monkeypatch):
    """Found by a review: a DBA created the target's schema and granted dbt's role USAGE and CREATE on it. The role
    may not grant USAGE there, so PostgreSQL granted the reader nothing, silently, and BI was refused the schema:
    the run warns with the statement the schema's owner runs."""
    schema, database, reader_role = "dba_made", server.connect_kwargs()["dbname"], bi_reader_role()
    with connection.cursor() as cursor:
        cursor.execute(f"drop schema if exists {schema} cascade; create schema {schema}")
    connection.commit()
    grants = (f"grant temporary on database {database} to {{role}}; grant usage, create on schema {schema} to {{role}};"
              f" grant usage on schema {sample.raw_schema} to {{role}};"
              f" grant select on all tables in schema {sample.raw_schema} to {{role}}")
    warnings, collect = dbt_warnings()
    statement = f'grant usage on schema "{schema}" to "{reader_role}"'
    reader = psycopg2.connect(**{**server.connect_kwargs(), "user": reader_role})
    try:
        with logged_in_as("segmentation_guest", grants, server, connection, monkeypatch) as target:
            run_dbt(["run", "--select", "persona_definitions"], target, schema=schema, quiet=True,
                    variables=sample.variables, callbacks=[collect])
            with pytest.raises(errors.InsufficientPrivilege):
                read(reader, schema, "persona_definitions")
            with connection.cursor() as cursor:
                cursor.execute(statement)
            connection.commit()
            assert read(reader, schema, "persona_definitions") > 0
    finally:
        reader.close()
    assert [message for message in warnings if "may not use schema" in message] == [
        f"role {reader_role} may not use schema {schema}, where it was granted the marts, and role segmentation_guest"
        f" cannot grant it that (PostgreSQL grants nothing then): the schema's owner, postgres, runs once: {statement}"]


def test_the_grants_default_matches_the_var():
    """dbt renders +grants before reading vars:, so dbt_project.yml repeats the default: both must agree."""
    text = (PROJECT_ROOT / "dbt_project.yml").read_text()
    defaults = set(re.findall(r"var\('segmentation__bi_reader_role', '([^']*)'\)", text))
    assert defaults == {bi_reader_role()}


@pytest.fixture
def read_write_reader(server, sample):
    """The reader after switching its read-only default off, as it may: each statement its own transaction."""
    connection = psycopg2.connect(**{**server.connect_kwargs(), "user": bi_reader_role()})
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("set default_transaction_read_only = off")
        cursor.execute("show transaction_read_only")
        assert cursor.fetchone() == ("off",)
    yield connection
    connection.close()


ATTEMPTS = {
    "temporary table": "create temporary table scratch (id int)",
    "temporary function": "create function pg_temp.scratch() returns int language sql as 'select 1'",
    "large object": "select lo_create(0)",
    "large object from bytes": "select lo_from_bytea(0, 'x')",
    "table in public": "create table public.scratch (id int)",
    "function in public": "create function public.scratch() returns int language sql as 'select 1'",
    "schema": "create schema scratch",
    "table beside the marts": "create table {marts}.scratch (id int)",
}


@pytest.mark.parametrize("statement", ATTEMPTS.values(), ids=ATTEMPTS.keys())
def test_bi_reader_creates_nothing_even_read_write(statement, sample, read_write_reader):
    """Its limits are privileges, not the read-only default it can switch off."""
    with read_write_reader.cursor() as cursor, pytest.raises(errors.InsufficientPrivilege):
        cursor.execute(statement.format(marts=sample.schema))


def test_bi_reader_gains_nothing_by_changing_its_own_role(server, sample, connection):
    """ALTER ROLE ... SET on itself is open to every role: its next sessions are read-write and still refused."""
    role = bi_reader_role()
    reader = psycopg2.connect(**{**server.connect_kwargs(), "user": role})
    reader.autocommit = True
    try:
        with reader.cursor() as cursor:
            cursor.execute("set default_transaction_read_only = off")
            cursor.execute(sql.SQL("alter role {} set default_transaction_read_only = off")
                           .format(sql.Identifier(role)))
        reader.close()
        reader = psycopg2.connect(**{**server.connect_kwargs(), "user": role})
        reader.autocommit = True
        with reader.cursor() as cursor:
            cursor.execute("show transaction_read_only")
            assert cursor.fetchone() == ("off",)
            for statement in ATTEMPTS.values():
                with pytest.raises(errors.InsufficientPrivilege):
                    cursor.execute(statement.format(marts=sample.schema))
    finally:
        reader.close()
        ensure_read_only_role(connection, role)  # its read-only default back for the other tests
