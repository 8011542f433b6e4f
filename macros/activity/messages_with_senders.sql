{#- The rows of int_messages_joined_to_senders before one copy per id is kept: the messages of the CTE or
    relation `messages` (columns of stg_raw__messages) with their person, wall-clock time, conversation type and
    reaction flag. The model reads them, and find_rebuilt_days digests them all, so that any change of a message,
    of the contact's person, of a conversation's type, of the time zone or of the reaction patterns changes
    the digest of the days it touches. -#}
{% macro messages_with_senders(messages) %}
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
    from {{ aliased(messages, 'messages') }}
    -- kept without a person when the sender is no known contact (the specification's inner join drops it
    -- downstream), so that the table knows the id is taken
    left join {{ aliased(ref('stg_raw__person_contacts'), 'person_contacts') }}
        on messages.sender_person_contact_id = person_contacts.person_contact_id
    left join {{ aliased(ref('stg_raw__conversations'), 'conversations') }}
        on messages.conversation_id = conversations.conversation_id
{% endmacro %}
