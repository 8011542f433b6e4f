{#- The thresholds the rules of a rule list var name ({name} in their `when`), each once, in the order they are
    first named; names no threshold defines included (segmentation_rules' parse names those). -#}
{% macro rule_threshold_names(var_name) %}
    {%- set names = [] -%}
    {%- for rule in rule_list(var_name) if rule.when is defined -%}
        {%- for name in modules.re.findall('\\{(\\w+)\\}', rule.when) if name not in names -%}
            {%- do names.append(name) -%}
        {%- endfor -%}
    {%- endfor -%}
    {{ return(names) }}
{%- endmacro %}
