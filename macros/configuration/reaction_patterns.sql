{#- Patterns of reaction messages: the specification's, plus the other tapbacks when asked for. -#}
{% macro reaction_patterns() %}
    {%- set patterns = segmentation_patterns('segmentation__reaction_patterns') -%}
    {%- if checked_boolean(
        'var ' ~ passed_var('segmentation__count_other_tapbacks'), project_var('segmentation__count_other_tapbacks')
    ) -%}
        {%- set patterns = patterns + segmentation_patterns('segmentation__other_tapback_patterns') -%}
    {%- endif -%}
    {{ return(patterns) }}
{%- endmacro %}
