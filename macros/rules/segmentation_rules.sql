{#- The rules of a rule list var (segmentation__engagement_levels, ...), checked and parsed: each rule a mapping
    with a text `label`, every rule but the last with a `when` (parsed by parse_rule_condition), the last (the
    fallback) without one. Returns the rules, each with `condition` ({sql, text, metrics, terms}; none for the
    fallback). thresholds and parsed_conditions: as parse_rule_condition's (default: those in force; no memo).
    While dbt parses the project (execute is false) it needs only the models' refs and configs, so a `when` is
    parsed when the SQL is compiled: every parse of the project, which dbt does again whenever the vars change,
    would otherwise run the rule parser some fifty times. on-run-start checks every rule before anything is built. -#}
{% macro segmentation_rules(var_name, thresholds=none, parsed_conditions=none) %}
    {%- set rules = project_var(var_name) -%}
    {%- set problem = 'it is not a list' if rules is string or rules is mapping or rules is not iterable
                      else ('it has no rule before the fallback' if rules | length < 2) -%}
    {%- if problem -%}
        {{ exceptions.raise_compiler_error(
            "var " ~ var_name ~ " = " ~ rules ~ ": " ~ problem ~ "; expected a list of rules, each {label, when}, "
            ~ "the last (the fallback) with a label only, e.g. [{label: Fan, when: 'total_reactions >= 3'}, {label: Other}]"
        ) }}
    {%- endif -%}
    {%- set parsed = [] -%}
    {%- for rule in rules -%}
        {%- set is_fallback = loop.last -%}
        {%- if rule is not mapping or rule.label is not string or rule.label | trim == ''
               or modules.re.search('[\\x00-\\x1f\\x7f]', rule.label)
               or (rule.when is defined) == is_fallback or (rule.when is defined and rule.when is not string) -%}
            {{ exceptions.raise_compiler_error(
                "var " ~ var_name ~ " holds the rule " ~ rule ~ "; expected {label: <text>, when: <condition>}"
                ~ (" without `when`: the last rule is the fallback" if is_fallback else "")
            ) }}
        {%- endif -%}
        {%- if rule.label in parsed | map(attribute='label') -%}
            {{ exceptions.raise_compiler_error("var " ~ var_name ~ " has the label " ~ rule.label ~ " twice; labels are unique") }}
        {%- endif -%}
        {%- do parsed.append(dict(
            rule, condition=none if is_fallback
                else parse_rule_condition(var_name, rule.label, rule.when, thresholds, parsed_conditions) if execute
                else {'sql': 'true', 'text': rule.when, 'metrics': [], 'terms': []}
        )) -%}
    {%- endfor -%}
    {{ return(parsed) }}
{%- endmacro %}
