{#- Incremental: the pre-hook finds the local days whose messages changed since the last build (their digest,
    find_rebuilt_days); the run aggregates those days again and replaces the table's rows of those days
    (strategy replace_rebuilt_days). Unlogged on PostgreSQL, as int_messages_joined_to_senders.
    On Spark, whose parquet tables take no deletes, a table rebuilt in full. -#}
{{ config(
    materialized='table' if target.type == 'spark' else 'incremental',
    incremental_strategy='replace_rebuilt_days',
    incremental_predicates=["{{ is_on_rebuilt_days('activity_date') }}"],
    unlogged=true,
    pre_hook=[
        '{{ set_work_mem() }}',
        "{{ find_rebuilt_days(
            'select * from ' ~ ref('int_messages_joined_to_senders') ~ ' where person_id is not null',
            ['message_id', 'person_id', 'sent_at', 'sent_at_local', 'conversation_type', 'is_reaction'],
            key='message_id') }}",
    ],
    post_hook=['{{ record_digest() }}', '{{ refresh_statistics() }}'],
    indexes=postgres_indexes([{'columns': ['activity_date']}]),
) }}

with

messages as (

    select * from {{ ref('int_messages_joined_to_senders') }}
    -- the specification's inner join: only messages of a known contact reach a person
    where
        person_id is not null
        {%- if is_incremental() %}
            and message_id in (
                {{ ids_on_rebuilt_days(ref('int_messages_joined_to_senders'), side_table(this, 'rebuilt_days')) }}
            )
        {%- endif %}

),

final as (

    select
        -- grain: one row per person, local calendar day with messages and is_day_start (the messages sent at
        -- the instant that starts the day, kept apart for the periods that end then); activity_date and
        -- is_day_start are null for the person's undated messages, which count in every total and in no window
        person_id,
        cast(sent_at_local as date) as activity_date,
        {{ is_sent_at_day_start() }} as is_day_start,
        {{ activity_measure_columns() }}
    from messages
    group by person_id, cast(sent_at_local as date), {{ is_sent_at_day_start() }}

)

select * from final
