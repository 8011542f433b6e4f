{#- The clock dbt dates a snapshot's closed versions by (snapshot_get_time): for user_personas_snapshot, the as_of
    its labels were computed at (labels_as_built), the instant its new versions start; for any other snapshot (a
    host project's), as_of. -#}
{% macro snapshot_clock() %}
    {%- set as_of = labels_as_built().as_of if model.name == 'user_personas_snapshot' else none -%}
    {{- return(segmentation_as_of() if as_of is none else instant_literal(as_of)) -}}
{%- endmacro %}
