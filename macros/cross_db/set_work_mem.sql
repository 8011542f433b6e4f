{#- Pre-hook of the models that sort or hash every message, person's day or row of the history: PostgreSQL's
    memory for it in this model's transaction (var segmentation__postgres_work_mem; empty keeps the server's
    setting, whose default of 4 MB spills to disk). Nothing on other engines. -#}
{% macro set_work_mem() %}
    {{- return(adapter.dispatch('set_work_mem', 'user_segmentation')()) -}}
{% endmacro %}

{% macro default__set_work_mem() -%}
{%- endmacro %}

{% macro postgres__set_work_mem() -%}
    {%- set work_mem = postgres_work_mem() -%}
    {%- if work_mem -%}
        set local work_mem = {{ sql_string(work_mem) }}
    {%- endif -%}
{%- endmacro %}
