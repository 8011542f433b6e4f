{#- The segmentation at as_of: the as_of slice of int_users_segmented_over_time, which every as-of mart reads. -#}
with

users as (

    select users_over_time.* from {{ aliased(ref('int_users_segmented_over_time'), 'users_over_time') }}
    where {{ is_in_as_of_slice('users_over_time') }}

),

final as (

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
        circular_mean_hour,
        first_message_at,
        last_message_at,
        observed_at as as_of,
        -- the definitions that gave the labels below, kept with them for the snapshot
        {{ sql_string(segmentation_definitions_version()) }} as definitions_version,
        -- labels
        engagement_level,
        reaction_behavior,
        conversation_preference,
        time_of_day_preference,
        persona,
        personas_satisfied,
        persona_rule,
        persona_evidence
    from users

)

select * from final
