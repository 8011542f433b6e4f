{#- The sizes of a number a rule may write besides 0, as written in messages: far beyond any count or ratio and
    far inside a double, so that every engine reads the number (parse_rule_condition refuses others;
    threshold_steps leaves out a step beyond them). -#}
{% macro rule_number_range() %}
    {{ return({'smallest': '1e-15', 'largest': '1e15'}) }}
{%- endmacro %}
