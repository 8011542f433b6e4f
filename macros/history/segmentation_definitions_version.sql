{#- A short fingerprint of everything that decides a label: the thresholds in force, every rule's label and
    condition, the patterns and the time zone. Two runs with the same fingerprint label users by the same
    definitions; the snapshot stamps each version of a user with it. Texts that only describe a persona
    (summary, strategy, ...) do not change it. int_users_segmented computes it first, so the rules are read
    checked (rule_list): a malformed rule list stops the run with rule_list's message, not a JSON error. -#}
{% macro segmentation_definitions_version() %}
    {%- set definitions = {'thresholds': segmentation_thresholds(), 'time_zone': segmentation_time_zone()} -%}
    {%- for name in rule_sets() | map(attribute='var') -%}
        {%- set rules = [] -%}
        {%- for rule in rule_list(name) -%}
            {%- do rules.append({'label': rule.label, 'when': rule.when if rule.when is defined else none}) -%}
        {%- endfor -%}
        {%- do definitions.update({name: rules}) -%}
    {%- endfor -%}
    {%- for name in [
        'segmentation__reaction_patterns', 'segmentation__staff_name_patterns',
        'segmentation__count_other_tapbacks', 'segmentation__other_tapback_patterns',
    ] -%}
        {%- do definitions.update({name: project_var(name)}) -%}
    {%- endfor -%}
    {{ return('def-' ~ local_md5(tojson(definitions, sort_keys=true))[:12]) }}
{%- endmacro %}
