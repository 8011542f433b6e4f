{#- Patterns of reaction messages: the specification's, plus the other tapbacks when asked for. The other tapbacks'
    list is checked either way, so that a bad one stops this run, not the one that turns the option on. -#}
{% macro reaction_patterns() %}
    {%- set patterns = segmentation_patterns('segmentation__reaction_patterns') -%}
    {%- set other_patterns = segmentation_patterns('segmentation__other_tapback_patterns') -%}
    {%- if checked_boolean(
        'var ' ~ passed_var('segmentation__count_other_tapbacks'), project_var('segmentation__count_other_tapbacks')
    ) -%}
        {%- set patterns = patterns + other_patterns -%}
    {%- endif -%}
    {{ return(patterns) }}
{%- endmacro %}
