with

history as (

    select * from {{ ref('user_persona_history') }}

),

users as (

    select * from {{ ref('int_users_segmented') }}

),

observations as (

    -- the persona at every period end before as_of, then at as_of itself: the segmented users' timeline
    select
        history.person_id,
        history.period_end_at as observed_at,
        history.persona
    from history
    inner join users
        on history.person_id = users.person_id
    where history.period_end_at < users.as_of

    union all

    select
        person_id,
        as_of as observed_at,
        persona
    from users

),

compared as (

    select
        *,
        lag(persona) over (partition by person_id order by observed_at) as observed_before
    from observations

),

first_seen as (

    select
        person_id,
        min(observed_at) as first_segmented_at
    from observations
    group by person_id

),

changes as (

    -- the observations where the persona differs from the one before: the latest is the current persona's start
    select
        person_id,
        observed_at as persona_changed_at,
        observed_before as previous_persona,
        row_number() over (partition by person_id order by observed_at desc) as recency
    from compared
    where observed_before is not null and observed_before != persona

),

final as (

    select
        -- ids
        users.person_id,
        users.name,
        -- the persona as of as_of, and the one it replaced
        users.persona,
        changes.previous_persona,
        changes.persona_changed_at,
        first_seen.first_segmented_at,
        users.as_of
    from users
    left join changes
        on
            users.person_id = changes.person_id
            and changes.recency = 1
    left join first_seen
        on users.person_id = first_seen.person_id

)

select * from final
