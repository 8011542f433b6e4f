{#- The instant a local calendar day (a SQL date) starts: its local midnight. -#}
{% macro local_day_start(date_expression) %}
    {{- return(from_local_timestamp('cast(' ~ date_expression ~ ' as ' ~ dbt.type_timestamp() ~ ')')) -}}
{% endmacro %}
