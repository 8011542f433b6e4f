{#- A number rounded to `digits` decimal places, halves away from zero, typed decimal(38, digits) (type_decimal):
    PostgreSQL rounds only numeric, and a numeric without precision is another engine's DECIMAL(18,3) or (10,0),
    which would round twice; the type is what the marts' contracts declare, so that a column has the same type
    from the first build through every incremental one. -#}
{% macro decimal_round(expression, digits) %}
    {%- set rounded = adapter.dispatch('decimal_round', 'user_segmentation')(expression, digits) -%}
    {{- return('cast(' ~ rounded ~ ' as ' ~ type_decimal(digits) ~ ')') -}}
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
