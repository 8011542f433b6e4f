with

source as (

    select * from {{ source('raw', 'message') }}

),

renamed as (

    select
        -- ids
        cast(id as bigint) as message_id,
        cast(sender_person_contact_id as bigint) as sender_person_contact_id,
        cast(conversation_id as bigint) as conversation_id,
        -- timestamps
        cast(provider_timestamp as {{ type_instant() }}) as sent_at,
        -- text
        cast(content as {{ dbt.type_string() }}) as content
    from source
    where id is not null

)

-- not deduplicated here: a filter on sent_at must reach the source for the incremental runs, which a
-- deduplicating view would stop; int_messages_joined_to_senders keeps one row per message id
select * from renamed
