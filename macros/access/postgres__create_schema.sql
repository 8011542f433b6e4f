{#- dbt's create_schema on PostgreSQL (dbt dispatches the root project's macro first). dbt creates the target's
    schemas that do not exist yet before the run's first hook, so a role without CREATE on the database stopped
    there with PostgreSQL's "permission denied for database", naming neither the role nor the schema. dbt calls it
    outside any node of this project, so the project's own macro is named with its package (a host project that
    installs this one has it under that name only). -#}
{% macro postgres__create_schema(relation) %}
    {%- do user_segmentation.check_postgres_settings() -%}
    {%- if not run_query("select has_database_privilege(current_database(), 'create')").rows[0][0] -%}
        {{ exceptions.raise_compiler_error(
            "role " ~ target.user ~ " may not create schemas in database " ~ target.database ~ ", where dbt creates "
            ~ "the target's schemas that do not exist yet: grant create on database " ~ target.database ~ " to "
            ~ target.user ~ ", or create schema " ~ relation.schema ~ " and grant the role create on it (and on the "
            ~ "target's other schemas: docs/warehouse.md)"
        ) }}
    {%- endif -%}
    {{ dbt.postgres__create_schema(relation) }}
{%- endmacro %}
