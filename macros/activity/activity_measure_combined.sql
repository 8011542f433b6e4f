{#- A measure of activity_measures() over two sets of days, from its values `a` and `b` over each (null when a set
    has no rows): null only when both are. least and greatest skip nulls on every adapter. -#}
{% macro activity_measure_combined(measure, a, b) %}
    {%- set rollup = activity_measure_rollup(measure) -%}
    {%- if rollup == 'sum' -%}
        {{- return('coalesce(' ~ a ~ ' + ' ~ b ~ ', ' ~ a ~ ', ' ~ b ~ ')') -}}
    {%- endif -%}
    {{- return({'min': 'least', 'max': 'greatest'}[rollup] ~ '(' ~ a ~ ', ' ~ b ~ ')') -}}
{% endmacro %}
