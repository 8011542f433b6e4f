{#- As postgres__snapshot_get_time: user_personas_snapshot closes a version at the as_of of its labels on DuckDB
    too. dbt-duckdb's clock, the time of the run as a timestamp without time zone, also made dbt warn that it does
    not match the type of as_of, the snapshot's updated_at. -#}
{% macro duckdb__snapshot_get_time() %}
    {{- snapshot_clock() -}}
{% endmacro %}
