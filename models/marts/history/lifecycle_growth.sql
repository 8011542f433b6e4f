{#- Growth accounting per period of the history. A user is any screened person (a name, no staff pattern,
    not excluded), whatever their message count; a message belongs to the period of its local calendar day.
    Compared with PostHog's and Amplitude's lifecycle in _history__docs.md (lifecycle_growth).
    Incremental: the pre-hook compares the rollup's digest as the timeline's halves do; a run computes
    the periods from the first changed day on and those not built yet (a message changes its period and, through
    new and resurrected users, every later one), and drops those after as_of. A table rebuilt whole on Spark. -#}
{{ config(
    materialized='table' if target.type == 'spark' else 'incremental',
    incremental_strategy='replace_rebuilt_days',
    incremental_predicates=[
        'coalesce(period_last_date >= (select min(activity_date) from rebuilt_days), false)',
        'period_end_at > {{ segmentation_as_of() }}',
    ],
    pre_hook=['{{ set_work_mem() }}', '{{ find_rebuilt_person_days() }}'],
    post_hook=['{{ record_digest() }}'],
) }}
{%- set grain = history_grain() -%}
{#- the first day read: the start of the period before the first period computed -#}
{%- set first_read_date = '(select min(steps.previous_start_date) from periods'
    ~ ' inner join period_steps as steps on periods.period_start_date = steps.period_start_date)' -%}

with

person_days as (

    select * from {{ ref('int_person_days_aggregated') }}

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

day_before_history as (

    -- the last day before the history's first period that the clocks did not skip whole (a skipped day starts
    -- when the next one does)
    select
        case
            when
                {{ local_day_start(shift_date('period_start_date', 'day', -1)) }}
                = {{ local_day_start('period_start_date') }}
                then {{ shift_date('period_start_date', 'day', -2) }}
            else {{ shift_date('period_start_date', 'day', -1) }}
        end as activity_date
    from history_periods
    where period_number = 1

),

period_steps as (

    -- the start of each period's neighbours, over the history's periods and the one before them: a day the clocks
    -- skipped whole (Pacific/Apia's 2011-12-30) belongs to the period before it, so the calendar's is not always one
    select
        period_start_date,
        lag(period_start_date) over by_start as previous_start_date,
        lead(period_start_date) over by_start as next_start_date
    from (
        select period_start_date from history_periods
        union all
        select {{ truncate_date('activity_date', grain) }} from day_before_history
    ) as period_starts
    window by_start as (order by period_start_date)

),

active_periods as (

    -- one row per user and period with at least one dated message, from the period before the first computed
    select
        person_days.person_id,
        {{ truncate_date('person_days.activity_date', grain) }} as period_start_date
    from person_days
    inner join persons
        on person_days.person_id = persons.person_id
    where person_days.activity_date >= {{ first_read_date }}
    group by person_days.person_id, {{ truncate_date('person_days.activity_date', grain) }}

),

active_before as (

    -- the persons with a dated message before the first day read, found through the rollup's index on the date
    -- (on a full build without a history start date, only persons who may not be segmented): read apart from
    -- person_days, which PostgreSQL would otherwise store whole for a second reader
    select distinct days_before.person_id
    from {{ aliased(ref('int_person_days_aggregated'), 'days_before') }}
    where days_before.activity_date < {{ first_read_date }}

),

sequenced as (

    -- each user's active periods in order: the active period before and the one after, in one sort, and the
    -- history's periods before and after (the calendar's next after the last period)
    select
        active_periods.person_id,
        active_periods.period_start_date,
        lag(active_periods.period_start_date) over by_user as previous_active_start_date,
        lead(active_periods.period_start_date) over by_user as next_active_start_date,
        steps.previous_start_date,
        coalesce(
            steps.next_start_date, {{ shift_date('active_periods.period_start_date', grain, 1) }}
        ) as next_start_date
    from active_periods
    left join period_steps as steps
        on active_periods.period_start_date = steps.period_start_date
    window by_user as (partition by active_periods.person_id order by active_periods.period_start_date)

),

statuses as (

    -- a user's row in each period they were active in (new: the first ever, with no period before it) ...
    select
        sequenced.period_start_date,
        true as is_active,
        coalesce(sequenced.previous_active_start_date = sequenced.previous_start_date, false) as was_active,
        sequenced.previous_active_start_date is null and active_before.person_id is null as is_new
    from sequenced
    left join active_before
        on sequenced.person_id = active_before.person_id

    union all

    -- ... and in the period after one they were active in, when they were not active in it (churned)
    select
        next_start_date as period_start_date,
        false as is_active,
        true as was_active,
        false as is_new
    from sequenced
    where next_active_start_date is null or next_active_start_date != next_start_date

),

counted as (

    select
        period_start_date,
        count(case when was_active then 1 end) as previous_active_users,
        count(case when is_active then 1 end) as active_users,
        count(case when is_new then 1 end) as new_users,
        count(case when is_active and was_active then 1 end) as returning_users,
        count(case when is_active and not was_active and not is_new then 1 end) as resurrected_users,
        count(case when not is_active then 1 end) as churned_users
    from statuses
    group by period_start_date

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
        {{ decimal_round(
            '1.0 * (coalesce(counted.new_users, 0) + coalesce(counted.resurrected_users, 0))'
            ~ ' / nullif(counted.churned_users, 0)',
            2
        ) }} as quick_ratio,
        {{ run_started_at_instant() }} as built_at
    from periods
    left join counted
        on periods.period_start_date = counted.period_start_date

)

select * from final
