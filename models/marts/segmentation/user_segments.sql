with

users as (

    select * from {{ ref('int_users_segmented') }}

),

final as (

    select
        -- the specification's Query 1, in its order
        person_id,
        name,
        total_messages_sent,
        messages_last_30d,
        messages_last_7d,
        total_reactions,
        messages_1on1,
        messages_group,
        last_message_date,
        days_since_last_message,
        engagement_level,
        reaction_behavior,
        conversation_preference,
        -- and what Query 3 adds
        persona,
        avg_hour_of_day
    from users

)

select * from final
