-- segment_distribution_history counts every user of user_persona_history once per period and dimension, and
-- its percentages add up to 100 within rounding (0.05 per label) wherever the period has users.
with

distribution as (

    select
        metric,
        period_end_at,
        sum(user_count) as user_count,
        max(period_users) as period_users,
        min(period_users) as min_period_users,
        sum(percentage) as percentage,
        count(*) as labels
    from {{ ref('segment_distribution_history') }}
    group by metric, period_end_at

),

history as (

    select
        period_end_at,
        count(*) as users
    from {{ ref('user_persona_history') }}
    group by period_end_at

)

select
    distribution.*,
    coalesce(history.users, 0) as history_users
from distribution
left join history
    on distribution.period_end_at = history.period_end_at
where
    distribution.user_count != coalesce(history.users, 0)
    or distribution.period_users != distribution.min_period_users
    or distribution.period_users != distribution.user_count
    or (distribution.user_count > 0 and abs(distribution.percentage - 100) > 0.05 * distribution.labels)
