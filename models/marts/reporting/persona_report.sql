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
        round(avg(days_since_last_message)) as avg_days_since
    from users
    group by persona

),

{% for column in ['engagement_level', 'conversation_preference'] -%}
{{ column }}_ranked as (

    -- the label most of the persona's users have (ties: the first label alphabetically), and its share
    select
        persona,
        {{ column }} as label,
        {{ decimal_round('100.0 * count(*) / sum(count(*)) over (partition by persona)', 1) }} as share,
        row_number() over (partition by persona order by count(*) desc, {{ column }}) as label_rank
    from users
    group by persona, {{ column }}

),

{% endfor -%}

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
        summary.avg_total_messages,
        summary.avg_weekly_messages,
        summary.avg_reactions,
        summary.pct_1on1,
        summary.avg_active_hour,
        coalesce(summary.is_small_sample, true) as is_small_sample,
        recency.min_days_since,
        recency.max_days_since,
        recency.avg_days_since,
        engagement_level_ranked.label as main_engagement_level,
        engagement_level_ranked.share as main_engagement_share,
        conversation_preference_ranked.label as main_conversation_preference,
        conversation_preference_ranked.share as main_conversation_share,
        -- timestamps
        definitions.as_of
    from definitions
    left join summary on definitions.persona = summary.persona
    left join recency on definitions.persona = recency.persona
    left join engagement_level_ranked
        on
            definitions.persona = engagement_level_ranked.persona
            and engagement_level_ranked.label_rank = 1
    left join conversation_preference_ranked
        on
            definitions.persona = conversation_preference_ranked.persona
            and conversation_preference_ranked.label_rank = 1

)

select * from final
