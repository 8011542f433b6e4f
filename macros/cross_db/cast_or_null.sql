{#- `value` cast to `type`, or null where the cast fails: the start-of-run checks find the values that staging's
    cast would fail on without failing themselves. dbt.safe_cast is a plain cast on DuckDB, which raises, and on
    Spark, which raises in ANSI mode (spark.sql.ansi.enabled); PostgreSQL's checks cast nothing that may fail. -#}
{% macro cast_or_null(value, type) %}
    {{- return(adapter.dispatch('cast_or_null', 'user_segmentation')(value, type)) -}}
{% endmacro %}

{% macro default__cast_or_null(value, type) -%}
    {{ dbt.safe_cast(value, type) }}
{%- endmacro %}

{% macro duckdb__cast_or_null(value, type) -%}
    try_cast({{ value }} as {{ type }})
{%- endmacro %}

{% macro spark__cast_or_null(value, type) -%}
    try_cast({{ value }} as {{ type }})
{%- endmacro %}
