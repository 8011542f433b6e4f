{#- How fragile the persona rules are: for every threshold they read, the users whose persona would change if
    that threshold moved one step down or up (threshold_steps), from which persona to which. The shifted persona
    is the same parsed rules rendered with the moved threshold, on the users segmented at as_of. -#}
{%- set steps = threshold_steps('segmentation__personas') -%}
{#- kept between the steps: each parses again only the rules that read its threshold -#}
{%- set parsed_conditions = {} -%}

with

users as (

    select * from {{ ref('int_users_segmented') }}

),

steps as (

    {% for step in steps -%}
        {{ 'union all' if not loop.first }}
        select
            {{ sql_string(step.threshold) }} as threshold,
            {{ sql_string(step.kind) }} as threshold_kind,
            {{ sql_string(step.step) }} as step,
            cast({{ step.value }} as {{ type_double() }}) as threshold_value,
            cast({{ step.shifted }} as {{ type_double() }}) as shifted_value
    {% else -%}
        -- rules that read no threshold: nothing to move
        select
            cast(null as {{ dbt.type_string() }}) as threshold,
            cast(null as {{ dbt.type_string() }}) as threshold_kind,
            cast(null as {{ dbt.type_string() }}) as step,
            cast(null as {{ type_double() }}) as threshold_value,
            cast(null as {{ type_double() }}) as shifted_value
        where 1 = 0
    {% endfor %}

),

shifted as (

    {% for step in steps -%}
        {{ 'union all' if not loop.first }}
        select
            {{ sql_string(step.threshold) }} as threshold,
            {{ sql_string(step.step) }} as step,
            persona as from_persona,
            {{ first_matching_label(
                segmentation_rules('segmentation__personas', step.thresholds, parsed_conditions)
            ) }} as to_persona
        from users
    {% else -%}
        select
            cast(null as {{ dbt.type_string() }}) as threshold,
            cast(null as {{ dbt.type_string() }}) as step,
            persona as from_persona,
            persona as to_persona
        from users
        where 1 = 0
    {% endfor %}

),

changes as (

    select
        threshold,
        step,
        from_persona,
        to_persona,
        count(*) as user_count
    from shifted
    where from_persona <> to_persona
    group by threshold, step, from_persona, to_persona

),

final as (

    -- a step that changes no one keeps one row, with no personas and 0 users
    select
        steps.threshold,
        steps.threshold_kind,
        steps.step,
        steps.threshold_value,
        steps.shifted_value,
        changes.from_persona,
        changes.to_persona,
        coalesce(changes.user_count, 0) as user_count,
        cast(coalesce(sum(changes.user_count) over (partition by steps.threshold, steps.step), 0) as bigint)
            as step_user_count
    from steps
    left join changes
        on
            steps.threshold = changes.threshold
            and steps.step = changes.step

)

select * from final
