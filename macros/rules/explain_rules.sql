{#- Why a user got a label, from the same parsed rules that gave it (see segmentation_rules). -#}

{#- The rendered condition of the rule that matched, e.g. 'messages_last_7d >= 50 and total_reactions >= 10'. -#}
{% macro matched_rule(rules, label_column) %}
    case {{ label_column }}
    {%- for rule in rules[:-1] %}
        when {{ sql_string(rule.label) }} then {{ sql_string(rule.condition.text) }}
    {%- endfor %}
        else {{ sql_string('no rule above holds') }}
    end
{%- endmacro %}

{#- The metrics the matched rule reads, with this user's values, e.g. 'messages_last_7d = 62, total_reactions = 14'. -#}
{% macro matched_rule_evidence(rules, label_column) %}
    case {{ label_column }}
    {%- for rule in rules[:-1] %}
        when {{ sql_string(rule.label) }} then {{ metric_values(rule.condition.metrics) }}
    {%- endfor %}
    end
{%- endmacro %}

{#- Every label whose rule holds, in priority order, comma-separated (the first is the one given); null if none. -#}
{% macro satisfied_labels(rules) %}
    {{- return(adapter.dispatch('satisfied_labels', 'user_segmentation')(rules)) -}}
{% endmacro %}

{% macro default__satisfied_labels(rules) -%}
    nullif(concat_ws(', '
    {%- for rule in rules[:-1] %},
        case when {{ rule.condition.sql }} then {{ sql_string(rule.label) }} end
    {%- endfor %}
    ), '')
{%- endmacro %}

{#- 'a = 1, b = null' for the given columns; null for none (a rule such as `1 = 1` reads no metric). -#}
{% macro metric_values(columns) %}
    {%- if not columns -%}
        {{ return('cast(null as ' ~ dbt.type_string() ~ ')') }}
    {%- endif -%}
    {%- set parts = [] -%}
    {%- for column in columns -%}
        {%- do parts.append(sql_string((', ' if not loop.first) ~ column ~ ' = ')) -%}
        {%- do parts.append("coalesce(cast(" ~ column ~ " as " ~ dbt.type_string() ~ "), 'null')") -%}
    {%- endfor -%}
    {{ dbt.concat(parts) }}
{%- endmacro %}
