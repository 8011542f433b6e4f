{#- A raw text column cast to the engine's string type and compared as written, byte for byte, as the
    specification's queries compare text on PostgreSQL. On DuckDB a column declared with a collation (VARCHAR
    COLLATE NOCASE) keeps it through the cast, and its LIKE, = and order by would follow it: "binary" is DuckDB's
    default collation, named so that it overrides the column's. -#}
{% macro text_as_written(value) %}
    {{- return(adapter.dispatch('text_as_written', 'user_segmentation')(value)) -}}
{% endmacro %}

{% macro default__text_as_written(value) -%}
    cast({{ value }} as {{ dbt.type_string() }})
{%- endmacro %}

{% macro duckdb__text_as_written(value) -%}
    cast({{ value }} as {{ dbt.type_string() }}) collate "binary"
{%- endmacro %}
