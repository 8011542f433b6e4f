{#- The two halves of the timeline (persons_activity_timeline), as relations for the macros that read both, or their
    model names (`names`: for a hook, where ref is not allowed). -#}
{% macro timeline_halves(names=false) %}
    {%- set models = ['int_persons_activity_aggregated_half_0', 'int_persons_activity_aggregated_half_1'] -%}
    {%- if names -%}
        {{ return(models) }}
    {%- endif -%}
    {%- set relations = [] -%}
    {%- for model in models -%}
        {%- do relations.append(ref(model)) -%}
    {%- endfor -%}
    {{- return(relations) -}}
{% endmacro %}
