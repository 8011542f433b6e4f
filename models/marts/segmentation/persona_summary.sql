with

users as (

    select
        *,
        cast(messages_1on1 as {{ type_double() }}) / nullif(total_messages_sent, 0) as share_1on1
    from {{ ref('int_users_segmented') }}

),

final as (

    -- the specification's Query 3, aggregate by aggregate
    select
        persona,
        count(*) as user_count,
        {{ decimal_round('avg(total_messages_sent)', 0) }} as avg_total_messages,
        {{ decimal_round('avg(total_reactions)', 0) }} as avg_reactions,
        {{ decimal_round('avg(messages_last_7d)', 0) }} as avg_weekly_messages,
        {{ decimal_round('100.0 * avg(share_1on1)', 1) }} as pct_1on1,
        {{ decimal_round('avg(avg_hour_of_day)', 0) }} as avg_active_hour,
        -- heaviest senders first; the id breaks ties so the list is the same on every run
        {{ ordered_listagg(
            measure='case when total_messages_sent > ' ~ segmentation_thresholds()['top_user_messages'] ~ ' then name end',
            delimiter_text="', '",
            order_by='order by total_messages_sent desc, person_id asc',
        ) }} as top_users,
        count(*) < {{ checked_number(
            'var segmentation__min_persona_users', project_var('segmentation__min_persona_users'),
            'a whole number of users, 0 or more', 0, whole=true
        ) }} as is_small_sample
    from users
    group by persona

)

select * from final
