-- Each dimension's counts add up to the segmented users, and its percentages to 100
-- within rounding (each share is rounded to 0.1, so the sum may be off by 0.05 per label).
with

distribution as (

    select * from {{ ref('segment_distribution') }}

),

users as (

    select count(*) as user_count from {{ ref('user_segments') }}

),

per_metric as (

    select
        metric,
        sum(user_count) as user_count,
        sum(percentage) as percentage,
        count(*) as labels
    from distribution
    group by metric

)

select
    per_metric.*,
    users.user_count as segmented_users
from per_metric
cross join users
where
    per_metric.user_count != users.user_count
    or abs(per_metric.percentage - 100) > 0.05 * per_metric.labels
