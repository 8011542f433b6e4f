{#- dbt dates what a snapshot closes for a user who left (hard_deletes: invalidate) by snapshot_get_time(), the
    server's clock by default: user_personas_snapshot dates everything by as_of, so a run for a past as_of closes
    those versions at that instant, not at the time it ran (which a later run's versions would start before). -#}
{% macro postgres__snapshot_get_time() %}
    {{- segmentation_as_of() -}}
{% endmacro %}
