{#- The time zone of calendar days and hours of day, as a SQL string literal. -#}
{% macro segmentation_time_zone() %}
    {%- set zone = project_var('segmentation__time_zone') | string -%}
    {%- if zone not in modules.pytz.all_timezones_set -%}
        {{ exceptions.raise_compiler_error(
            "var segmentation__time_zone = " ~ zone ~ " is not an IANA time zone name such as 'UTC' or 'Europe/Paris'"
        ) }}
    {%- endif -%}
    '{{ zone }}'
{%- endmacro %}
