{#- The measures of a person's activity, as aggregates over messages with the columns of
    int_messages_joined_to_senders: name -> SQL. Per message only cheap arithmetic on its stored wall-clock
    time, in floating point; the hour sum is exact (whole numbers), so its mean is the specification's. Summed
    again over days they give the same totals, so the daily rollup and the days the as-of instant cuts share them.
    The counts are integers (a person's messages of one day fit one): PostgreSQL sums integers into a bigint, but
    bigints into a numeric, slower in the timeline's window functions (docs/benchmark.md). -#}
{% macro activity_measures() %}
    {%- set hour = "date_part('hour', sent_at_local)" -%}
    {%- set clock_angle = 'radians(15 * ' ~ hours_since_midnight('sent_at_local') ~ ')' -%}
    {%- set integer_count = 'cast(count({}) as integer)' -%}
    {{ return({
        'messages_sent': integer_count.format('*'),
        'dated_messages_sent': integer_count.format('sent_at'),
        'messages_1on1': integer_count.format("case when conversation_type = 'ONE_ON_ONE' then 1 end"),
        'messages_group': integer_count.format("case when conversation_type = 'GROUP' then 1 end"),
        'reactions': integer_count.format('case when is_reaction then 1 end'),
        'hour_sum': 'sum(' ~ hour ~ ')',
        'hour_sine_sum': 'sum(sin(' ~ clock_angle ~ '))',
        'hour_cosine_sum': 'sum(cos(' ~ clock_angle ~ '))',
        'first_message_at': 'min(sent_at)',
        'last_message_at': 'max(sent_at)',
    }) }}
{% endmacro %}
