{#- The two halves of the timeline (persons_activity_timeline), as relations, for the macros that read both. -#}
{% macro timeline_halves() %}
    {{- return([ref('int_persons_activity_aggregated_half_0'), ref('int_persons_activity_aggregated_half_1')]) -}}
{% endmacro %}
