{#- The instant `days` calendar days before `instant` in the configured time zone: what
    NOW() - INTERVAL 'n days' means in a session set to that zone (a DST change keeps the wall clock; one shown
    twice is the later instant, as from_local_timestamp reads it). -#}
{% macro local_days_before(instant, days) %}
    {{- return(adapter.dispatch('local_days_before', 'user_segmentation')(instant, days)) -}}
{% endmacro %}

{% macro default__local_days_before(instant, days) -%}
    timezone({{ time_zone_for_conversion() }}, {{ to_local_timestamp(instant) }} - interval '{{ days }} days')
{%- endmacro %}

{% macro spark__local_days_before(instant, days) -%}
    {{ from_local_timestamp(to_local_timestamp(instant) ~ ' - interval ' ~ days ~ ' days') }}
{%- endmacro %}
