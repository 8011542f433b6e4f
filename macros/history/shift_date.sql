{#- The date `count` days, weeks or months (`datepart`) after `date_expression` (before when negative). -#}
{% macro shift_date(date_expression, datepart, count) %}
    cast({{ dbt.dateadd(datepart, count, date_expression) }} as date)
{%- endmacro %}
