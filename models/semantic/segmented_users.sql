{#- One row per segmented user, as user_segments, with what MetricFlow needs beside the labels: the date the
    segmentation is for (the time dimension of every measure) and the user's share of all segmented users. -#}
with

users as (

    select * from {{ ref('user_segments') }}

),

final as (

    select
        -- ids
        person_id,
        -- labels
        persona,
        engagement_level,
        reaction_behavior,
        conversation_preference,
        -- metrics
        total_messages_sent,
        messages_last_30d,
        messages_last_7d,
        total_reactions,
        -- summed over any group of users: the group's share of all segmented users, in percent; 30 places keep
        -- every digit of PostgreSQL's quotient up to a trillion users
        cast(100.0 / count(*) over () as {{ type_decimal(30) }}) as share_of_users,
        -- dates
        cast({{ to_local_timestamp(segmentation_as_of()) }} as date) as as_of_date
    from users

)

select * from final
