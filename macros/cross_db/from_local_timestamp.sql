{#- The instant at which the configured time zone's clocks show `local_timestamp` (a timestamp without time
    zone): the inverse of to_local_timestamp, e.g. a local midnight as a timestamp with time zone. A time the clocks
    show twice (going back) is the later instant, by the offset after the change; a time they skip (going forward)
    is read by the offset before it (PostgreSQL's DetermineTimeZoneOffset, and DuckDB's ICU). -#}
{% macro from_local_timestamp(local_timestamp) %}
    {{- return(adapter.dispatch('from_local_timestamp', 'user_segmentation')(local_timestamp)) -}}
{% endmacro %}

{% macro default__from_local_timestamp(local_timestamp) -%}
    timezone({{ time_zone_for_conversion() }}, {{ local_timestamp }})
{%- endmacro %}

{#- Spark's to_utc_timestamp (java.time) reads a time shown twice by the offset before the change, the earlier
    instant, and a skipped time as PostgreSQL does. The same wall clock a day later is read by the offset after any
    change in between: the instant that gives is kept when it shows the time given, which it does but for a skipped
    time and one before a change later that day, both read by to_utc_timestamp. -#}
{% macro spark__from_local_timestamp(local_timestamp) -%}
    {%- set zone, local = time_zone_for_conversion(), '(' ~ local_timestamp ~ ')' -%}
    {%- set by_next_offset = 'to_utc_timestamp(' ~ local ~ ' + interval 24 hours, ' ~ zone ~ ')' -%}
    {%- set by_next_offset = '(' ~ by_next_offset ~ ' - interval 24 hours)' -%}
    case
        when from_utc_timestamp({{ by_next_offset }}, {{ zone }}) = {{ local }} then {{ by_next_offset }}
        else to_utc_timestamp({{ local }}, {{ zone }})
    end
{%- endmacro %}
