with

messages as (

    select * from {{ ref('stg_raw__messages') }}

),

person_contacts as (

    select * from {{ ref('stg_raw__person_contacts') }}

),

conversations as (

    select * from {{ ref('stg_raw__conversations') }}

),

joined as (

    select
        -- ids
        messages.message_id,
        person_contacts.person_id,
        -- timestamps
        messages.sent_at,
        -- attributes
        conversations.conversation_type,
        {{ first_matching_pattern('messages.content', reaction_patterns()) }} is not null as is_reaction
    from messages
    -- a message reaches a person only through a known contact, as in the specification's joins
    inner join person_contacts
        on messages.sender_person_contact_id = person_contacts.person_contact_id
    left join conversations
        on messages.conversation_id = conversations.conversation_id

)

select * from joined
