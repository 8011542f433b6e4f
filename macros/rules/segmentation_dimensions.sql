{#- The label dimensions of the registry (rule_sets), each with the `labels` its rules give, in priority order:
    the list that the distributions, the history and the migration matrix follow. They need no condition, so
    none is parsed here. -#}
{% macro segmentation_dimensions() %}
    {%- set dimensions = [] -%}
    {%- for rule_set in rule_sets() if rule_set.dimension -%}
        {%- do dimensions.append(dict(rule_set, labels=rule_labels(rule_set.var))) -%}
    {%- endfor -%}
    {{ return(dimensions) }}
{%- endmacro %}
