{#- The thresholds that rules name ({name} in their `when`), each once, in the order they are first named; names no
    threshold defines included (segmentation_rules' parse names those). -#}
{% macro rule_threshold_names(rules) %}
    {%- set names = [] -%}
    {%- for rule in rules if rule.when is defined -%}
        {%- for name in modules.re.findall('\\{(\\w+)\\}', rule.when) if name not in names -%}
            {%- do names.append(name) -%}
        {%- endfor -%}
    {%- endfor -%}
    {{ return(names) }}
{%- endmacro %}
