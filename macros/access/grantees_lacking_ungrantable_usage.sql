{#- The (grantee, schema owner) pairs, among `grantees`, of the roles without USAGE on `schema` that dbt's role
    cannot grant it: it holds no USAGE with grant option there, as when a DBA created the schema and granted it
    USAGE and CREATE only. Read before the run's grants; [] when the schema is the role's own. -#}
{% macro grantees_lacking_ungrantable_usage(schema, grantees) %}
    {%- set literals = [] -%}
    {%- for grantee in grantees -%}
        {%- do literals.append(sql_string(grantee)) -%}
    {%- endfor -%}
    {%- if not (literals and execute) -%}
        {{ return([]) }}
    {%- endif -%}
    {%- set found = run_query(
        "select grantee, pg_get_userbyid(namespace.nspowner) from pg_namespace as namespace"
        ~ " cross join unnest(array[" ~ literals | join(', ') ~ "]::text[]) as grantees (grantee)"
        ~ " where namespace.nspname = " ~ sql_string(schema)
        ~ " and not has_schema_privilege(grantee, namespace.oid, 'usage')"
        ~ " and not has_schema_privilege(namespace.oid, 'usage with grant option') order by grantee"
    ) -%}
    {{ return(found.rows | map('list') | list) }}
{%- endmacro %}
