{#- Whether a row is dated on a day this run rebuilds, as a SQL condition on `local_date` (the row's local
    calendar day, null when undated) over `rebuilt_days`: the table find_rebuilt_days wrote, or a CTE of that
    name (the strategy's incremental predicates, rendered before the table's schema is known). A hashed lookup
    per row: as cheap for every day rebuilt (a new time zone) as for one. -#}
{% macro is_on_rebuilt_days(local_date, rebuilt_days='rebuilt_days') %}
    {{- return('(' ~ local_date ~ ' in (select activity_date from ' ~ rebuilt_days ~ ') or ' ~ local_date
        ~ ' is null and exists (select 1 from ' ~ rebuilt_days ~ ' where activity_date is null))') -}}
{% endmacro %}
