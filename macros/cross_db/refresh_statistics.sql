{#- Post-hook of the big intermediate tables: fresh planner statistics, so that the models reading them
    plan for their real size (a new table has none until autovacuum gets to it). PostgreSQL only. -#}
{% macro refresh_statistics() %}
    {{- return(adapter.dispatch('refresh_statistics', 'user_segmentation')()) -}}
{% endmacro %}

{% macro default__refresh_statistics() -%}
{%- endmacro %}

{% macro postgres__refresh_statistics() -%}
    analyze {{ this }}
{%- endmacro %}
