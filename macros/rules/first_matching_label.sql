{#- A CASE expression giving the label of the first rule whose condition holds.
    rules: a list of {label, when}; the last one has no `when` and is the fallback. -#}
{% macro first_matching_label(rules) %}
    {%- set fallback = rules | last -%}
    {%- if fallback.when is defined or rules[:-1] | rejectattr('when', 'defined') | list -%}
        {{ exceptions.raise_compiler_error(
            "rules " ~ rules | map(attribute='label') | join(', ')
            ~ ": every rule but the last needs a `when`, and the last (the fallback) must have none"
        ) }}
    {%- endif %}
    case
    {%- for rule in rules[:-1] %}
        when {{ segmentation_condition(rule.when) }} then {{ sql_string(rule.label) }}
    {%- endfor %}
        else {{ sql_string(fallback.label) }}
    end
{%- endmacro %}
