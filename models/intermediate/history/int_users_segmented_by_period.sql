{#- The segmentation of every user at every period end T of int_history_periods, as a build with as_of = T
    would give it (int_persons_activity_aggregated, then int_users_segmented), computed from the daily
    rollup instead of the messages.

    How: each candidate's days with messages and one marker per period end are put on one timeline, ordered
    by a key of 2 x day number (+1 for a day of messages), so that the marker of T, whose local date is D,
    sorts after every day before D and before the day D itself. Running window sums up to the marker then
    hold everything sent before D: unbounded for the totals, the last 14 keys (7 days, D-7 .. D-1) and the
    last 60 keys (30 days) for the windows, which are the calendar days of local_days_before. A build at T
    also counts messages sent exactly at T (local 00:00:00 of D: as_of is an inclusive bound), so each
    marker carries that day's midnight counts (the rollup's is_day_start row), added outside the windows.
    Undated messages add to the totals of every period. One sort per person over (days with messages + period ends): the cost grows
    with users x (periods + active days), never with periods x messages; persons who never pass the message
    cut (counts only grow, so those under it at as_of) get no markers at all. -#}
{{ config(pre_hook='{{ set_work_mem() }}') }}
{%- set day_number = "cast('1970-01-01' as date)" -%}
{%- set running_sums = {
    'messages_sent': 'dated_messages_before',
    'messages_1on1': 'messages_1on1_before',
    'messages_group': 'messages_group_before',
    'reactions': 'reactions_before',
    'hour_sum': 'hour_sum_before',
} -%}
{%- set windows = activity_windows() -%}
{#- the window of every running sum (written out in each: Spark takes no frame on a named window) -#}
{%- set person_timeline = 'partition by person_id order by timeline_key' -%}

with

person_days as (

    select * from {{ ref('int_person_days_aggregated') }}

),

periods as (

    select * from {{ ref('int_history_periods') }}

),

candidates as (

    select * from {{ ref('int_persons_screened') }}

),

undated as (

    select
        person_id,
        messages_sent,
        messages_1on1,
        messages_group,
        reactions
    from person_days
    where activity_date is null

),

candidate_starts as (

    select
        candidates.person_id,
        candidates.name,
        min(person_days.activity_date) as first_activity_date,
        coalesce(max(undated.messages_sent), 0) as undated_messages_sent
    from candidates
    inner join person_days
        on candidates.person_id = person_days.person_id
    left join undated
        on candidates.person_id = undated.person_id
    group by candidates.person_id, candidates.name
    -- counts only grow: a person at or under the cut at as_of is under it at every period end before
    having sum(person_days.messages_sent) > {{ segmentation_thresholds()['message_cut'] }}

),

markers as (

    -- one per candidate and period end, from the period of the first dated message on (from the first
    -- period when undated messages alone may pass the cut); with the messages sent exactly at that instant
    select
        candidate_starts.person_id,
        periods.period_end_at,
        periods.period_start_date,
        periods.period_last_date,
        periods.period_end_local_date,
        coalesce(midnight.messages_sent, 0) as midnight_messages_sent,
        coalesce(midnight.messages_1on1, 0) as midnight_messages_1on1,
        coalesce(midnight.messages_group, 0) as midnight_messages_group,
        coalesce(midnight.reactions, 0) as midnight_reactions
    from candidate_starts
    inner join periods
        on
            candidate_starts.undated_messages_sent > 0
            or candidate_starts.first_activity_date <= periods.period_end_local_date
    left join person_days as midnight
        on
            candidate_starts.person_id = midnight.person_id
            and periods.period_end_local_date = midnight.activity_date
            and midnight.is_day_start

),

timeline as (

    -- days with messages: key 2 x day + 1
    select
        person_days.person_id,
        2 * {{ dbt.datediff(day_number, 'person_days.activity_date', 'day') }} + 1 as timeline_key,
        person_days.activity_date,
        {% for column in running_sums -%}
            person_days.{{ column }},
        {% endfor -%}
        -- (nulls take the types of the period ends' columns below)
        null as period_end_at,
        null as period_start_date,
        null as period_last_date,
        null as period_end_local_date,
        0 as midnight_messages_sent,
        0 as midnight_messages_1on1,
        0 as midnight_messages_group,
        0 as midnight_reactions
    from person_days
    inner join candidate_starts
        on person_days.person_id = candidate_starts.person_id
    where person_days.activity_date is not null

    union all

    -- period ends: key 2 x day, before the messages of their own day
    select
        person_id,
        2 * {{ dbt.datediff(day_number, 'period_end_local_date', 'day') }} as timeline_key,
        null as activity_date,
        {% for column in running_sums -%}
            0 as {{ column }},
        {% endfor -%}
        period_end_at,
        period_start_date,
        period_last_date,
        period_end_local_date,
        midnight_messages_sent,
        midnight_messages_1on1,
        midnight_messages_group,
        midnight_reactions
    from markers

),

running as (

    select
        *,
        {% for column, total in running_sums.items() -%}
            sum({{ column }}) over (
                {{ person_timeline }} range between unbounded preceding and current row
            ) as {{ total }},
        {% endfor -%}
        {% for metric, days in windows.items() -%}
            sum(messages_sent) over (
                {{ person_timeline }} range between {{ 2 * days }} preceding and current row
            ) as {{ metric }}_before,
        {% endfor -%}
        max(activity_date) over (
            {{ person_timeline }} range between unbounded preceding and current row
        ) as last_active_date_before
    from timeline

),

metrics as (

    select
        -- ids
        running.person_id,
        candidate_starts.name,
        -- the period
        running.period_end_at,
        running.period_start_date,
        running.period_last_date,
        running.period_end_local_date,
        -- engagement: dated messages up to T, plus the undated ones
        cast(
            running.dated_messages_before + running.midnight_messages_sent + coalesce(undated.messages_sent, 0)
            as bigint
        ) as total_messages_sent,
        {% for metric in windows -%}
            cast(running.{{ metric }}_before + running.midnight_messages_sent as bigint) as {{ metric }},
        {% endfor -%}
        case
            when running.midnight_messages_sent > 0 then running.period_end_local_date
            else running.last_active_date_before
        end as last_message_date,
        -- feature usage
        cast(
            running.messages_1on1_before + running.midnight_messages_1on1 + coalesce(undated.messages_1on1, 0)
            as bigint
        ) as messages_1on1,
        cast(
            running.messages_group_before + running.midnight_messages_group + coalesce(undated.messages_group, 0)
            as bigint
        ) as messages_group,
        -- value signals
        cast(
            running.reactions_before + running.midnight_reactions + coalesce(undated.reactions, 0) as bigint
        ) as total_reactions,
        -- time patterns: the mean local hour of the dated messages (those at midnight add hour 0)
        cast({{ decimal_round(
            'cast(running.hour_sum_before as ' ~ dbt.type_numeric() ~ ')'
            ~ ' / nullif(running.dated_messages_before + running.midnight_messages_sent, 0)', 0
        ) }} as integer) as avg_hour_of_day
    from running
    inner join candidate_starts
        on running.person_id = candidate_starts.person_id
    left join undated
        on running.person_id = undated.person_id
    where running.period_end_at is not null

),

eligible as (

    select
        *,
        {{ dbt.datediff('last_message_date', 'period_end_local_date', 'day') }} as days_since_last_message,
        cast(total_reactions as {{ type_double() }}) / nullif(total_messages_sent, 0) as reaction_rate
    from metrics
    -- the specification's HAVING, at each period end
    where total_messages_sent > {{ segmentation_thresholds()['message_cut'] }}

),

final as (

    select
        -- ids
        person_id,
        name,
        -- the period: the segmentation as of period_end_at
        period_end_at,
        period_start_date,
        period_last_date,
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
        -- labels: each the first matching rule of its list in dbt_project.yml, as in int_users_segmented
        {{ label_columns() }}
    from eligible

)

select * from final
