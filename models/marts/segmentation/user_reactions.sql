with

users as (

    select * from {{ ref('int_users_segmented') }}

),

final as (

    select
        person_id,
        name,
        total_messages_sent,
        total_reactions,
        reaction_rate,
        reaction_behavior
    from users

)

select * from final
