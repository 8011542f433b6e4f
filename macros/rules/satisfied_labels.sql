{#- Every label whose rule holds, in priority order, comma-separated (the first is the one given); null if none. -#}
{% macro satisfied_labels(rules) -%}
    nullif(concat_ws(', '
    {%- for rule in rules[:-1] %},
        case when {{ rule.condition.sql }} then {{ sql_string(rule.label) }} end
    {%- endfor %}
    ), '')
{%- endmacro %}
