with

users_by_period as (

    select * from {{ ref('int_users_segmented_by_period') }}

),

final as (

    select
        -- ids
        person_id,
        period_end_at,
        name,
        -- the period: the segmentation as of period_end_at
        period_start_date,
        period_last_date,
        -- labels
        engagement_level,
        reaction_behavior,
        conversation_preference,
        persona,
        -- engagement
        total_messages_sent,
        messages_last_30d,
        messages_last_7d,
        last_message_date,
        days_since_last_message,
        -- feature usage
        messages_1on1,
        messages_group,
        -- value signals
        total_reactions,
        reaction_rate,
        -- time patterns
        avg_hour_of_day,
        -- the first period end at which the user is segmented (passed the message cut)
        row_number() over (partition by person_id order by period_end_at) = 1 as is_first_segmented_period
    from users_by_period

)

select * from final
