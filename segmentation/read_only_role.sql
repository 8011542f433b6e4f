-- What keeps the BI reader role (var segmentation__bi_reader_role) from writing or creating anything, whatever its
-- sessions set.
-- Every role may switch default_transaction_read_only off, even with ALTER ROLE ... SET on itself, so the limits
-- are privileges. segmentation/roles.py runs this file on the local server; on a warehouse, a DBA runs it once
-- per database, after creating the role (create role bi_reader login password '...'), connected to that database
-- (the last two revokes act on the database psql is connected to):
--     psql -d <the database> -v role=bi_reader -v database=<the database> -f segmentation/read_only_role.sql
-- Three statements below change what PUBLIC (every role) may do in that database: a role that needs temporary
-- tables or large objects then needs a grant of its own. dbt's user does (incremental models stage their rows in
-- temporary tables), unless it owns the database: grant temporary on database <the database> to <dbt's user>.

-- no privilege of its own but to log in; noinherit: a group it joins later lends it nothing
alter role :"role" nosuperuser nocreatedb nocreaterole noinherit noreplication nobypassrls;
-- read-only sessions by default, for clear errors; the revokes below hold when it switches this off
alter role :"role" set default_transaction_read_only = on;
-- no temporary tables, views, sequences or functions (schema pg_temp): PUBLIC holds TEMPORARY on a database
revoke temporary on database :"database" from public;
-- no tables or functions in schema public (PUBLIC has no CREATE there since PostgreSQL 15; older versions grant it)
revoke create on schema public from public;
-- no large objects: PUBLIC may create them with these functions, whatever else it is granted
revoke execute on function lo_creat(integer), lo_create(oid), lo_from_bytea(oid, bytea) from public;
