{#- Incremental: a run computes again the periods whose users' rows user_persona_history wrote since this table's
    last build (is_history_period_rebuilt) and adds the new ones; a table rebuilt whole on Spark. -#}
{{ config(
    materialized='table' if target.type == 'spark' else 'incremental',
    incremental_strategy='replace_rebuilt_periods',
    period_column='to_period_end_at',
    rebuilt_from='user_persona_history',
    pre_hook=['{{ set_work_mem() }}'],
) }}
{%- set dimensions = segmentation_dimensions() -%}

with

periods as (

    -- every period but the first of the history, with the one before it
    select * from {{ ref('int_history_periods') }}
    where previous_period_end_at is not null and {{ is_history_period_rebuilt() }}

),

history as (

    -- the users' labels at the periods computed and those before them
    select * from {{ ref('user_persona_history') }}
    where {{ is_history_period_rebuilt(with_the_one_before=true) }}

),

sequenced as (

    -- each user's rows in period order: the row before and the one after
    select
        history.person_id,
        history.period_end_at,
        {% for dimension in dimensions -%}
            history.{{ dimension.column }},
            lag(history.{{ dimension.column }}) over by_user as previous_{{ dimension.column }},
        {% endfor -%}
        lag(history.period_end_at) over by_user as previous_row_period_end_at,
        lead(history.period_end_at) over by_user as next_row_period_end_at
    from history
    window by_user as (partition by history.person_id order by history.period_end_at)

),

transitions as (

    -- one row per user segmented in either period of a pair: a user segmented in the later one comes from their
    -- label in the earlier one, or entered (passed the message cut) ...
    select
        {% for dimension in dimensions -%}
            case
                when sequenced.previous_row_period_end_at = periods.previous_period_end_at
                    then sequenced.previous_{{ dimension.column }}
                else {{ sql_string(project_var('segmentation__history_entered_label')) }}
            end as from_{{ dimension.column }},
            sequenced.{{ dimension.column }} as to_{{ dimension.column }},
        {% endfor -%}
        periods.period_end_at as to_period_end_at,
        periods.previous_period_end_at as from_period_end_at,
        periods.period_start_date,
        periods.period_last_date
    from periods
    inner join sequenced
        on periods.period_end_at = sequenced.period_end_at

    union all

    -- ... and a user segmented in the earlier one only left
    select
        {% for dimension in dimensions -%}
            sequenced.{{ dimension.column }} as from_{{ dimension.column }},
            {{ sql_string(project_var('segmentation__history_left_label')) }} as to_{{ dimension.column }},
        {% endfor -%}
        periods.period_end_at as to_period_end_at,
        periods.previous_period_end_at as from_period_end_at,
        periods.period_start_date,
        periods.period_last_date
    from periods
    inner join sequenced
        on periods.previous_period_end_at = sequenced.period_end_at
    where sequenced.next_row_period_end_at is distinct from periods.period_end_at

),

combinations as (

    -- the users of each combination of labels before and after, which the counts below add up
    select
        from_period_end_at,
        to_period_end_at,
        period_start_date,
        period_last_date,
        {% for dimension in dimensions -%}
            from_{{ dimension.column }},
            to_{{ dimension.column }},
        {% endfor -%}
        count(*) as users
    from transitions
    group by
        from_period_end_at,
        to_period_end_at,
        period_start_date,
        period_last_date
        {%- for dimension in dimensions -%}
            , from_{{ dimension.column }}, to_{{ dimension.column }}
        {%- endfor %}

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
        round(
            100.0 * users / sum(users) over (partition by dimension, to_period_end_at, from_segment), 1
        ) as pct_of_from_segment,
        {{ run_started_at_instant() }} as built_at
    from counted

)

select * from final
