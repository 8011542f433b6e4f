{#- Whether a message was sent exactly at the local midnight that starts its day (null when undated): a period
    ending at that midnight counts it (as_of is an inclusive bound) although the rest of the day belongs to the
    next period, so the rollup keeps such messages in a row of their own. -#}
{% macro is_sent_at_day_start() %}
    {{- return('sent_at_local = cast(cast(sent_at_local as date) as ' ~ dbt.type_timestamp() ~ ')') -}}
{% endmacro %}
