{#- The date `text` ('YYYY-MM-DD') of var `var_name` as a datetime.date, or a compile error naming the var, its
    value, the expected form and what is wrong (a year 0, a month 13, a February 30). -#}
{% macro calendar_date(var_name, value, text, expected) %}
    {%- set year, month, day = text.split('-') | map('int') | list -%}
    {%- set leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) -%}
    {%- set month_days = [31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] -%}
    {%- set problem = 'there is no year 0' if year < 1 else (
        'there is no month ' ~ month if month < 1 or month > 12 else (
        'month ' ~ month ~ ' of ' ~ year ~ ' has ' ~ month_days[month - 1] ~ ' days'
        if day < 1 or day > month_days[month - 1])) -%}
    {%- if problem -%}
        {{ exceptions.raise_compiler_error("var " ~ var_name ~ " = " ~ value ~ " is not " ~ expected ~ ": " ~ problem) }}
    {%- endif -%}
    {{ return(modules.datetime.date(year, month, day)) }}
{%- endmacro %}
