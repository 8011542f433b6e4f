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

{#- A double as PostgreSQL's cast reads it, at its 15 significant digits (printf, from the exact value, like
    PostgreSQL), which the cast to decimal rounds half away from zero; another number is rounded as it is. -#}
{% macro duckdb__decimal_round(expression, digits) -%}
    {{ _rounded_as_fifteen_digits(expression, digits, "typeof({0}) = 'DOUBLE'", "printf('%.14e', {0})") }}
{%- endmacro %}

{#- The same on Spark, whose round() of a double rounds its shortest digits (28.749999999999996 to 28.7), as its
    format_string() does: java.text.DecimalFormat (format_number with a pattern) rounds the exact value to 15 digits,
    ties to even. From 1e15 up it can round a tie at an integer-valued double's 16th digit up where PostgreSQL
    rounds to even (no rounded mart comes near). -#}
{% macro spark__decimal_round(expression, digits) -%}
    {{ _rounded_as_fifteen_digits(
        expression, digits, "typeof({0}) = 'double'", "format_number({0}, '0.00000000000000E0')"
    ) }}
{%- endmacro %}

{#- A double's 15 significant digits are formatted only near a half of the last place kept (within a millionth of
    it) or from 1e8 of that place up, where they may round otherwise than the double: elsewhere they round as the
    double does (their rounding moves it by less than 1e-7 of that place), and formatting every row took DuckDB
    several seconds for the timeline's 1.5 million clock-face means at three years. typeof() is a constant, so
    only one branch is planned. -#}
{% macro _rounded_as_fifteen_digits(expression, digits, is_double, fifteen_digits) -%}
    {%- set scaled = 'abs(' ~ expression ~ ') * 1e' ~ digits -%}
    case
        when {{ is_double.format(expression) }}
            and (abs({{ scaled }} - floor({{ scaled }}) - 0.5) < 1e-6 or {{ scaled }} >= 1e8)
            then cast({{ fifteen_digits.format(expression) }} as {{ type_decimal(digits) }})
        else cast(round({{ expression }}, {{ digits }}) as {{ type_decimal(digits) }})
    end
{%- endmacro %}
