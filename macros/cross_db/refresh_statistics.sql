{#- Post-hook of the big intermediate tables: fresh planner statistics, so that the models reading them
    plan for their real size (a new table has none until autovacuum gets to it); of the current model's table,
    or of `relation`. PostgreSQL only. -#}
{% macro refresh_statistics(relation=none) %}
    {{- return(adapter.dispatch('refresh_statistics', 'user_segmentation')(relation or this)) -}}
{% endmacro %}

{% macro default__refresh_statistics(relation) -%}
{%- endmacro %}

{% macro postgres__refresh_statistics(relation) -%}
    analyze {{ relation }}
{%- endmacro %}
