{#- The period ends of the history: every local midnight that ends a day, a week (Monday to Sunday) or a
    month (var segmentation__history_grain), from the period of the first dated message of a screened person (or var
    segmentation__history_start_date) up to the last period end at or before as_of. Analysed once built: the
    history's big queries join it, and without statistics PostgreSQL takes it for 1,270 rows, not 158 (three
    years, weekly), and sorts the migration's 1.4 million transitions to count them (10 s instead of 5). -#}
{{ config(post_hook=['{{ refresh_statistics() }}']) }}
{%- set grain = history_grain() -%}
{%- set start_date = history_start_date() or 'cast(null as date)' -%}

with

person_days as (

    select * from {{ ref('int_person_days_aggregated') }}

),

persons as (

    select * from {{ ref('int_persons_screened') }}
    where is_segmentable

),

first_dated_day as (

    -- the first day with a dated message of a person who may be segmented (not staff): the days read in date
    -- order through the rollup's index up to the first match, rather than every person-day joined and aggregated
    select person_days.activity_date
    from person_days
    inner join persons
        on person_days.person_id = persons.person_id
    where person_days.activity_date is not null
    order by person_days.activity_date
    limit 1

),

bounds as (

    -- one row, with or without a first day
    select
        -- the end of the period holding that first day
        {{ shift_date(truncate_date('(select first_dated_day.activity_date from first_dated_day)', grain), grain, 1) }}
            as first_end_date,
        -- the last period end not after as_of (as_of itself when it is one)
        {{ truncate_date(to_local_timestamp(segmentation_as_of()), grain) }} as last_end_date,
        -- the first period end on or after segmentation__history_start_date; null without one
        {{ shift_date(truncate_date(shift_date(start_date, 'day', -1), grain), grain, 1) }} as start_end_date

),

first_end as (

    select greatest(first_end_date, coalesce(start_end_date, first_end_date)) as period_end_date
    from bounds

),

series as (

    -- from the period end before the first: a day the clocks skipped whole ends when the next one does (below)
    select cast(series.period_end as date) as period_end_date
    from bounds
    cross join first_end
    cross join
        {{ date_series(
            shift_date('first_end.period_end_date', grain, -1), 'bounds.last_end_date', grain, 'period_end'
        ) }}

),

ends as (

    -- the instant each period ends: local midnight after its last day; the history is the segmentation as of then
    select
        period_end_date,
        {{ from_local_timestamp('cast(period_end_date as ' ~ dbt.type_timestamp() ~ ')') }} as period_end_at
    from series

),

final as (

    -- one row per instant: a day the clocks skipped whole (Pacific/Apia's 2011-12-30) starts when the next day
    -- does, so in a daily history it joins the period before, which ends at the start of the day after it
    select
        -- the local days the period covers
        min({{ shift_date('period_end_date', grain, -1) }}) as period_start_date,
        max({{ shift_date('period_end_date', 'day', -1) }}) as period_last_date,
        max(period_end_date) as period_end_local_date,
        period_end_at,
        -- the period before, when it belongs to the history too
        lag(period_end_at) over (order by period_end_at) as previous_period_end_at,
        row_number() over (order by period_end_at) as period_number
    from ends
    -- not after as_of: where midnight comes twice (America/Havana's 2025-11-02), a day starts at the second, so an
    -- as_of in the hour between them has its day's start after it
    where period_end_at <= {{ segmentation_as_of() }}
    group by period_end_at
    -- the first period end's instant and those after it (the one before is there for a skipped day's sake)
    having max(period_end_date) >= (select first_end.period_end_date from first_end)

)

select * from final
