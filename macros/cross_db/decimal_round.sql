{#- A number rounded to `digits` decimal places, halves away from zero, typed decimal(38, digits) (type_decimal):
    PostgreSQL rounds only numeric, and a numeric without precision is another engine's DECIMAL(18,3) or (10,0),
    which would round twice; the type is what the marts' contracts declare, so that a column has the same type
    from the first build through every incremental one. -#}
{% macro decimal_round(expression, digits) %}
    {%- set rounded = adapter.dispatch('decimal_round', 'user_segmentation')(expression, digits) -%}
    {{- return('cast(' ~ rounded ~ ' as ' ~ type_decimal(digits) ~ ')') -}}
{% endmacro %}

{#- PostgreSQL's cast of a double to numeric keeps its 15 significant digits (printf's %.15g, DBL_DIG, of the exact
    binary value, ties to even), and round() rounds those: 100.0 * 23 / 80 = 28.749999999999996 is 28.75 there, so
    28.8. -#}
{% macro default__decimal_round(expression, digits) -%}
    round(cast({{ expression }} as numeric), {{ digits }})
{%- endmacro %}

{#- A double as PostgreSQL's cast reads it: its 15 significant digits, as printf gives them (from the exact value,
    like PostgreSQL's), which the cast to decimal rounds half away from zero; another number is rounded as it is.
    typeof() is a constant, so that only one branch is planned. -#}
{% macro duckdb__decimal_round(expression, digits) -%}
    case
        when typeof({{ expression }}) = 'DOUBLE'
            then cast(printf('%.14e', {{ expression }}) as {{ type_decimal(digits) }})
        else cast(round({{ expression }}, {{ digits }}) as {{ type_decimal(digits) }})
    end
{%- endmacro %}

{#- The same on Spark, whose round() of a double rounds its shortest digits (28.749999999999996 to 28.7), as its
    format_string() does: java.text.DecimalFormat (format_number with a pattern) rounds the exact value to 15 digits,
    ties to even. From 1e15 up it can round a tie at an integer-valued double's 16th digit up where PostgreSQL
    rounds to even (no rounded mart comes near). -#}
{% macro spark__decimal_round(expression, digits) -%}
    case
        when typeof({{ expression }}) = 'double'
            then cast(format_number({{ expression }}, '0.00000000000000E0') as {{ type_decimal(digits) }})
        else cast(round({{ expression }}, {{ digits }}) as {{ type_decimal(digits) }})
    end
{%- endmacro %}
