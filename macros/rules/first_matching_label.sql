{#- A CASE expression giving the label of the first rule whose condition holds.
    rules: a rule list as segmentation_rules returns it; the last rule is the fallback. -#}
{% macro first_matching_label(rules) %}
    case
    {%- for rule in rules[:-1] %}
        when {{ rule.condition.sql }} then {{ sql_string(rule.label) }}
    {%- endfor %}
        else {{ sql_string((rules | last).label) }}
    end
{%- endmacro %}
