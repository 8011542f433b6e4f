{#- What the segments document says of each persona, in one row: its definition (persona_definitions), what
    persona_summary measured, how long ago its users last wrote, and the engagement level and conversation
    preference most of its users have (labels of the rule registry, so no channel rule is written twice). -#}
with

definitions as (

    select * from {{ ref('persona_definitions') }}

),

summary as (

    select * from {{ ref('persona_summary') }}

),

users as (

    select * from {{ ref('int_users_segmented') }}

),

recency as (

    select
        persona,
        min(days_since_last_message) as min_days_since,
        max(days_since_last_message) as max_days_since,
        {{ decimal_round('avg(days_since_last_message)', 0) }} as avg_days_since
    from users
    group by persona

),

labels as (

    select
        persona,
        'engagement_level' as dimension,
        engagement_level as label
    from users
    union all
    select
        persona,
        'conversation_preference' as dimension,
        conversation_preference as label
    from users

),

ranked as (

    -- the label most of the persona's users have (ties: the first label alphabetically), and its share
    select
        persona,
        dimension,
        label,
        {{ decimal_round('100.0 * count(*) / sum(count(*)) over (partition by persona, dimension)', 1) }} as share,
        row_number() over (partition by persona, dimension order by count(*) desc, label) as label_rank
    from labels
    group by persona, dimension, label

),

final as (

    select
        -- ids
        definitions.priority,
        definitions.persona,
        -- the definition
        definitions.criteria,
        definitions.summary,
        definitions.characteristics,
        definitions.business_value,
        definitions.purpose,
        definitions.strategy,
        -- what the marts measured
        coalesce(summary.user_count, 0) as user_count,
        -- share of the segmented users, in percent (0 when none is)
        {{ decimal_round(
            '100.0 * coalesce(summary.user_count, 0) / greatest(sum(coalesce(summary.user_count, 0)) over (), 1)', 1
        ) }} as percentage,
        summary.avg_total_messages,
        summary.avg_weekly_messages,
        summary.avg_reactions,
        summary.pct_1on1,
        summary.avg_active_hour,
        coalesce(summary.is_small_sample, true) as is_small_sample,
        recency.min_days_since,
        recency.max_days_since,
        recency.avg_days_since,
        engagement.label as main_engagement_level,
        engagement.share as main_engagement_share,
        conversation.label as main_conversation_preference,
        conversation.share as main_conversation_share,
        -- timestamps
        definitions.as_of
    from definitions
    left join summary on definitions.persona = summary.persona
    left join recency on definitions.persona = recency.persona
    left join ranked as engagement
        on
            definitions.persona = engagement.persona
            and engagement.dimension = 'engagement_level'
            and engagement.label_rank = 1
    left join ranked as conversation
        on
            definitions.persona = conversation.persona
            and conversation.dimension = 'conversation_preference'
            and conversation.label_rank = 1

)

select * from final
