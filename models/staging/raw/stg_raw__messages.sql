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
        cast(provider_timestamp as {{ dbt.type_timestamp() }} with time zone) as sent_at,
        -- text
        cast(content as text) as content
    from source
    where id is not null

),

deduplicated as (

    -- a message loaded twice counts once, as the specification's COUNT(DISTINCT m.id) does
    {{ first_row_per_key('renamed', 'message_id', 'sent_at, sender_person_contact_id, conversation_id, content') }}

)

select
    message_id,
    sender_person_contact_id,
    conversation_id,
    sent_at,
    content
from deduplicated
