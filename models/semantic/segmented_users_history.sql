{#- One row per segmented user and period end of user_persona_history, with what MetricFlow needs: the day the
    snapshot describes (its time dimension) and the user's share of the users segmented at that period end. -#}
with

history as (

    select * from {{ ref('user_persona_history') }}

),

final as (

    select
        -- ids
        person_id,
        period_end_at,
        -- labels
        persona,
        engagement_level,
        reaction_behavior,
        conversation_preference,
        -- metrics
        total_messages_sent,
        messages_last_7d,
        total_reactions,
        -- summed over any group of one period end's users: the group's share of them, in percent (30 places: as
        -- in segmented_users)
        cast(100.0 / count(*) over (partition by period_end_at) as {{ type_decimal(30) }}) as share_of_users,
        -- dates: the last local day of the period, the day the snapshot describes
        period_last_date as snapshot_date
    from history

)

select * from final
