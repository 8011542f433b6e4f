{#- How a measure of activity_measures() adds up over days: min, max or sum. -#}
{% macro activity_measure_rollup(measure) %}
    {{- return({'first_message_at': 'min', 'last_message_at': 'max'}.get(measure, 'sum')) -}}
{% endmacro %}
