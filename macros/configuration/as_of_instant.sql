{#- The instant the segmentation is computed for (var segmentation__as_of; empty: the run's start), as a datetime
    with an offset. -#}
{% macro as_of_instant() %}
    {%- set value = project_var('segmentation__as_of') -%}
    {{ return(run_started_at if value is none or value | string | trim == '' else parse_as_of(value)) }}
{%- endmacro %}
