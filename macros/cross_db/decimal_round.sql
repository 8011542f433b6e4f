{#- A number rounded to `digits` decimal places, halves away from zero, typed decimal(38, digits) (type_decimal):
    PostgreSQL rounds only numeric, and a numeric without precision is another engine's DECIMAL(18,3) or (10,0),
    which would round twice; the declared scale is what the marts' contracts declare, so dbt's columns have one
    type from the first build to every incremental one. -#}
{% macro decimal_round(expression, digits) %}
    {{- return(adapter.dispatch('decimal_round', 'user_segmentation')(expression, digits)) -}}
{% endmacro %}

{% macro default__decimal_round(expression, digits) -%}
    cast(round(cast({{ expression }} as numeric), {{ digits }}) as {{ type_decimal(digits) }})
{%- endmacro %}

{% macro duckdb__decimal_round(expression, digits) -%}
    cast(round({{ expression }}, {{ digits }}) as {{ type_decimal(digits) }})
{%- endmacro %}

{% macro spark__decimal_round(expression, digits) -%}
    cast(round({{ expression }}, {{ digits }}) as {{ type_decimal(digits) }})
{%- endmacro %}
