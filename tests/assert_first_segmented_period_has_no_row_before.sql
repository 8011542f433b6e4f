-- user_persona_history marks a user's first segmented period end: the one without a row of theirs at the period
-- end before (counts only grow, so every later period end has one).
with

history as (

    select * from {{ ref('user_persona_history') }}

),

periods as (

    select * from {{ ref('int_history_periods') }}

),

compared as (

    select
        history.person_id,
        history.period_end_at,
        history.is_first_segmented_period,
        previous_history.person_id is null as has_no_row_before
    from history
    inner join periods
        on history.period_end_at = periods.period_end_at
    left join history as previous_history
        on
            history.person_id = previous_history.person_id
            and periods.previous_period_end_at = previous_history.period_end_at

)

select *
from compared
where is_first_segmented_period != has_no_row_before
