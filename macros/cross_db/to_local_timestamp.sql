{#- The wall-clock time of an instant in the configured time zone (a timestamp without time zone). -#}
{% macro to_local_timestamp(instant) %}
    {{- return(adapter.dispatch('to_local_timestamp', 'user_segmentation')(instant)) -}}
{% endmacro %}

{% macro default__to_local_timestamp(instant) -%}
    timezone({{ time_zone_for_conversion() }}, {{ instant }})
{%- endmacro %}

{#- Spark: its timestamps are instants shown in the session zone (UTC here), so the wall clock is one shifted
    by the zone's offset at that instant. -#}
{% macro spark__to_local_timestamp(instant) -%}
    from_utc_timestamp({{ instant }}, {{ time_zone_for_conversion() }})
{%- endmacro %}
