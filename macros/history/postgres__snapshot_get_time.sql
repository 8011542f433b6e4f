{#- dbt dates what a snapshot closes for a user who left (hard_deletes: invalidate) by snapshot_get_time(), the
    server's clock by default: user_personas_snapshot dates everything by the as_of of its labels (snapshot_clock),
    so it closes those versions at that instant, not at the time it ran (which later versions would start before). -#}
{% macro postgres__snapshot_get_time() %}
    {{- snapshot_clock() -}}
{% endmacro %}
