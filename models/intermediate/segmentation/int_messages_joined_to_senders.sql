{#- Incremental: a run deletes the rows of the days to rebuild (recompute_from_date) and the undated ones,
    reads those messages again through the source's index on the timestamp, and appends the ones whose id the
    table does not hold (an older copy kept from before those days is the first of its id, as on a full
    build).
    Unlogged on PostgreSQL: rebuilt from the source at will, it need not go through the write-ahead log (a
    crash empties it, and the next run rebuilds it whole).
    On Spark, whose parquet tables take no deletes, a table rebuilt in full. -#}
{{ config(
    materialized='table' if target.type == 'spark' else 'incremental',
    incremental_strategy='append_new_keys',
    unique_key='message_id',
    unlogged=true,
    pre_hook=['{{ set_work_mem() }}', "{{ delete_rows_to_rebuild('sent_at') }}"],
    post_hook='{{ refresh_statistics() }}',
    indexes=[{'columns': ['message_id'], 'unique': true}, {'columns': ['sent_at']}],
) }}
{%- set first_day = recompute_from_date('sent_at') -%}
{%- set first_copy_order = ['sent_at', 'sender_person_contact_id', 'conversation_id', 'is_reaction'] -%}

with

messages as (

    select * from {{ ref('stg_raw__messages') }}
    {%- if first_day is not none %}
        where {{ is_rebuilt('sent_at', first_day) }}
    {%- endif %}

),

person_contacts as (

    select * from {{ ref('stg_raw__person_contacts') }}

),

conversations as (

    select * from {{ ref('stg_raw__conversations') }}

),

joined as (

    -- joined and narrowed before the deduplication, which PostgreSQL's parallel workers then sort narrow
    select
        -- ids
        messages.message_id,
        person_contacts.person_id,
        messages.sender_person_contact_id,
        messages.conversation_id,
        -- timestamps
        messages.sent_at,
        -- the wall clock in segmentation__time_zone, converted once per message
        {{ to_local_timestamp('messages.sent_at') }} as sent_at_local,
        -- attributes
        conversations.conversation_type,
        {{ first_matching_pattern('messages.content', reaction_patterns()) }} is not null as is_reaction
    from messages
    -- kept without a person when the sender is no known contact (the specification's inner join drops it
    -- downstream), so that an incremental run knows the id is taken
    left join person_contacts
        on messages.sender_person_contact_id = person_contacts.person_contact_id
    left join conversations
        on messages.conversation_id = conversations.conversation_id

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
