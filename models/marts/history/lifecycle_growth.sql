{#- Growth accounting per period of the history. A user is any screened person (a name, no staff pattern,
    not excluded), whatever their message count; a message belongs to the period of its local calendar day.
    Compared with PostHog's and Amplitude's lifecycle in docs/history.md (lifecycle_growth).
    Incremental: the pre-hook compares the rollup's digest as the timeline's halves do; a run computes
    the periods from the first changed day on and those not built yet (a message changes its period and, through
    new and resurrected users, every later one), and drops those after as_of. A table rebuilt whole on Spark. -#}
{{ config(
    materialized='table' if target.type == 'spark' else 'incremental',
    incremental_strategy='replace_rebuilt_days',
    incremental_predicates=[
        'coalesce(period_last_date >= (select min(activity_date) from rebuilt_days), false)',
        'period_end_at > ' ~ segmentation_as_of(),
    ],
    pre_hook=['{{ set_work_mem() }}', '{{ find_rebuilt_person_days() }}'],
    post_hook=['{{ record_digest() }}'],
) }}
{%- set grain = history_grain() -%}

with

person_days as (

    -- two columns named: PostgreSQL stores a CTE with two readers whole
    select
        person_id,
        activity_date
    from {{ ref('int_person_days_aggregated') }}

),

persons as (

    select * from {{ ref('int_persons_screened') }}
    where is_segmentable

),

history_periods as (

    select * from {{ ref('int_history_periods') }}

),

periods as (

    -- the periods this run computes
    select * from history_periods
    {%- if is_incremental() %}
        where
            coalesce(
                period_last_date >= (
                    select min(rebuilt_days.activity_date)
                    from {{ side_table(this, 'rebuilt_days') }} as rebuilt_days
                ),
                false
            )
            or not exists (
                select 1 from {{ this }} as built
                where built.period_end_at >= history_periods.period_end_at
            )
    {%- endif %}

),

first_periods as (

    -- every user's first period with a dated message, from all their days
    select
        person_days.person_id,
        {{ truncate_date('min(person_days.activity_date)', grain) }} as first_period_start_date
    from person_days
    inner join persons
        on person_days.person_id = persons.person_id
    where person_days.activity_date is not null
    group by person_days.person_id

),

active_periods as (

    -- one row per user and period with at least one dated message, from the period before the first computed
    select distinct
        person_days.person_id,
        {{ truncate_date('person_days.activity_date', grain) }} as period_start_date
    from person_days
    inner join persons
        on person_days.person_id = persons.person_id
    where
        person_days.activity_date
        >= (select {{ shift_date('min(periods.period_start_date)', grain, -1) }} from periods)

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
        ) as quick_ratio,
        {{ run_started_at_instant() }} as built_at
    from periods
    left join counted
        on periods.period_start_date = counted.period_start_date

)

select * from final
