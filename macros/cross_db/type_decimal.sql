{#- An exact number with `digits` decimal places, the same on every engine (PostgreSQL calls it numeric(38, n)):
    38 digits, the most DuckDB and Spark hold. -#}
{% macro type_decimal(digits) -%}
    decimal(38, {{ digits }})
{%- endmacro %}
