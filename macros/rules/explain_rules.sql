{#- Why a user got a label, from the same rules that gave it (see first_matching_label). -#}

{#- The rendered condition of the rule that matched, e.g. 'messages_last_7d >= 50 and total_reactions >= 10'. -#}
{% macro matched_rule(rules, label_column) %}
    case {{ label_column }}
    {%- for rule in rules[:-1] %}
        when {{ sql_string(rule.label) }} then {{ sql_string(segmentation_condition(rule.when)) }}
    {%- endfor %}
        else {{ sql_string('no rule above holds') }}
    end
{%- endmacro %}

{#- The metrics the matched rule reads, with this user's values, e.g. 'messages_last_7d = 62, total_reactions = 14'. -#}
{% macro matched_rule_evidence(rules, label_column) %}
    case {{ label_column }}
    {%- for rule in rules[:-1] %}
        when {{ sql_string(rule.label) }} then {{ metric_values(rule_metrics(rule.when)) }}
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
        case when {{ segmentation_condition(rule.when) }} then {{ sql_string(rule.label) }} end
    {%- endfor %}
    ), '')
{%- endmacro %}

{#- The column names a rule's condition reads, in order of appearance. -#}
{% macro rule_metrics(when) %}
    {%- set keywords = ['and', 'or', 'not', 'between', 'is', 'null', 'true', 'false', 'in', 'like'] -%}
    {%- set metrics = [] -%}
    {%- for word in modules.re.findall('[a-z_][a-z0-9_]*', segmentation_condition(when)) -%}
        {%- if word not in keywords and word not in metrics -%}
            {%- do metrics.append(word) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(metrics) }}
{%- endmacro %}

{#- 'a = 1, b = null' for the given columns. -#}
{% macro metric_values(columns) %}
    {%- set parts = [] -%}
    {%- for column in columns -%}
        {%- do parts.append(sql_string((', ' if not loop.first) ~ column ~ ' = ')) -%}
        {%- do parts.append("coalesce(cast(" ~ column ~ " as " ~ dbt.type_string() ~ "), 'null')") -%}
    {%- endfor -%}
    {{ dbt.concat(parts) }}
{%- endmacro %}
