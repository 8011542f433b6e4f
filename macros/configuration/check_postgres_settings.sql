{#- On PostgreSQL, two settings of a user's server that dbt's sessions inherit from the role or the database, each
    named before anything is built: a read-only session (default_transaction_read_only, or a standby), where every
    model stopped on "cannot execute CREATE TABLE in a read-only transaction", and standard_conforming_strings off,
    under which a backslash in a string literal is an escape: a label or a pattern holding one changed, or broke the
    SQL, silently. Called by the on-run-start hook and by postgres__create_schema, which runs before it. -#}
{% macro check_postgres_settings() %}
    {%- if execute and target.type == 'postgres' -%}
        {%- set session = run_query(
            "select current_setting('transaction_read_only'), pg_is_in_recovery(),"
            " current_setting('standard_conforming_strings')"
        ).rows[0] -%}
        {%- if session[1] -%}
            {{ exceptions.raise_compiler_error(
                "target " ~ target.name ~ " reaches a standby server (in recovery), which takes no writes, where dbt "
                ~ "builds tables: point the target at the primary server (docs/warehouse.md)"
            ) }}
        {%- elif session[0] == 'on' -%}
            {{ exceptions.raise_compiler_error(
                "target " ~ target.name ~ "'s sessions are read-only (default_transaction_read_only is on for role "
                ~ target.user ~ " or database " ~ target.database ~ "), where dbt builds tables: alter role "
                ~ target.user ~ " set default_transaction_read_only = off"
            ) }}
        {%- elif session[2] != 'on' -%}
            {{ exceptions.raise_compiler_error(
                "target " ~ target.name ~ "'s sessions have standard_conforming_strings off: PostgreSQL then reads a "
                ~ "backslash in a string literal as an escape, and a label or pattern holding one would change: alter "
                ~ "role " ~ target.user ~ " set standard_conforming_strings = on (PostgreSQL's default since 9.1)"
            ) }}
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}
