-- persona_summary accounts for every segmented user exactly once.
with

summary as (

    select coalesce(sum(user_count), 0) as user_count from {{ ref('persona_summary') }}

),

users as (

    select count(*) as user_count from {{ ref('user_segments') }}

)

select
    summary.user_count as summarised_users,
    users.user_count as segmented_users
from summary
cross join users
where summary.user_count != users.user_count
