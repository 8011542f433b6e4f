{#- The clock dbt dates a snapshot's closed versions by (snapshot_get_time): for user_personas_snapshot, the as_of
    its labels were computed at (labels_as_built), the instant its new versions start; for any other snapshot (a
    host project's), as_of. -#}
{% macro snapshot_clock() %}
    {%- set as_of = labels_as_built().as_of if model.name == 'user_personas_snapshot' else none -%}
    {%- set labels_as_of = none if as_of is none else "cast('" ~ as_of.isoformat() ~ "' as " ~ type_instant() ~ ")" -%}
    {{- return(labels_as_of or segmentation_as_of()) -}}
{%- endmacro %}
