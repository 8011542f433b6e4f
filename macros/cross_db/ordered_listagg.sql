{#- The values of `measure` in a group joined by `delimiter_text` in the order of `order_by` (an ORDER BY
    clause), null when every value is null. dbt.listagg where it keeps the order (PostgreSQL, DuckDB); on
    Spark it ignores the order and gives '' for no values. -#}
{% macro ordered_listagg(measure, delimiter_text, order_by) %}
    {{- return(adapter.dispatch('ordered_listagg', 'user_segmentation')(measure, delimiter_text, order_by)) -}}
{% endmacro %}

{% macro default__ordered_listagg(measure, delimiter_text, order_by) -%}
    {{ dbt.listagg(measure=measure, delimiter_text=delimiter_text, order_by_clause=order_by) }}
{%- endmacro %}

{#- Spark 4.0 and later: the SQL standard's within group. -#}
{% macro spark__ordered_listagg(measure, delimiter_text, order_by) -%}
    listagg({{ measure }}, {{ delimiter_text }}) within group ({{ order_by }})
{%- endmacro %}
