{#- The instant the segmentation is computed for (var segmentation__as_of; empty: the run's start), as a datetime
    with an offset. -#}
{% macro as_of_instant() %}
    {%- set written = as_of_written() -%}
    {{ return(run_started_at if written is none else parse_as_of(written)) }}
{%- endmacro %}
