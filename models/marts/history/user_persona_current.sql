{#- The persona at as_of, the one it replaced and since when. A user is segmented at every period end from the
    first one on (counts only grow), so the current persona holds since the observation after the last one
    with another persona: one pass over the history with aggregates, no sort of it. -#}
with

history as (

    select
        person_id,
        period_end_at,
        persona
    from {{ ref('user_persona_history') }}

),

replaced_personas as (

    -- the same rows, read again for the persona replaced: PostgreSQL would store a CTE with two readers whole
    -- (1.4 million rows at three years) before reading it
    select
        person_id,
        period_end_at,
        persona
    from {{ ref('user_persona_history') }}

),

periods as (

    select * from {{ ref('int_history_periods') }}

),

users as (

    select * from {{ ref('int_users_segmented') }}

),

observed_before as (

    -- per user, over the period ends before as_of: the first, and the last with a persona other than today's
    select
        history.person_id,
        min(history.period_end_at) as first_period_end_at,
        max(case when history.persona != users.persona then history.period_end_at end) as last_other_at
    from history
    inner join users
        on history.person_id = users.person_id
    where history.period_end_at < users.as_of
    group by history.person_id

),

final as (

    select
        -- ids
        users.person_id,
        users.name,
        -- the persona as of as_of, and the one it replaced
        users.persona,
        last_other.persona as previous_persona,
        -- the observation after the last other persona: the next period end before as_of, else as_of
        case
            when observed_before.last_other_at is not null
                then coalesce(next_period.period_end_at, users.as_of)
        end as persona_changed_at,
        coalesce(observed_before.first_period_end_at, users.as_of) as first_segmented_at,
        users.as_of
    from users
    left join observed_before
        on users.person_id = observed_before.person_id
    left join replaced_personas as last_other
        on
            observed_before.person_id = last_other.person_id
            and observed_before.last_other_at = last_other.period_end_at
    left join periods as next_period
        on
            observed_before.last_other_at = next_period.previous_period_end_at
            and users.as_of > next_period.period_end_at

)

select * from final
