"""The read-only role that BI tools and readers log in as (var `bi_reader_role`), and creating it on a server.

dbt grants the role SELECT on every mart and USAGE on their schema; PostgreSQL needs the role to exist first.
"""

from __future__ import annotations

import yaml
from psycopg2 import sql

from segmentation import PROJECT_ROOT


def bi_reader_role() -> str:
    """The default of var `bi_reader_role` in dbt_project.yml, the one place that names the role."""
    project = yaml.safe_load((PROJECT_ROOT / "dbt_project.yml").read_text())
    return str(project["vars"]["bi_reader_role"])


def ensure_read_only_role(connection, name: str) -> bool:
    """Create `name` as a login role that holds no privilege of its own, read-only by default; True if created.

    Idempotent. The role reads only what is granted to it (dbt's grants); its sessions start read-only, and it
    can create no role or database. Local servers trust their unix socket, so it needs no password there.
    """
    role = sql.Identifier(name)
    with connection.cursor() as cursor:
        cursor.execute("select 1 from pg_roles where rolname = %s", (name,))
        created = cursor.fetchone() is None
        if created:
            cursor.execute(sql.SQL(
                "create role {} with login nosuperuser nocreatedb nocreaterole noinherit noreplication"
            ).format(role))
        cursor.execute(sql.SQL("alter role {} set default_transaction_read_only = on").format(role))
    connection.commit()
    return created
