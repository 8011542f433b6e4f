{#- The measures of a person's activity, as aggregates over messages with the columns of
    int_messages_joined_to_senders: name -> SQL. Per message only cheap arithmetic on its stored wall-clock
    time, in floating point; the hour sum is exact (whole numbers), so its mean is the specification's. Summed again over
    days they give the same totals, so the daily rollup and the days the as-of instant cuts share them. -#}
{% macro activity_measures() %}
    {%- set hour = "date_part('hour', sent_at_local)" -%}
    {%- set clock_angle = 'radians(15 * ' ~ hours_since_midnight('sent_at_local') ~ ')' -%}
    {{ return({
        'messages_sent': 'count(*)',
        'dated_messages_sent': 'count(sent_at)',
        'messages_1on1': "count(case when conversation_type = 'ONE_ON_ONE' then 1 end)",
        'messages_group': "count(case when conversation_type = 'GROUP' then 1 end)",
        'reactions': 'count(case when is_reaction then 1 end)',
        'hour_sum': 'sum(' ~ hour ~ ')',
        'hour_sine_sum': 'sum(sin(' ~ clock_angle ~ '))',
        'hour_cosine_sum': 'sum(cos(' ~ clock_angle ~ '))',
        'first_message_at': 'min(sent_at)',
        'last_message_at': 'max(sent_at)',
    }) }}
{% endmacro %}

{#- Whether a message was sent exactly at the local midnight that starts its day (null when undated): a period
    ending at that midnight counts it (as_of is an inclusive bound) although the rest of the day belongs to the
    next period, so the rollup keeps such messages in a row of their own. -#}
{% macro is_sent_at_day_start() %}
    {{- return('sent_at_local = cast(cast(sent_at_local as date) as ' ~ dbt.type_timestamp() ~ ')') -}}
{% endmacro %}

{#- The specification's windows: metric -> its length in calendar days before as_of. -#}
{% macro activity_windows() %}
    {{ return({'messages_last_30d': 30, 'messages_last_7d': 7}) }}
{% endmacro %}

{#- activity_measures() as select-list items, "aggregate as name", one per line. -#}
{% macro activity_measure_columns() %}
    {%- set columns = [] -%}
    {%- for name, aggregate in activity_measures().items() -%}
        {%- do columns.append(aggregate ~ ' as ' ~ name) -%}
    {%- endfor -%}
    {{ return(columns | join(',\n        ')) }}
{% endmacro %}

{#- How a measure of activity_measures() adds up over days: min, max or sum. -#}
{% macro activity_measure_rollup(measure) %}
    {{- return({'first_message_at': 'min', 'last_message_at': 'max'}.get(measure, 'sum')) -}}
{% endmacro %}
