"""The read-only role that BI tools and readers log in as (var `segmentation__bi_reader_role`), and creating it on a
server.

dbt grants the role SELECT on every mart and USAGE on their schema; PostgreSQL needs the role to exist first.
What keeps it from writing or creating anything is read_only_role.sql, the one definition that both this module and
a warehouse's DBA run.
"""

from __future__ import annotations

from psycopg2 import sql

from segmentation import PROJECT_ROOT, project_vars

READ_ONLY_ROLE_SQL = PROJECT_ROOT / "segmentation" / "read_only_role.sql"


def bi_reader_role() -> str:
    """The default of var `segmentation__bi_reader_role` in dbt_project.yml, the one place that names the role."""
    return str(project_vars()["segmentation__bi_reader_role"])


def ensure_read_only_role(connection, name: str) -> bool:
    """Create `name` as a login role if missing and run read_only_role.sql for it; True if created.

    Idempotent. The role reads only what is granted to it (dbt's grants) and creates nothing, even in sessions it
    made read-write. Local servers trust their unix socket, so it needs no password there.
    """
    role = sql.Identifier(name)
    # the file's psql variables :"role" and :"database" become quoted identifiers here too
    script = sql.SQL(READ_ONLY_ROLE_SQL.read_text().replace(':"role"', "{role}").replace(':"database"', "{database}"))
    with connection.cursor() as cursor:
        cursor.execute("select 1 from pg_roles where rolname = %s", (name,))
        created = cursor.fetchone() is None
        if created:
            cursor.execute(sql.SQL("create role {} with login").format(role))
        cursor.execute(script.format(role=role, database=sql.Identifier(connection.info.dbname)))
    connection.commit()
    return created
