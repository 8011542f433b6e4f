{#- Var segmentation__as_of as the user wrote it, or none when it is empty: the run's start (as_of_instant). -#}
{% macro as_of_written() %}
    {%- set value = project_var('segmentation__as_of') -%}
    {{ return(none if value is none or value | string | trim == '' else value) }}
{%- endmacro %}
