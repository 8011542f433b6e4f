{#- The label dimensions of the registry (rule_sets), each with its rules parsed: the list that the
    distributions, the history and the migration matrix follow. -#}
{% macro segmentation_dimensions() %}
    {%- set dimensions = [] -%}
    {%- for rule_set in rule_sets() if rule_set.dimension -%}
        {%- do dimensions.append(dict(rule_set, rules=segmentation_rules(rule_set.var))) -%}
    {%- endfor -%}
    {{ return(dimensions) }}
{%- endmacro %}
