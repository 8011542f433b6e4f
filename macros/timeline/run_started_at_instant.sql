{#- The instant this dbt command started, as SQL: the rows a run writes carry it (built_at), so that the
    incremental marts over them find what changed since they last read them. -#}
{% macro run_started_at_instant() %}
    {{- return("cast('" ~ run_started_at.strftime('%Y-%m-%d %H:%M:%S.%f') ~ "+00' as " ~ type_instant() ~ ")") -}}
{%- endmacro %}
