-- lifecycle_growth adds up: each period's active users are its new, returning and resurrected users; the
-- period before's are its returning and churned users; so active(t) = active(t-1) + new + resurrected - churned,
-- with active(t-1) read from the row before (or previous_active_users for the history's first period).
with

growth as (

    select
        period_end_at,
        active_users,
        new_users,
        returning_users,
        resurrected_users,
        churned_users,
        previous_active_users,
        lag(active_users) over (order by period_end_at) as active_users_row_before
    from {{ ref('lifecycle_growth') }}

)

select
    period_end_at,
    active_users,
    coalesce(active_users_row_before, previous_active_users) as active_users_before,
    new_users,
    returning_users,
    resurrected_users,
    churned_users,
    previous_active_users
from growth
where
    active_users != new_users + returning_users + resurrected_users
    or previous_active_users != returning_users + churned_users
    or active_users != coalesce(active_users_row_before, previous_active_users) + new_users + resurrected_users
    - churned_users
