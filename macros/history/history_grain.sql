{#- The length of a history period (var history__grain): 'day', 'week' (Monday to Sunday) or 'month'. -#}
{% macro history_grain() %}
    {%- set grain = var('history__grain', 'week') | string | trim | lower -%}
    {%- if grain not in ['day', 'week', 'month'] -%}
        {{ exceptions.raise_compiler_error(
            "var history__grain = " ~ var('history__grain') ~ " is not a period length; expected day, week or month"
        ) }}
    {%- endif -%}
    {{ return(grain) }}
{%- endmacro %}
