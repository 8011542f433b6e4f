{#- A number rounded to `digits` decimal places, halves away from zero: PostgreSQL rounds only numeric, and
    a numeric without precision is another engine's DECIMAL(18,3) or (10,0), which would round twice. -#}
{% macro decimal_round(expression, digits) %}
    {{- return(adapter.dispatch('decimal_round', 'user_segmentation')(expression, digits)) -}}
{% endmacro %}

{% macro default__decimal_round(expression, digits) -%}
    round(cast({{ expression }} as numeric), {{ digits }})
{%- endmacro %}

{% macro duckdb__decimal_round(expression, digits) -%}
    round({{ expression }}, {{ digits }})
{%- endmacro %}

{% macro spark__decimal_round(expression, digits) -%}
    round({{ expression }}, {{ digits }})
{%- endmacro %}
