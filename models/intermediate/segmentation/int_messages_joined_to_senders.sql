{#- Incremental: a run re-reads the messages sent from the first day to rebuild (recompute_from_date) and the
    undated ones, and replaces those rows by message id.
    On Spark, whose parquet tables take no deletes, a table rebuilt in full. -#}
{{ config(
    materialized='table' if target.type == 'spark' else 'incremental',
    unique_key='message_id',
    incremental_strategy='delete+insert',
    post_hook='{{ refresh_statistics() }}',
    indexes=[{'columns': ['message_id'], 'unique': true}, {'columns': ['sent_at']}],
) }}
{%- set first_day = recompute_from_date('sent_at') -%}

with

messages as (

    select * from {{ ref('stg_raw__messages') }}
    {%- if first_day is not none %}
        where sent_at >= {{ local_day_start(first_day) }} or sent_at is null
    {%- endif %}

),

person_contacts as (

    select * from {{ ref('stg_raw__person_contacts') }}

),

conversations as (

    select * from {{ ref('stg_raw__conversations') }}

),

deduplicated as (

    -- a message loaded twice counts once, as the specification's COUNT(DISTINCT m.id) does
    {{ first_row_per_key('messages', 'message_id', 'sent_at, sender_person_contact_id, conversation_id, content') }}

),

joined as (

    select
        -- ids
        deduplicated.message_id,
        person_contacts.person_id,
        -- timestamps
        deduplicated.sent_at,
        -- the wall clock in segmentation__time_zone, converted once per message
        {{ to_local_timestamp('deduplicated.sent_at') }} as sent_at_local,
        -- attributes
        conversations.conversation_type,
        {{ first_matching_pattern('deduplicated.content', reaction_patterns()) }} is not null as is_reaction
    from deduplicated
    -- kept without a person when the sender is no known contact (the specification's inner join drops it
    -- downstream), so that an incremental run knows the id is taken
    left join person_contacts
        on deduplicated.sender_person_contact_id = person_contacts.person_contact_id
    left join conversations
        on deduplicated.conversation_id = conversations.conversation_id
    {%- if first_day is not none %}
        -- a copy kept from before the rebuilt days is the first of its id, as on a full build
        where not exists (
            select 1 from {{ this }} as kept
            where kept.message_id = deduplicated.message_id and kept.sent_at < {{ local_day_start(first_day) }}
        )
    {%- endif %}
)

select * from joined
