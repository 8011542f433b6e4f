{#- Incremental: a run computes again the periods that the timeline's runs changed since this table last read their
    logs, and adds the new ones (is_history_period_rebuilt); a table rebuilt whole on Spark.
    It reads the labels from int_users_segmented_over_time, as user_persona_history does, not from that mart, so
    that both start when the timeline is built and run side by side (docs/design-decisions.md). -#}
{{ config(
    materialized='table' if target.type == 'spark' else 'incremental',
    incremental_strategy='replace_rebuilt_periods',
    period_column='to_period_end_at',
    pre_hook=['{{ set_work_mem() }}'],
    post_hook=['{{ record_period_changes_read() }}'],
) }}
{%- set dimensions = segmentation_dimensions() -%}
{%- set labels = history_migration_labels() -%}

with

periods as (

    select
        *,
        lead(period_end_at) over (order by period_end_at) as next_period_end_at
    from {{ ref('int_history_periods') }}

),

computed_periods as (

    -- every period but the first of the history, with the one before it
    select * from periods
    where previous_period_end_at is not null and {{ is_history_period_rebuilt() }}

),

history as (

    -- the users' labels at the periods computed and those before them, with the period before and after each
    select
        {% for dimension in dimensions -%}
            users.{{ dimension.column }},
        {% endfor -%}
        users.person_id,
        users.observed_at as period_end_at,
        periods.previous_period_end_at,
        periods.next_period_end_at
    from {{ aliased(ref('int_users_segmented_over_time'), 'users') }}
    inner join periods
        on users.observed_at = periods.period_end_at
    where
        users.is_period_end
        and {{ is_history_period_rebuilt('users.observed_at', with_the_one_before=true) }}

),

sequenced as (

    -- each user's rows in period order: the row before and the one after
    select
        *,
        {% for dimension in dimensions -%}
            lag({{ dimension.column }}) over by_user as previous_{{ dimension.column }},
        {% endfor -%}
        lag(period_end_at) over by_user as previous_row_period_end_at,
        lead(period_end_at) over by_user as next_row_period_end_at
    from history
    window by_user as (partition by person_id order by period_end_at)

),

transitions as (

    -- one row per user segmented in either period of a pair: a user segmented in the later one comes from their
    -- label in the earlier one, or entered (passed the message cut) ...
    select
        {% for dimension in dimensions -%}
            case
                when previous_row_period_end_at = previous_period_end_at then previous_{{ dimension.column }}
                else {{ sql_string(labels.entered) }}
            end as from_{{ dimension.column }},
            {{ dimension.column }} as to_{{ dimension.column }},
        {% endfor -%}
        period_end_at as to_period_end_at
    from sequenced

    union all

    -- ... and a user segmented in the earlier one only left
    select
        {% for dimension in dimensions -%}
            {{ dimension.column }} as from_{{ dimension.column }},
            {{ sql_string(labels.left) }} as to_{{ dimension.column }},
        {% endfor -%}
        next_period_end_at as to_period_end_at
    from sequenced
    where next_row_period_end_at is distinct from next_period_end_at

),

transition_counts as (

    -- counted before the periods' dates are joined: joined first, the 1.4 million transitions of the benchmark
    -- were sorted by period for a merge join
    select
        to_period_end_at,
        {% for dimension in dimensions -%}
            from_{{ dimension.column }},
            to_{{ dimension.column }},
        {% endfor -%}
        count(*) as users
    from transitions
    group by
        to_period_end_at
        {%- for dimension in dimensions -%}
            , from_{{ dimension.column }}, to_{{ dimension.column }}
        {%- endfor %}

),

combinations as (

    -- the users of each combination of labels before and after, in the periods computed, which the counts below
    -- add up
    select
        computed_periods.previous_period_end_at as from_period_end_at,
        computed_periods.period_end_at as to_period_end_at,
        computed_periods.period_start_date,
        computed_periods.period_last_date,
        {% for dimension in dimensions -%}
            transition_counts.from_{{ dimension.column }},
            transition_counts.to_{{ dimension.column }},
        {% endfor -%}
        transition_counts.users
    from computed_periods
    inner join transition_counts
        on computed_periods.period_end_at = transition_counts.to_period_end_at

),

counted as (

    {% for dimension in dimensions -%}
        {{ 'union all' if not loop.first }}
        select
            {{ sql_string(dimension.name) }} as dimension,
            from_period_end_at,
            to_period_end_at,
            period_start_date,
            period_last_date,
            from_{{ dimension.column }} as from_segment,
            to_{{ dimension.column }} as to_segment,
            cast(sum(users) as bigint) as users
        from combinations
        group by
            from_period_end_at,
            to_period_end_at,
            period_start_date,
            period_last_date,
            from_{{ dimension.column }},
            to_{{ dimension.column }}
    {% endfor %}

),

final as (

    select
        dimension,
        from_period_end_at,
        to_period_end_at,
        period_start_date,
        period_last_date,
        from_segment,
        to_segment,
        users,
        -- share of the users of from_segment in the earlier period (of all who entered, for the entered row)
        {{ decimal_round(
            '100.0 * users / sum(users) over (partition by dimension, to_period_end_at, from_segment)', 1
        ) }} as pct_of_from_segment,
        {{ run_started_at_instant() }} as built_at
    from counted

)

select * from final
