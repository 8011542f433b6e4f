{#- Incremental: a run computes again the periods that the timeline's runs or user_persona_history's changed since
    this table last read their logs, and those of the history it lacks (is_history_period_rebuilt); a table rebuilt
    whole on Spark. -#}
{{ config(
    materialized='table' if target.type == 'spark' else 'incremental',
    incremental_strategy='replace_rebuilt_periods',
    rebuilt_from='user_persona_history',
    holds_every_period=true,
    pre_hook=['{{ set_work_mem() }}'],
    post_hook=['{{ record_period_changes_read() }}'],
) }}
{%- set dimensions = segmentation_dimensions() -%}

with

periods as (

    select * from {{ ref('int_history_periods') }}
    where {{ is_history_period_rebuilt() }}

),

history as (

    -- the users' labels at the periods computed
    select * from {{ ref('user_persona_history') }}
    where {{ is_history_period_rebuilt() }}

),

labels as (

    -- every label each dimension's rules can give, in priority order, so that a label nobody has counts 0
    {% for dimension in dimensions -%}
        {%- set outer = loop -%}
        {%- for label in dimension.labels -%}
            {{ 'union all' if not (outer.first and loop.first) }}
            select
                {{ sql_string(dimension.name) }} as metric,
                {{ sql_string(label) }} as segment,
                {{ loop.index }} as segment_rank
        {% endfor -%}
    {%- endfor %}

),

combinations as (

    -- one pass over the history: the users of each combination of labels, which the counts below add up
    select
        period_end_at,
        {% for dimension in dimensions -%}
            {{ dimension.column }},
        {% endfor -%}
        count(*) as users
    from history
    group by
        period_end_at
        {%- for dimension in dimensions -%}
            , {{ dimension.column }}
        {%- endfor %}

),

counted as (

    {% for dimension in dimensions -%}
        {{ 'union all' if not loop.first }}
        select
            {{ sql_string(dimension.name) }} as metric,
            period_end_at,
            {{ dimension.column }} as segment,
            cast(sum(users) as bigint) as user_count
        from combinations
        group by period_end_at, {{ dimension.column }}
    {% endfor %}

),

period_users as (

    select
        period_end_at,
        cast(sum(users) as bigint) as period_users
    from combinations
    group by period_end_at

),

final as (

    select
        labels.metric,
        periods.period_end_at,
        labels.segment,
        labels.segment_rank,
        coalesce(counted.user_count, 0) as user_count,
        coalesce(period_users.period_users, 0) as period_users,
        -- share of the period's segmented users, in percent; null when the period has none
        {{ decimal_round(
            '100.0 * coalesce(counted.user_count, 0) / nullif(period_users.period_users, 0)', 1
        ) }} as percentage,
        {{ run_started_at_instant() }} as built_at
    from periods
    cross join labels
    left join counted
        on
            periods.period_end_at = counted.period_end_at
            and labels.metric = counted.metric
            and labels.segment = counted.segment
    left join period_users
        on periods.period_end_at = period_users.period_end_at

)

select * from final
