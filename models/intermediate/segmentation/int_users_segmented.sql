with

activity as (

    select * from {{ ref('int_persons_activity_aggregated') }}

),

segmented as (

    select
        -- ids
        person_id,
        name,
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
        first_message_at,
        last_message_at,
        as_of,
        -- labels: each the first matching rule of its list in dbt_project.yml
        {{ first_matching_label(var('segmentation__engagement_levels')) }} as engagement_level,
        {{ first_matching_label(var('segmentation__reaction_behaviors')) }} as reaction_behavior,
        {{ first_matching_label(var('segmentation__conversation_preferences')) }} as conversation_preference,
        {{ first_matching_label(var('segmentation__personas')) }} as persona
    from activity
    where
        not is_staff
        and not is_name_missing
        and total_messages_sent > {{ segmentation_thresholds()['message_cut'] }}

)

select * from segmented
