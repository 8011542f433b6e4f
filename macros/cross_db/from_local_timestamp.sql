{#- The instant at which the configured time zone's clocks show `local_timestamp` (a timestamp without time
    zone): the inverse of to_local_timestamp, e.g. a local midnight as a timestamp with time zone. -#}
{% macro from_local_timestamp(local_timestamp) %}
    {{- return(adapter.dispatch('from_local_timestamp', 'user_segmentation')(local_timestamp)) -}}
{% endmacro %}

{% macro default__from_local_timestamp(local_timestamp) -%}
    timezone({{ time_zone_for_conversion() }}, {{ local_timestamp }})
{%- endmacro %}

{% macro spark__from_local_timestamp(local_timestamp) -%}
    to_utc_timestamp({{ local_timestamp }}, {{ time_zone_for_conversion() }})
{%- endmacro %}
