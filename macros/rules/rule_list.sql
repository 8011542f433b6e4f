{#- The rules of a rule list var (segmentation__engagement_levels, ...) as written, checked: a list of at least
    two mappings, each with a unique text `label` as it is shown (label_shown: no blank at its start or end),
    every rule but the last with a text `when`, the last (the fallback) without one, and no other key. Their
    conditions are parsed by segmentation_rules; what needs only the labels (the label dimensions, the drift
    alert's personas) reads them here, without parsing a condition. -#}
{% macro rule_list(var_name) %}
    {%- set rules = project_var(var_name) -%}
    {%- set problem = 'it is not a list' if rules is string or rules is mapping or rules is not iterable
                      else ('it has no rule before the fallback' if rules | length < 2) -%}
    {%- if problem -%}
        {{ exceptions.raise_compiler_error(
            "var " ~ var_name ~ " = " ~ rules ~ ": " ~ problem ~ "; expected a list of rules, each {label, when}, "
            ~ "the last (the fallback) with a label only, e.g. [{label: Fan, when: 'total_reactions >= 3'}, {label: Other}]"
        ) }}
    {%- endif -%}
    {%- set labels = [] -%}
    {%- for rule in rules -%}
        {%- set is_fallback = loop.last -%}
        {#- any other key (a summary, a misspelt `when`) would be dropped without a word -#}
        {%- set unknown = rule.keys() | reject('in', ['label', 'when']) | map('string') | list
                          if rule is mapping else [] -%}
        {%- if unknown -%}
            {{ exceptions.raise_compiler_error(
                "var " ~ var_name ~ " holds the rule " ~ rule ~ " with the unknown key"
                ~ ("s " if unknown | length > 1 else " ") ~ "'" ~ unknown | join("', '")
                ~ "'; a rule holds only label and when, the last (the fallback) only label"
            ) }}
        {%- endif -%}
        {%- if rule is not mapping or rule.label is not string or rule.label | trim == ''
               or modules.re.search('[\\x00-\\x1f\\x7f]', rule.label)
               or (rule.when is defined) == is_fallback or (rule.when is defined and rule.when is not string) -%}
            {{ exceptions.raise_compiler_error(
                "var " ~ var_name ~ " holds the rule " ~ rule ~ "; expected {label: <text>, when: <condition>}"
                ~ (" without `when`: the last rule is the fallback" if is_fallback else "")
            ) }}
        {%- endif -%}
        {%- if rule.label != label_shown(rule.label) -%}
            {{ exceptions.raise_compiler_error(
                "var " ~ var_name ~ " has the label '" ~ rule.label.encode('unicode_escape').decode() ~ "', with a "
                ~ "blank or invisible character at its start or end; write it without: reports show it as '"
                ~ label_shown(rule.label) ~ "'"
            ) }}
        {%- endif -%}
        {%- if rule.label in labels -%}
            {{ exceptions.raise_compiler_error("var " ~ var_name ~ " has the label " ~ rule.label ~ " twice; labels are unique") }}
        {%- endif -%}
        {%- do labels.append(rule.label) -%}
    {%- endfor -%}
    {{ return(rules) }}
{%- endmacro %}
