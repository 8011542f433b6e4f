{#- Incremental: a run computes again the periods whose users changed (is_history_period_rebuilt) and adds the
    new ones; a table rebuilt whole on Spark. -#}
{{ config(
    materialized='table' if target.type == 'spark' else 'incremental',
    incremental_strategy='replace_rebuilt_periods',
    period_column='to_period_end_at',
) }}
{%- set dimensions = segmentation_dimensions() -%}

with

periods as (

    -- every period but the first of the history, with the one before it
    select * from {{ ref('int_history_periods') }}
    where previous_period_end_at is not null and {{ is_history_period_rebuilt() }}

),

history as (

    -- the periods computed and those before them
    select
        *,
        observed_at as period_end_at
    from {{ ref('int_users_segmented_over_time') }}
    where
        is_period_end
        and {{ is_history_period_rebuilt('observed_at', with_the_one_before=true) }}

),

current_labels as (

    select
        {% for dimension in dimensions -%}
            history.{{ dimension.column }},
        {% endfor -%}
        periods.period_end_at,
        periods.previous_period_end_at,
        periods.period_start_date,
        periods.period_last_date,
        history.person_id
    from periods
    inner join history
        on periods.period_end_at = history.period_end_at

),

previous_labels as (

    select
        {% for dimension in dimensions -%}
            history.{{ dimension.column }},
        {% endfor -%}
        periods.period_end_at,
        periods.previous_period_end_at,
        periods.period_start_date,
        periods.period_last_date,
        history.person_id
    from periods
    inner join history
        on periods.previous_period_end_at = history.period_end_at

),

transitions as (

    -- one row per user segmented in either period: a user only in the later one entered (passed the message
    -- cut), a user only in the earlier one left
    select
        {% for dimension in dimensions -%}
            coalesce(
                previous_labels.{{ dimension.column }},
                {{ sql_string(project_var('segmentation__history_entered_label')) }}
            ) as from_{{ dimension.column }},
            coalesce(
                current_labels.{{ dimension.column }},
                {{ sql_string(project_var('segmentation__history_left_label')) }}
            ) as to_{{ dimension.column }},
        {% endfor -%}
        coalesce(current_labels.period_end_at, previous_labels.period_end_at) as to_period_end_at,
        coalesce(current_labels.previous_period_end_at, previous_labels.previous_period_end_at)
            as from_period_end_at,
        coalesce(current_labels.period_start_date, previous_labels.period_start_date) as period_start_date,
        coalesce(current_labels.period_last_date, previous_labels.period_last_date) as period_last_date
    from current_labels
    full outer join previous_labels
        on
            current_labels.period_end_at = previous_labels.period_end_at
            and current_labels.person_id = previous_labels.person_id

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
            count(*) as users
        from transitions
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
        round(
            100.0 * users / sum(users) over (partition by dimension, to_period_end_at, from_segment), 1
        ) as pct_of_from_segment,
        {{ run_started_at_instant() }} as built_at
    from counted

)

select * from final
