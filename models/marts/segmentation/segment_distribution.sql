{#- metric name in the output -> label column of int_users_segmented, as in the specification's Query 2 -#}
{%- set dimensions = {
    'Engagement': 'engagement_level',
    'Reaction': 'reaction_behavior',
    'Conversation': 'conversation_preference',
} -%}

with

users as (

    select * from {{ ref('int_users_segmented') }}

),

counted as (

    {% for metric, column in dimensions.items() -%}
        {{ 'union all' if not loop.first }}
        select
            {{ sql_string(metric) }} as metric,
            {{ column }} as segment,
            count(*) as user_count
        from users
        group by {{ column }}
    {% endfor %}

),

final as (

    select
        metric,
        segment,
        user_count,
        round(100.0 * user_count / sum(user_count) over (partition by metric), 1) as percentage
    from counted

)

select * from final
