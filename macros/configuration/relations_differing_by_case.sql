{#- The relations, as schema.name, whose schema and name equal `schema` and `identifier` but for case: on
    PostgreSQL, which reads the raw tables' names as given (RawData is not rawdata), the spelling a var may have
    meant; on DuckDB, which reads names in any case, the relation that dbt's get_relation would not take for the
    var's spelling (its "approximate match" error, which names no var). Spark: none. -#}
{% macro relations_differing_by_case(schema, identifier, database=none) %}
    {{- return(adapter.dispatch('relations_differing_by_case', 'user_segmentation')(schema, identifier, database)) -}}
{% endmacro %}

{% macro default__relations_differing_by_case(schema, identifier, database=none) %}
    {{- return([]) -}}
{% endmacro %}

{% macro postgres__relations_differing_by_case(schema, identifier, database=none) %}
    {%- set found = run_query(
        "select n.nspname || '.' || c.relname from pg_catalog.pg_class as c
         join pg_catalog.pg_namespace as n on n.oid = c.relnamespace
         where lower(n.nspname) = lower(" ~ sql_string(schema) ~ ")
           and lower(c.relname) = lower(" ~ sql_string(identifier) ~ ")
           and c.relkind in ('r', 'p', 'v', 'm', 'f')
         order by 1"
    ) -%}
    {{- return(found.columns[0].values() | list) -}}
{% endmacro %}

{#- in `database` (the target's when none), the tables and views whose spelling differs -#}
{% macro duckdb__relations_differing_by_case(schema, identifier, database=none) %}
    {%- set found = run_query(
        "select schema_name || '.' || name from (
             select database_name, schema_name, table_name as name from duckdb_tables()
             union all
             select database_name, schema_name, view_name from duckdb_views()
         ) as relations
         where lower(database_name) = lower(" ~ sql_string(database or target.database) ~ ")
           and lower(schema_name) = lower(" ~ sql_string(schema) ~ ")
           and lower(name) = lower(" ~ sql_string(identifier) ~ ")
           and schema_name || '.' || name <> " ~ sql_string(schema ~ '.' ~ identifier) ~ "
         order by 1"
    ) -%}
    {{- return(found.columns[0].values() | list) -}}
{% endmacro %}
