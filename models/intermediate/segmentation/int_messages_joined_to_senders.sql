{#- Incremental: the pre-hook finds the local days whose messages changed since the last build (their digest,
    find_rebuilt_days); the run reads every copy of the message ids dated on those days, in the source or in
    the table, keeps the first copy of each, and replaces with them the table's rows of those days and of
    those ids (strategy replace_rebuilt_days).
    Unlogged on PostgreSQL: rebuilt from the source at will, it need not go through the write-ahead log (a
    crash empties it, and the next run rebuilds it whole).
    On Spark, whose parquet tables take no deletes, a table rebuilt in full. -#}
{{ config(
    materialized='table' if target.type == 'spark' else 'incremental',
    incremental_strategy='replace_rebuilt_days',
    unique_key='message_id',
    incremental_predicates=["message_id in ({{ ids_on_rebuilt_days('target_rows') }})"],
    unlogged=true,
    pre_hook=[
        '{{ set_work_mem() }}',
        "{{ find_rebuilt_days(messages_with_senders(ref('stg_raw__messages')), [
            'message_id', 'person_id', 'sender_person_contact_id', 'conversation_id', 'sent_at', 'sent_at_local',
            'conversation_type', 'is_reaction'], key='message_id') }}",
    ],
    post_hook=['{{ record_digest() }}', "{{ refresh_statistics(expressions=['cast(sent_at_local as date)']) }}"],
    indexes=postgres_indexes([{'columns': ['message_id'], 'unique': true}, {'columns': ['sent_at']}]),
) }}
{%- set first_copy_order = ['sent_at', 'sender_person_contact_id', 'conversation_id', 'is_reaction'] -%}

with

messages as (

    select * from {{ ref('stg_raw__messages') }}
    {%- if is_incremental() %}
        {%- set rebuilt_days = side_table(this, 'rebuilt_days') %}
        -- every copy of a message on a rebuilt day, wherever the others are: the first copy may be among them
        where message_id in (
            -- in the source, through provided_at (sent_at, or a timestamp that makes the message undated)
            {{ ids_on_rebuilt_days(
                ref('stg_raw__messages'), rebuilt_days,
                local_date='cast(' ~ to_local_timestamp('dated.sent_at') ~ ' as date)',
                range_instant='provided_at', undated=is_undated_sent_at('undated.provided_at')
            ) }}
            union all
            {{ ids_on_rebuilt_days(this, rebuilt_days) }}
        )
    {%- endif %}

),

joined as (

    -- joined and narrowed before the deduplication, which PostgreSQL's parallel workers then sort narrow
    {{ messages_with_senders('messages') }}

),

deduplicated as (

    -- a message loaded twice counts once, as the specification's COUNT(DISTINCT m.id) does: the first copy
    {{ first_row_per_key('joined', 'message_id', first_copy_order) }}

),

final as (

    select
        message_id,
        person_id,
        sent_at,
        sent_at_local,
        conversation_type,
        is_reaction
    from deduplicated

)

select * from final
