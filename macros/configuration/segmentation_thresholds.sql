{#- Every threshold by name (var segmentation__thresholds), checked to be a number. -#}
{% macro segmentation_thresholds() %}
    {%- set thresholds = var('segmentation__thresholds') -%}
    {%- for name, value in thresholds.items() -%}
        {%- if value is not number or value is boolean or value < 0 -%}
            {{ exceptions.raise_compiler_error(
                "threshold " ~ name ~ " = " ~ value ~ " in var segmentation__thresholds is not a non-negative number"
            ) }}
        {%- endif -%}
    {%- endfor -%}
    {{ return(thresholds) }}
{%- endmacro %}
