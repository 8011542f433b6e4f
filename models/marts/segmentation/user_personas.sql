{%- set personas = segmentation_rules('segmentation__personas') -%}

with

users as (

    select * from {{ ref('int_users_segmented') }}

),

misses as (

    {{ rule_misses(personas, 'users', 'persona') }}

),

nearest_misses as (

    -- the closest rule above the match: fewest unmet terms, then smallest relative distance, then the higher rule
    select
        person_id,
        rule_label,
        missing,
        row_number() over (partition by person_id order by unmet_terms, distance, rule_priority) as closeness_rank
    from misses

),

final as (

    select
        -- ids
        users.person_id,
        users.name,
        -- label, and why: the rule that matched, its metrics' values, every persona whose rule holds
        users.persona,
        users.persona_rule,
        users.persona_evidence,
        users.personas_satisfied,
        -- and the persona above it that the user came closest to, with what it lacks
        nearest_misses.rule_label as persona_nearest_miss,
        nearest_misses.missing as persona_nearest_miss_gap,
        -- the metrics the persona rules read
        users.total_messages_sent,
        users.messages_last_30d,
        users.messages_last_7d,
        users.days_since_last_message,
        users.messages_1on1,
        users.messages_group,
        users.total_reactions,
        users.reaction_rate,
        users.avg_hour_of_day
    from users
    left join nearest_misses
        on
            users.person_id = nearest_misses.person_id
            and nearest_misses.closeness_rank = 1

)

select * from final
