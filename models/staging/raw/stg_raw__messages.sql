{#- A message whose provider_timestamp lies before var segmentation__plausible_sent_at (a broken clock, not a
    time) is undated here, as one without a timestamp: sent_at null, so it counts in the totals as the
    specification counts it, and in no window or period. One dated at or after the range's end is left out, as a
    message after as_of is (as_of lies within the range). -#}
{%- set plausible = plausible_sent_at() -%}
{%- set provided_at = 'cast(provider_timestamp as ' ~ type_instant() ~ ')' -%}

with

source as (

    select * from {{ raw_table('message') }}

),

renamed as (

    select
        -- ids
        cast(id as bigint) as message_id,
        cast(sender_person_contact_id as bigint) as sender_person_contact_id,
        cast(conversation_id as bigint) as conversation_id,
        -- timestamps
        case when not {{ is_undated_sent_at(provided_at) }} then {{ provided_at }} end as sent_at,
        -- as given, so that the incremental runs' lookup of a day's messages reaches an index on the source's column
        {{ provided_at }} as provided_at,
        -- text
        {{ text_as_written('content') }} as content
    from source
    where
        id is not null
        and ({{ provided_at }} is null or {{ provided_at }} < {{ plausible.latest }})

)

-- not deduplicated here: int_messages_joined_to_senders keeps one row per message id (the first copy)
select * from renamed
