with

users as (

    select * from {{ ref('int_users_segmented') }}

),

final as (

    select
        person_id,
        name,
        total_messages_sent,
        messages_1on1,
        messages_group,
        conversation_preference
    from users

)

select * from final
