{#- A message whose provider_timestamp lies before var segmentation__plausible_sent_at (a broken clock, not a
    time) is undated here, as one without a timestamp: sent_at null, so it counts in the totals as the
    specification counts it, and in no window or period. One dated at or after the range's end is left out, as a
    message after as_of is (as_of lies within the range). Two branches rather than a CASE on the
    timestamp, so that a filter on sent_at (the incremental runs') still reaches the source's index on
    provider_timestamp: PostgreSQL pushes it into each branch. -#}
{%- set plausible = plausible_sent_at() -%}
{%- set provided_at = 'cast(provider_timestamp as ' ~ type_instant() ~ ')' -%}
{%- set columns_but_sent_at -%}
        -- ids
        cast(id as bigint) as message_id,
        cast(sender_person_contact_id as bigint) as sender_person_contact_id,
        cast(conversation_id as bigint) as conversation_id,
        -- text
        cast(content as {{ dbt.type_string() }}) as content,
{%- endset %}

with

dated as (

    select
        {{ columns_but_sent_at }}
        -- timestamps
        {{ provided_at }} as sent_at
    from {{ source('raw', 'message') }}
    where
        id is not null
        and (
            {{ provided_at }} is null
            or {{ provided_at }} >= {{ plausible.earliest }} and {{ provided_at }} < {{ plausible.latest }}
        )

),

dated_too_early as (

    select
        {{ columns_but_sent_at }}
        -- timestamps
        cast(null as {{ type_instant() }}) as sent_at
    from {{ source('raw', 'message') }}
    where
        id is not null
        and {{ provided_at }} < {{ plausible.earliest }}

),

final as (

    select * from dated
    union all
    select * from dated_too_early

)

-- not deduplicated here: a filter on sent_at must reach the source for the incremental runs, which a
-- deduplicating view would stop; int_messages_joined_to_senders keeps one row per message id
select * from final
