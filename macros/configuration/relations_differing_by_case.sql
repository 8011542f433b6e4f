{#- The relations, as schema.name, whose schema and name equal `schema` and `identifier` but for case: on
    PostgreSQL, which reads the raw tables' names as given (RawData is not rawdata), the spelling a var may have
    meant. Other engines compare names in any case: none there. -#}
{% macro relations_differing_by_case(schema, identifier) %}
    {{- return(adapter.dispatch('relations_differing_by_case', 'user_segmentation')(schema, identifier)) -}}
{% endmacro %}

{% macro default__relations_differing_by_case(schema, identifier) %}
    {{- return([]) -}}
{% endmacro %}

{% macro postgres__relations_differing_by_case(schema, identifier) %}
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
