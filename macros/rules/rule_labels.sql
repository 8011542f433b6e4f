{#- The labels of a rule list var, in priority order (checked by rule_list): the accepted values of every label
    column and the label dimensions' `labels`. -#}
{% macro rule_labels(var_name) %}
    {{- return(rule_list(var_name) | map(attribute='label') | list) -}}
{%- endmacro %}
