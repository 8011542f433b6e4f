{#- The length of a history period (var segmentation__history_grain): 'day', 'week' (Monday to Sunday) or 'month'. -#}
{% macro history_grain() %}
    {%- set grain = project_var('segmentation__history_grain') | string | trim | lower -%}
    {%- if grain not in ['day', 'week', 'month'] -%}
        {{ exceptions.raise_compiler_error(
            "var " ~ passed_var('segmentation__history_grain') ~ " = " ~ project_var('segmentation__history_grain')
            ~ " is not a period length; expected day, week or month"
        ) }}
    {%- endif -%}
    {{ return(grain) }}
{%- endmacro %}
