{#- Incremental: a run computes again the period ends that the timeline's runs changed since this table last read
    their logs, and adds the new ones (is_history_period_rebuilt), replacing those it held; it logs the first
    period end it computed for segment_distribution_history (record_period_changes); a table rebuilt whole on
    Spark. Analysed after each build for the marts that read it (user_persona_current groups it by user). -#}
{{ config(
    materialized='table' if target.type == 'spark' else 'incremental',
    incremental_strategy='replace_rebuilt_periods',
    indexes=postgres_indexes([{'columns': ['period_end_at']}]),
    post_hook=[
        "{{ record_period_changes('computed') }}", '{{ record_period_changes_read() }}', '{{ refresh_statistics() }}',
    ],
) }}

with

periods as (

    select * from {{ ref('int_history_periods') }}
    where {{ is_history_period_rebuilt() }}

),

users_over_time as (

    -- the periods computed and those before them
    select * from {{ ref('int_users_segmented_over_time') }}
    where
        is_period_end
        and {{ is_history_period_rebuilt('observed_at', with_the_one_before=true) }}

),

first_periods as (

    -- each user's first period end among those read. Counts only grow, so a user segmented once is segmented at
    -- every period end after: the first is the one without a row at the period end before. Two columns read
    -- apart from users_over_time, which PostgreSQL would otherwise store whole for a second reader.
    select
        person_id,
        min(observed_at) as first_observed_at
    from {{ ref('int_users_segmented_over_time') }}
    where
        is_period_end
        and {{ is_history_period_rebuilt('observed_at', with_the_one_before=true) }}
    group by person_id

),

final as (

    select
        -- ids
        users.person_id,
        periods.period_end_at,
        users.name,
        -- the period: the segmentation as of period_end_at
        periods.period_start_date,
        periods.period_last_date,
        -- labels
        users.engagement_level,
        users.reaction_behavior,
        users.conversation_preference,
        users.persona,
        -- engagement
        users.total_messages_sent,
        users.messages_last_30d,
        users.messages_last_7d,
        users.last_message_date,
        users.days_since_last_message,
        -- feature usage
        users.messages_1on1,
        users.messages_group,
        -- value signals
        users.total_reactions,
        users.reaction_rate,
        -- time patterns
        users.avg_hour_of_day,
        -- the first period end at which the user is segmented (the one before is read too)
        users.observed_at = first_periods.first_observed_at as is_first_segmented_period,
        {{ run_started_at_instant() }} as built_at
    from periods
    inner join users_over_time as users
        on periods.period_end_at = users.observed_at
    inner join first_periods
        on users.person_id = first_periods.person_id

)

select * from final
