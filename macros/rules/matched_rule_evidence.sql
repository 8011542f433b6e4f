{#- The metrics the matched rule reads, with this user's values, e.g. 'messages_last_7d = 62, total_reactions = 14';
    null for the fallback and for a rule that reads no metric (such as `1 = 1`). -#}
{% macro matched_rule_evidence(rules, label_column) %}
    case {{ label_column }}
    {%- for rule in rules[:-1] %}
        when {{ sql_string(rule.label) }} then
        {%- if rule.condition.metrics %}
            {%- set parts = [] -%}
            {%- for column in rule.condition.metrics -%}
                {%- do parts.append(sql_string((', ' if not loop.first) ~ column ~ ' = ')) -%}
                {%- do parts.append(shown_value(column)) -%}
            {%- endfor %} {{ dbt.concat(parts) }}
        {%- else %} cast(null as {{ dbt.type_string() }})
        {%- endif %}
    {%- endfor %}
    end
{%- endmacro %}
