{#- On PostgreSQL, dbt's role must create temporary tables: dbt's incremental models, the snapshot and the unit
    tests stage their rows in them. A role that had TEMPORARY only through PUBLIC loses it when read_only_role.sql
    revokes it from PUBLIC; without this check the run stopped at the first of them with "permission denied". -#}
{% macro check_temporary_privilege() %}
    {%- if execute and target.type == 'postgres'
           and not run_query("select has_database_privilege(current_database(), 'temporary')").rows[0][0] -%}
        {{ exceptions.raise_compiler_error(
            "role " ~ target.user ~ " may not create temporary tables in database " ~ target.database
            ~ ", which dbt's incremental models, the snapshot and the unit tests stage their rows in: grant "
            ~ "temporary on database " ~ target.database ~ " to " ~ target.user ~ " (docs/warehouse.md)"
        ) }}
    {%- endif -%}
{%- endmacro %}
