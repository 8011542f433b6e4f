{#- A double-precision float: PostgreSQL's float, which dbt.type_float() gives there but not everywhere
    (DuckDB's FLOAT has single precision). -#}
{% macro type_double() %}
    {{- return(adapter.dispatch('type_double', 'user_segmentation')()) -}}
{% endmacro %}

{% macro default__type_double() -%}
    {{ dbt.type_float() }}
{%- endmacro %}

{% macro duckdb__type_double() -%}
    double
{%- endmacro %}

{% macro spark__type_double() -%}
    double
{%- endmacro %}
