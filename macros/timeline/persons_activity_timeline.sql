{#- The per-user metrics of the specification's Query 1 at every observed instant: each period end of the
    history (int_history_periods) and as_of, for the persons of one half (`half` 0: even person ids, 1: odd).
    The two halves are two models, int_persons_activity_aggregated_half_0 and _half_1, that dbt builds side by
    side: PostgreSQL runs a query's window functions in one process, so on two cores the halves take about half
    the time of the whole (measured: docs/design-decisions.md). int_persons_activity_aggregated is their union.
    One computation for both: int_users_segmented_over_time labels its rows, the as-of marts read the as_of slice,
    the history marts the period ends.

    How: each person's days of the rollup and one marker per instant are put on one timeline ordered by a key
    of 4 x day number: a day's messages sent at the instant it starts (is_sent_at_day_start) at 4d, the rest of
    the day at 4d + 3, a period end (the start of day d) at 4d, beside them; as_of's own day d is read one by one
    up to as_of instead (its start at 4d, the rest at 4d + 1), and as_of is at 4d + 4. Running sums up to a
    marker then hold everything sent up to its instant. A window of n days is the range of 4n keys before a
    marker: for a period end days d - n .. d - 1 and its start, less the messages of day d - n before the window
    starts where the clocks change at midnight (messages_before_window_starts); for as_of days d - n + 1 .. d
    up to as_of, plus, read one by one, the messages of day d - n at or after as_of's time of day: exact to the
    second, as local_days_before. The days before the first one a window can reach, and
    the undated messages (in every total, in no window), are one opening balance per person, added to the
    markers' running sums after the window functions: kept out of them, it leaves PostgreSQL summing the days'
    integer counts (activity_measures) into bigints instead of bigints into numerics.

    Incremental: the pre-hook compares the rollup's own digest, day by day, with each person's screening and
    the settings that place the markers (timeline_digest_rows: no scan of the rollup), and a run computes the
    instants from the first changed day on, the period ends not built yet, and as_of; the days before them are
    read as opening balances. A full build for the as-of path alone (builds_the_as_of_path_alone) computes as_of
    and no period end, and records no digest (find_rebuilt_person_days), but on Spark, where every command rebuilds
    the table; persons get a period end only once past the message cut, every person gets as_of. -#}
{% macro persons_activity_timeline(half) %}
{%- if half not in [0, 1] -%}
    {{ exceptions.raise_compiler_error('persons_activity_timeline: half = ' ~ half ~ ' is not 0 or 1') }}
{%- endif -%}
{#- a person's half by the parity of the id (mod keeps the sign: -7 gives -1); a null id is in neither -#}
{%- set in_half = 'mod(person_id, 2) ' ~ ('= 0' if half == 0 else '<> 0') -%}
{%- set as_of = segmentation_as_of() -%}
{%- set as_of_date = 'cast(' ~ to_local_timestamp(as_of) ~ ' as date)' -%}
{%- set windows = activity_windows() -%}
{%- set measures = activity_measures().keys() | list -%}
{#- a measure that equals another one on every row of the timeline, read from that one's running total: every row
    on it is dated (the undated messages are in the opening balance only) -#}
{%- set same_on_timeline = {'dated_messages_sent': 'messages_sent'} -%}
{%- set message_cut = segmentation_thresholds()['message_cut'] -%}
{%- set timeline_order = 'partition by person_id order by timeline_key' -%}
{#- what a marker carries along the timeline; the other rows carry nulls -#}
{%- set marker_columns = ['name', 'observed_at', 'observed_date', 'period_start_date', 'period_last_date',
    'is_period_end', 'is_as_of', 'is_segmentable'] -%}
{%- for metric in windows -%}
    {%- do marker_columns.append(metric ~ '_start') -%}
{%- endfor -%}
{%- set no_marker = 'null as ' ~ marker_columns | join(', null as ') -%}
{#- the day key of a date column: {0}, since Spark's datediff names the date three times -#}
{%- set day_key = "4 * " ~ dbt.datediff("cast('1970-01-01' as date)", '{0}', 'day') -%}
{{ config(
    materialized='table' if target.type == 'spark' else 'incremental',
    incremental_strategy='replace_rebuilt_days',
    incremental_predicates=['{{ is_replaced_in_timeline() }}'],
    pre_hook=[
        '{{ set_work_mem() }}',
        '{{ find_rebuilt_person_days() }}',
        "{{ record_period_changes('deleted') }}",
    ],
    post_hook=["{{ record_period_changes('written') }}", '{{ record_digest() }}', '{{ refresh_statistics() }}'],
    indexes=postgres_indexes([{'columns': ['observed_at']}, {'columns': ['built_at']}]),
) }}

with

person_days as (

    select * from {{ ref('int_person_days_aggregated') }}
    where {{ in_half }}

),

persons as (

    select * from {{ ref('int_persons_screened') }}
    where {{ in_half }}

),

periods as (

    select * from {{ ref('int_history_periods') }}

),

messages as (

    -- the messages the as_of slice reads one by one (its own day up to as_of, the first day of each window,
    -- and the day after up to the window's start where the clocks skipped that start into it), through the
    -- index on sent_at; those without a person are in no half. A day's first instants can come before the
    -- midnight that starts it (a midnight that comes twice), never before the day before starts.
    select * from {{ ref('int_messages_joined_to_senders') }}
    where
        {{ in_half }}
        and (
            sent_at > {{ local_day_start(shift_date(as_of_date, 'day', -1)) }} and sent_at <= {{ as_of }}
            {% for days in windows.values() -%}
                or sent_at >= {{ local_day_start(shift_date(as_of_date, 'day', -days)) }}
                and sent_at < greatest(
                    {{ local_day_start(shift_date(as_of_date, 'day', 1 - days)) }}, {{ local_days_before(as_of, days) }}
                )
            {% endfor %}
        )

),

period_ends as (

    -- the period ends this run computes: those after the last one kept from the last build, whatever the command
    -- selects (a command that reads the history without building the timeline finds it whole); on a full build
    -- all of them, or none for the as-of path alone, whose missing digest marks it (a table that every command
    -- rebuilds whole, on Spark, could keep no mark: it computes them every time)
    select * from periods
    {%- if is_incremental() %}
        where not exists (
            select 1 from {{ this }} as kept
            where
                kept.is_period_end
                and kept.observed_at >= periods.period_end_at
                and not {{ is_replaced_in_timeline(side_table(this, 'rebuilt_days')) }}
        )
    {%- elif builds_the_as_of_path_alone() and config.get('materialized') == 'incremental' %}
        where 1 = 0
    {%- endif %}

),

as_of_instant as (

    select
        {{ as_of }} as observed_at,
        {{ as_of_date }} as observed_date

),

observed as (

    -- the instants: the period ends and as_of (one of them when it ends a period)
    select
        coalesce(period_ends.period_end_at, as_of_instant.observed_at) as observed_at,
        coalesce(period_ends.period_end_local_date, as_of_instant.observed_date) as observed_date,
        period_ends.period_start_date,
        period_ends.period_last_date,
        period_ends.period_end_at is not null as is_period_end,
        as_of_instant.observed_at is not null as is_as_of
    from period_ends
    full outer join as_of_instant
        on period_ends.period_end_at = as_of_instant.observed_at

),

first_day as (

    -- the first day a window of an instant can reach: the days before it are an opening balance
    select {{ shift_date('min(observed_date)', 'day', -(windows.values() | max)) }} as first_date
    from observed

),

person_summaries as (

    select
        person_days.person_id,
        -- the opening balance: the undated messages and the days before first_date
        {% for measure in measures -%}
            {{ activity_measure_rollup(measure) }}(
                case
                    when person_days.activity_date is null or person_days.activity_date < first_day.first_date
                        then person_days.{{ measure }}
                end
            ) as {{ measure }},
        {% endfor -%}
        min(person_days.activity_date) as first_activity_date,
        sum(person_days.messages_sent) as messages_sent_ever,
        count(case when person_days.activity_date is null then 1 end) > 0 as has_undated_messages
    from person_days
    cross join first_day
    group by person_days.person_id

),

as_of_window_starts as (

    -- the messages of the first day of each window at or after its start (as_of's time of day), less those of
    -- the days after it sent before the start: none, but where the clocks skipped the start into the next day
    -- (Pacific/Apia skipped 2011-12-30 whole, so 7 days before 2012-01-06 12:00 is 2011-12-31 12:00), which the
    -- timeline reads whole
    select
        {% for metric, days in windows.items() -%}
            {%- set first_date = shift_date(as_of_date, 'day', -days) %}
            {%- set window_start = local_days_before(as_of, days) %}
            count(
                case
                    when
                        sent_at >= {{ window_start }}
                        and cast(sent_at_local as date) = {{ first_date }}
                        then 1
                end
            )
            - count(
                case
                    when
                        sent_at < {{ window_start }}
                        and cast(sent_at_local as date) > {{ first_date }}
                        then 1
                end
            ) as {{ metric }}_start,
        {% endfor -%}
        person_id
    from messages
    group by person_id

),

window_starts_after_midnight as (

    -- the windows of n days before a period end that do not start at the first instant of day d - n: those of a
    -- period end where the clocks skipped midnight, which starts later on the clock, as its windows do, and
    -- those reaching back to a day whose midnight came twice, some of whose first instants come before the
    -- midnight that starts it (the second before it already has its date). None in any other case, so that the
    -- join below reads no message.
    {% for metric, days in windows.items() -%}
        {%- set first_date = shift_date('period_end_local_date', 'day', -days) %}
        select
            period_end_at as observed_at,
            '{{ metric }}' as metric,
            {{ first_date }} as first_date,
            {{ local_days_before('period_end_at', days) }} as window_start
        from period_ends
        where
            {{ local_days_before('period_end_at', days) }} <> {{ local_day_start(first_date) }}
            or cast({{ to_local_timestamp(dbt.dateadd('second', -1, local_day_start(first_date))) }} as date)
            = {{ first_date }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

messages_before_window_starts as (

    -- per person, period end and window, the messages of its first day before it starts: the timeline reads
    -- the whole day, and the period end's marker subtracts them
    select
        {% for metric in windows -%}
            count(case when starts.metric = '{{ metric }}' then 1 end) as {{ metric }}_start,
        {% endfor -%}
        messages.person_id,
        starts.observed_at
    from window_starts_after_midnight as starts
    inner join {{ aliased(ref('int_messages_joined_to_senders'), 'messages') }}
        on
            messages.sent_at > {{ local_day_start(shift_date('starts.first_date', 'day', -1)) }}
            and messages.sent_at < starts.window_start
            and cast(messages.sent_at_local as date) = starts.first_date
    where {{ in_half }}
    group by messages.person_id, starts.observed_at

),

markers as (

    -- as_of for every person; a period end for each person who may pass the message cut by then
    select
        persons.person_id,
        observed.*,
        {% for metric in windows -%}
            coalesce(as_of_window_starts.{{ metric }}_start, 0) as {{ metric }}_start,
        {% endfor -%}
        persons.name,
        persons.is_segmentable
    from observed
    cross join persons
    left join as_of_window_starts
        on persons.person_id = as_of_window_starts.person_id
    where observed.is_as_of

    union all

    select
        persons.person_id,
        observed.*,
        {% for metric in windows -%}
            -coalesce(messages_before_window_starts.{{ metric }}_start, 0) as {{ metric }}_start,
        {% endfor -%}
        persons.name,
        persons.is_segmentable
    from observed
    inner join person_summaries
        on
            observed.observed_date >= person_summaries.first_activity_date
            or person_summaries.has_undated_messages
    inner join persons
        on person_summaries.person_id = persons.person_id
    left join messages_before_window_starts
        on
            persons.person_id = messages_before_window_starts.person_id
            and observed.observed_at = messages_before_window_starts.observed_at
    where
        not observed.is_as_of
        and persons.is_segmentable
        -- counts only grow: a person at or under the cut with every message is under it at every instant
        and person_summaries.messages_sent_ever > {{ message_cut }}

),

timeline as (

    -- the markers first: their columns give the union its types
    select
        person_id,
        {{ day_key.format('observed_date') }} + case when is_as_of then 4 else 0 end as timeline_key,
        {% for measure in measures -%}
            null as {{ measure }},
        {% endfor -%}
        {{ marker_columns | join(', ') }}
    from markers

    union all

    select
        person_days.person_id,
        {{ day_key.format('person_days.activity_date') }}
        + case when person_days.is_day_start then 0 else 3 end as timeline_key,
        person_days.{{ measures | join(', person_days.') }},
        {{ no_marker }}
    from person_days
    cross join first_day
    where
        person_days.activity_date >= first_day.first_date
        -- as_of's own day is read up to as_of below
        and person_days.activity_date < {{ as_of_date }}

    union all

    -- as_of's own day up to as_of: its start (before a period end then) at 4d, the rest at 4d + 1
    select
        person_id,
        {{ day_key.format(as_of_date) }} + case when {{ is_sent_at_day_start() }} then 0 else 1 end as timeline_key,
        {{ activity_measure_columns() }},
        {{ no_marker }}
    from messages
    where cast(sent_at_local as date) = {{ as_of_date }} and sent_at <= {{ as_of }}
    group by person_id, {{ is_sent_at_day_start() }}

),

running as (

    select
        {% for measure in measures if measure not in same_on_timeline -%}
            {{ activity_measure_rollup(measure) }}({{ measure }}) over (
                {{ timeline_order }} range between unbounded preceding and current row
            ) as {{ measure }},
        {% endfor -%}
        {% for metric, days in windows.items() -%}
            sum(messages_sent) over (
                {{ timeline_order }} range between {{ 4 * days }} preceding and current row
            ) as {{ metric }}_in_window,
        {% endfor -%}
        person_id,
        timeline_key,
        {{ marker_columns | join(', ') }}
    from timeline

),

totals as (

    -- the markers' running sums with the opening balance added
    select
        {% for measure in measures -%}
            {{ activity_measure_combined(
                measure, 'running.' ~ same_on_timeline.get(measure, measure), 'person_summaries.' ~ measure
            ) }} as {{ measure }},
        {% endfor -%}
        {% for metric in windows -%}
            running.{{ metric }}_in_window,
        {% endfor -%}
        running.person_id,
        running.{{ marker_columns | join(', running.') }}
    from running
    left join person_summaries
        on running.person_id = person_summaries.person_id
    where running.observed_at is not null

),

metrics as (

    select
        -- ids
        totals.person_id,
        totals.name,
        -- the instant
        totals.observed_at,
        totals.is_as_of,
        totals.is_period_end,
        totals.period_start_date,
        totals.period_last_date,
        totals.is_segmentable,
        -- engagement
        cast(coalesce(totals.messages_sent, 0) as bigint) as total_messages_sent,
        {% for metric in windows -%}
            cast(coalesce(totals.{{ metric }}_in_window, 0) + totals.{{ metric }}_start as bigint) as {{ metric }},
        {% endfor -%}
        cast({{ to_local_timestamp('totals.last_message_at') }} as date) as last_message_date,
        {{ dbt.datediff(
            'cast(' ~ to_local_timestamp('totals.last_message_at') ~ ' as date)', 'totals.observed_date', 'day'
        ) }} as days_since_last_message,
        -- feature usage
        cast(coalesce(totals.messages_1on1, 0) as bigint) as messages_1on1,
        cast(coalesce(totals.messages_group, 0) as bigint) as messages_group,
        -- value signals
        cast(coalesce(totals.reactions, 0) as bigint) as total_reactions,
        cast(totals.reactions as {{ type_double() }}) / nullif(totals.messages_sent, 0) as reaction_rate,
        -- time patterns: the specification's mean of whole hours over the dated messages, and the mean
        -- direction on the clock face (each message a unit vector, 15 degrees an hour), in hours [0, 24);
        -- none when the messages are evenly spread
        cast({{ decimal_round(
            'cast(totals.hour_sum as ' ~ dbt.type_numeric() ~ ') / nullif(totals.dated_messages_sent, 0)', 0
        ) }} as integer) as avg_hour_of_day,
        case
            when abs(totals.hour_sine_sum) + abs(totals.hour_cosine_sum) > 1e-9
                then mod(
                    {{ decimal_round(
                        'degrees(atan2(totals.hour_sine_sum, totals.hour_cosine_sum)) / 15 + 24', 2
                    ) }},
                    24
                )
        end as circular_mean_hour,
        totals.first_message_at,
        totals.last_message_at
    from totals

),

final as (

    select
        *,
        {{ run_started_at_instant() }} as built_at
    from metrics
    -- a period end only for the users segmented then (int_users_segmented_over_time)
    where is_as_of or ({{ is_segmented() }})

)

select * from final
{%- endmacro %}
