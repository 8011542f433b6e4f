{#- The instant the segmentation is computed for (the specification's NOW()), as a SQL timestamp with time zone. -#}
{% macro segmentation_as_of() %}
    {%- set value = project_var('segmentation__as_of') -%}
    {%- if value is none or value | string | trim == '' -%}
        {%- set instant = run_started_at -%}
    {%- else -%}
        {%- set instant = parse_as_of(value) -%}
    {%- endif -%}
    cast('{{ instant.isoformat() }}' as {{ type_instant() }})
{%- endmacro %}
