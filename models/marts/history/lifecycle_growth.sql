{#- Growth accounting per period of the history. A user is any screened person (a name, no staff pattern,
    not excluded), whatever their message count; a message belongs to the period of its local calendar day.
    Compared with PostHog's and Amplitude's lifecycle in _history__docs.md (lifecycle_growth). -#}
{%- set grain = history_grain() -%}

with

person_days as (

    select * from {{ ref('int_person_days_aggregated') }}

),

persons as (

    select * from {{ ref('int_persons_screened') }}
    where is_segmentable

),

periods as (

    select * from {{ ref('int_history_periods') }}

),

active_periods as (

    -- one row per user and period with at least one dated message
    select distinct
        person_days.person_id,
        {{ truncate_date('person_days.activity_date', grain) }} as period_start_date
    from person_days
    inner join persons
        on person_days.person_id = persons.person_id
    where person_days.activity_date is not null

),

first_periods as (

    select
        person_id,
        min(period_start_date) as first_period_start_date
    from active_periods
    group by person_id

),

active_in_previous_period as (

    -- the same rows, moved to the period after: "was active in the period before this one"
    select
        person_id,
        {{ shift_date('period_start_date', grain, 1) }} as period_start_date
    from active_periods

),

statuses as (

    select
        coalesce(active_periods.period_start_date, active_in_previous_period.period_start_date)
            as period_start_date,
        coalesce(active_periods.person_id, active_in_previous_period.person_id) as person_id,
        active_periods.person_id is not null as is_active,
        active_in_previous_period.person_id is not null as was_active
    from active_periods
    full outer join active_in_previous_period
        on
            active_periods.person_id = active_in_previous_period.person_id
            and active_periods.period_start_date = active_in_previous_period.period_start_date

),

counted as (

    select
        statuses.period_start_date,
        count(case when statuses.was_active then 1 end) as previous_active_users,
        count(case when statuses.is_active then 1 end) as active_users,
        count(
            case
                when statuses.is_active and statuses.period_start_date = first_periods.first_period_start_date then 1
            end
        ) as new_users,
        count(case when statuses.is_active and statuses.was_active then 1 end) as returning_users,
        count(
            case
                when
                    statuses.is_active
                    and not statuses.was_active
                    and statuses.period_start_date > first_periods.first_period_start_date
                    then 1
            end
        ) as resurrected_users,
        count(case when statuses.was_active and not statuses.is_active then 1 end) as churned_users
    from statuses
    inner join first_periods
        on statuses.person_id = first_periods.person_id
    group by statuses.period_start_date

),

final as (

    select
        -- the period
        periods.period_end_at,
        periods.period_start_date,
        periods.period_last_date,
        -- users
        coalesce(counted.active_users, 0) as active_users,
        coalesce(counted.new_users, 0) as new_users,
        coalesce(counted.returning_users, 0) as returning_users,
        coalesce(counted.resurrected_users, 0) as resurrected_users,
        coalesce(counted.churned_users, 0) as churned_users,
        coalesce(counted.previous_active_users, 0) as previous_active_users,
        -- users gained for each user lost; null when nobody was lost
        round(
            1.0 * (coalesce(counted.new_users, 0) + coalesce(counted.resurrected_users, 0))
            / nullif(counted.churned_users, 0),
            2
        ) as quick_ratio
    from periods
    left join counted
        on periods.period_start_date = counted.period_start_date

)

select * from final
