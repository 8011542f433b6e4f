with

users as (

    select * from {{ ref('int_users_segmented') }}

),

final as (

    select
        person_id,
        name,
        total_messages_sent,
        messages_last_30d,
        messages_last_7d,
        last_message_date,
        days_since_last_message,
        engagement_level
    from users

)

select * from final
