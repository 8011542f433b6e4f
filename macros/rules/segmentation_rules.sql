{#- The rules of a rule list var (segmentation__engagement_levels, ...), checked by rule_list, each `when`
    parsed by parse_rule_condition. Returns the rules, each with `condition` ({sql, text, metrics, terms}; none
    for the fallback). thresholds and parsed_conditions: as parse_rule_condition's (default: those in force; no
    memo). While dbt parses the project (execute is false) it needs only the models' refs and configs, so a
    `when` is parsed when the SQL is compiled: every parse of the project, which dbt does again whenever the vars
    change, would otherwise run the rule parser some fifty times. on-run-start checks every rule before anything
    is built. -#}
{% macro segmentation_rules(var_name, thresholds=none, parsed_conditions=none) %}
    {%- set parsed = [] -%}
    {%- for rule in rule_list(var_name) -%}
        {%- do parsed.append(dict(
            rule, condition=none if loop.last
                else parse_rule_condition(var_name, rule.label, rule.when, thresholds, parsed_conditions) if execute
                else {'sql': 'true', 'text': rule.when, 'metrics': [], 'terms': []}
        )) -%}
    {%- endfor -%}
    {{ return(parsed) }}
{%- endmacro %}
