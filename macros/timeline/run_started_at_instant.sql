{#- The instant this dbt command started, as SQL: the rows a run writes carry it (built_at), and so do the changes
    it logs (record_period_changes). Not an order of the changes: a command may commit after one started later. -#}
{% macro run_started_at_instant() %}
    {{- return("cast('" ~ run_started_at.strftime('%Y-%m-%d %H:%M:%S.%f') ~ "+00' as " ~ type_instant() ~ ")") -}}
{%- endmacro %}
