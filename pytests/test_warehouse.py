"""A new user's warehouse: the lines of docs/warehouse.md, "Raw tables under other names", run as written, on a
second, empty PostgreSQL, as a user that holds only the privileges the docs grant it (no superuser).

The raw tables are under other names (and the messages' columns too, renamed by the docs' view), and the
role of var segmentation__bi_reader_role does not exist at first. Every command must exit 0; `mf` must give the
marts' numbers; once the role is created, the next build grants it every mart.
"""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys
from pathlib import Path

import psycopg2
import pytest
from psycopg2 import sql

from pytests import older_postgres
from pytests.conftest import fetch, libpq_variables, mart_names
from segmentation import PROJECT_ROOT, cli, sample_data
from segmentation.dbt_project import DbtError, run_dbt
from segmentation.localdb import POSTGRES_BIN_ENV, temporary_server
from segmentation.raw_tables import load_raw_tables
from segmentation.roles import bi_reader_role
from segmentation.semantic_layer import project_view
from segmentation.targets import resolve

# builds on real servers for minutes: `make test-slow` (CI runs it after `make test`)
pytestmark = pytest.mark.slow

DATABASE = "product"  # not the local server's `segmentation`: the profile must take it from PGDATABASE
DBT_USER = "analytics"  # the docs' dbt user, created and granted by their second SQL block
ROLE_WARNING = "var segmentation__bi_reader_role names the role"
# what the warehouse calls the raw tables: the docs' example names
RENAMED = {"persons": "app_persons", "person_contacts": "app_person_contacts", "conversation": "app_conversations",
           "message": "chat_messages"}
MESSAGE_COLUMNS = {"id": "msg_id", "sender_person_contact_id": "sender_id", "conversation_id": "thread_id",
                   "provider_timestamp": "sent_at", "content": "body"}


def docs_blocks() -> list[tuple[str, str]]:
    """(language, text) of each fenced block of docs/warehouse.md's "Raw tables under other names", in order."""
    text = (PROJECT_ROOT / "docs" / "warehouse.md").read_text()
    section = text.split("\n## Raw tables under other names\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```(\w+)\n(.*?)```", section, re.DOTALL)


@pytest.fixture(scope="module")
def warehouse():
    """A second server holding only the raw tables, under other names, in database `product`; no reader role."""
    with temporary_server() as running:
        admin = psycopg2.connect(**running.connect_kwargs("postgres"))
        admin.autocommit = True
        with admin.cursor() as cursor:
            cursor.execute(sql.SQL("create database {}").format(sql.Identifier(DATABASE)))
            # hardened as warehouses often are: dbt's user has only what the docs grant it
            cursor.execute(sql.SQL("revoke all on database {} from public").format(sql.Identifier(DATABASE)))
            cursor.execute(sql.SQL("drop role {}").format(sql.Identifier(bi_reader_role())))
        admin.close()
        connection = psycopg2.connect(**running.connect_kwargs(DATABASE))
        load_raw_tables(connection, "app", sample_data.generate())
        with connection.cursor() as cursor:
            for column, renamed in MESSAGE_COLUMNS.items():
                cursor.execute(sql.SQL("alter table app.message rename column {} to {}").format(
                    sql.Identifier(column), sql.Identifier(renamed)))
            for table, renamed in RENAMED.items():
                cursor.execute(sql.SQL("alter table app.{} rename to {}").format(
                    sql.Identifier(table), sql.Identifier(renamed)))
        connection.commit()
        yield running, connection
        connection.close()


def run_lines(script: str, server, directory: Path) -> str:
    """The docs' lines in bash, stopping at the first that fails, in a view of the project, as a user's shell
    pointed at the warehouse by the libpq variables, as the docs' dbt user; returns what they printed. The shell's
    variables (VARS ...) carry over to the next call, as in one terminal."""
    environment = {key: value for key, value in os.environ.items()
                   if not key.startswith(("DBT_", "LOCALDB_", "PG"))}
    environment.update({
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{environment['PATH']}",
        **libpq_variables(server, user=DBT_USER, database=DATABASE),
    })
    state = directory / "shell-variables"
    session = f"set -a\n{'. ' + str(state) if state.exists() else ''}\n{script}\nexport -p > {state}\n"
    completed = subprocess.run(["bash", "-e", "-x", "-c", session], cwd=directory, env=environment,
                               capture_output=True, text=True, timeout=1200, check=False)
    output = completed.stdout + completed.stderr
    assert completed.returncode == 0, output[-6000:]
    return output


def test_the_docs_on_a_new_warehouse(warehouse, tmp_path):
    server, connection = warehouse
    blocks = docs_blocks()
    assert [language for language, _ in blocks] == ["sql", "sql", "bash", "bash", "sql", "bash"], blocks
    (view_sql, dbt_user_sql, _connection_lines, first_run, create_role, rebuild) = (text for _, text in blocks)
    directory = project_view(tmp_path / "project")
    (directory / "profiles.example.yml").symlink_to(PROJECT_ROOT / "profiles.example.yml")  # the lines copy it

    # the docs' view gives the messages the column names the project reads; then dbt's user and its grants
    assert f"create role {DBT_USER} " in dbt_user_sql
    with connection.cursor() as cursor:
        cursor.execute(view_sql)
        cursor.execute(dbt_user_sql)
    connection.commit()

    output = run_lines(first_run, server, directory)
    # each dbt run/build said once that the role is missing, and granted nothing
    builds = len(re.findall(r"^dbt (run|build)\b", first_run, re.MULTILINE))
    assert output.count(ROLE_WARNING) == builds, output[-6000:]
    # mf's users by persona are the marts' persona counts
    _, summary = fetch(connection, "select persona, user_count from analytics.persona_summary")
    table = re.search(r"^user__persona\s+users\n-+\s+-+\n((?:.+\n)+)", output, re.MULTILINE)
    assert table, output[-3000:]
    users = {persona: int(count) for persona, count in re.findall(r"^(\S.*?)\s{2,}(\d+)$", table.group(1),
                                                                   re.MULTILINE)}
    assert users == dict(summary) and sum(users.values()) > 50
    # the report read the marts of this target: its table has every persona with the marts' count
    report = (directory / "reports" / "warehouse" / "segments.md").read_text()
    for persona, count in summary:
        assert re.search(rf"^\| {re.escape(persona)} \|.*\| {count} \| [\d.]+% \|$", report, re.MULTILINE), persona

    with connection.cursor() as cursor:
        cursor.execute(create_role)
    connection.commit()
    output = run_lines(rebuild, server, directory)
    assert ROLE_WARNING not in output
    reader = psycopg2.connect(**{**server.connect_kwargs(DATABASE), "user": bi_reader_role()})
    try:
        marts = mart_names(directory / "target")
        assert len(marts) >= 8
        for mart in marts:
            _, rows = fetch(reader, sql.SQL("select count(*) from analytics.{}").format(
                sql.Identifier(mart)).as_string(reader))
            assert rows[0][0] >= 0
        _, personas = fetch(reader, "select count(*) from analytics.user_personas")
        assert personas[0][0] == sum(dict(summary).values())
    finally:
        reader.close()


def test_dbt_seed_runs_before_the_raw_tables_are_configured(server, connection):
    """The seed reads no raw table: `dbt seed` loads it whatever segmentation__source_schema says."""
    run_dbt(["seed"], server, schema="seed_first", variables={"segmentation__source_schema": "not_configured_yet"},
            quiet=True)
    _, rows = fetch(connection, "select count(*) from seed_first.excluded_persons")
    assert rows == [(0,)]


def encoded_database(server, encoding: str, monkeypatch) -> str:
    """A new database of the server in `encoding`, which the `warehouse` target then points at."""
    database = f"encoded_{encoding.lower()}"
    admin = psycopg2.connect(**server.connect_kwargs("postgres"))
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(sql.SQL("drop database if exists {}").format(sql.Identifier(database)))
        cursor.execute(sql.SQL("create database {} encoding {} template template0 lc_collate 'C' lc_ctype 'C'")
                       .format(sql.Identifier(database), sql.Literal(encoding)))
    admin.close()
    for key, value in libpq_variables(server, database=database).items():
        monkeypatch.setenv(key, value)
    return database


@pytest.mark.parametrize("encoding", ["LATIN1", "SQL_ASCII"])
def test_a_database_not_in_utf8_builds(encoding, server, monkeypatch):
    """The unit tests run in the user's database: their rows are ASCII, which every encoding holds (curly quotes
    made the whole build fail on a LATIN1 or SQL_ASCII database, before any mart was built)."""
    database = encoded_database(server, encoding, monkeypatch)
    with contextlib.closing(psycopg2.connect(**server.connect_kwargs(database))) as connection:
        load_raw_tables(connection, "raw", {})
    result = run_dbt(["build"], resolve("warehouse"), schema="analytics", quiet=True)
    assert [node for node in result.result if node.node.resource_type == "unit_test"]


def test_the_tools_read_utf8_text_from_a_sql_ascii_database(server, monkeypatch, tmp_path):
    """A SQL_ASCII database keeps the bytes it is given, here UTF-8 names: the report reads them as such (it
    stopped on 'ascii' codec can't decode)."""
    database = encoded_database(server, "SQL_ASCII", monkeypatch)
    tables = sample_data.generate()
    tables["persons"] = [(person_id, name and f"{name}é") for person_id, name in tables["persons"]]
    with contextlib.closing(psycopg2.connect(**server.connect_kwargs(database), client_encoding="UTF8")) as connection:
        load_raw_tables(connection, "raw", tables)
    run_dbt(["build"], resolve("warehouse"), schema="analytics", quiet=True,
            variables={"segmentation__as_of": sample_data.SAMPLE_AS_OF.isoformat()})
    assert cli.main(["report", "--target", "warehouse", "--out", str(tmp_path)]) == 0
    assert "é" in (tmp_path / "segments.md").read_text()


def test_a_postgresql_older_than_14_is_named_before_anything_is_built(monkeypatch):
    """PostgreSQL 13 lacks what the project needs (hash_record_extended, statistics on expressions): the run stops
    at its start, naming the server's version and the oldest it supports, and builds nothing."""
    if not older_postgres.fetchable():
        pytest.skip(older_postgres.UNFETCHABLE)
    monkeypatch.setenv(POSTGRES_BIN_ENV, str(older_postgres.postgres_bin(13)))
    with temporary_server() as old:
        connection = psycopg2.connect(**old.connect_kwargs())
        try:
            load_raw_tables(connection, "raw", sample_data.generate())
            message = r"target local is PostgreSQL 13\.\d+; user_segmentation needs PostgreSQL 14 or later"
            with pytest.raises(DbtError, match=message):
                run_dbt(["build"], old, schema="analytics", quiet=True)
            _, built = fetch(connection, "select table_schema, table_name from information_schema.tables "
                                         "where table_schema like 'analytics%'")
            assert built == []
        finally:
            connection.close()
