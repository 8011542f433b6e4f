{#- Whether a message was sent at or before the instant that starts its local day (null when undated): a period
    ending at that instant counts it (as_of is an inclusive bound) although the rest of the day belongs to the
    next period, so the rollup keeps such messages in a row of their own. That is a message sent exactly at local
    midnight; where the clocks skip midnight, one sent at the first instant of the day; where the hour after
    midnight comes twice, one sent in the first of the two, before the midnight that starts the day as
    PostgreSQL and the specification's `NOW() - INTERVAL` read it (the second). -#}
{% macro is_sent_at_day_start() %}
    {{- return('sent_at <= ' ~ local_day_start('cast(sent_at_local as date)')) -}}
{% endmacro %}
