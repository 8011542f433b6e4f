with

users as (

    select * from {{ ref('int_users_segmented') }}

),

final as (

    select
        -- ids
        person_id,
        name,
        -- label, and why: the rule that matched, its metrics' values, every persona whose rule holds
        persona,
        persona_rule,
        persona_evidence,
        personas_satisfied,
        -- the metrics the persona rules read
        total_messages_sent,
        messages_last_30d,
        messages_last_7d,
        days_since_last_message,
        messages_1on1,
        messages_group,
        total_reactions,
        reaction_rate,
        avg_hour_of_day
    from users

)

select * from final
