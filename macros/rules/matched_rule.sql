{#- Why a user got a label, from the same parsed rules that gave it (segmentation_rules): the rendered condition
    of the rule that matched, e.g. 'messages_last_7d >= 50 and total_reactions >= 10'. -#}
{% macro matched_rule(rules, label_column) %}
    case {{ label_column }}
    {%- for rule in rules[:-1] %}
        when {{ sql_string(rule.label) }} then {{ sql_string(rule.condition.text) }}
    {%- endfor %}
        else {{ sql_string('no rule above holds') }}
    end
{%- endmacro %}
