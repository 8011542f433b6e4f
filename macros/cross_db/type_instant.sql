{#- The type of an instant: PostgreSQL's and DuckDB's timestamp with time zone; Spark's timestamp, which is one
    (read in the session's time zone, UTC in this project's profile). -#}
{% macro type_instant() %}
    {{- return(adapter.dispatch('type_instant', 'user_segmentation')()) -}}
{% endmacro %}

{% macro default__type_instant() -%}
    {{ dbt.type_timestamp() }} with time zone
{%- endmacro %}

{% macro spark__type_instant() -%}
    timestamp
{%- endmacro %}
