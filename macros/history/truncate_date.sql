{#- The first day of the day, week (Monday) or month (`datepart`) holding `date_expression` (a date or a
    timestamp without time zone, so no session time zone is involved), as a date. -#}
{% macro truncate_date(date_expression, datepart) %}
    cast({{ dbt.date_trunc(datepart, 'cast(' ~ date_expression ~ ' as ' ~ dbt.type_timestamp() ~ ')') }} as date)
{%- endmacro %}
