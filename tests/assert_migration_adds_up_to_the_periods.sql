-- segment_migration accounts for every user once per pair of consecutive periods and dimension: the moves out
-- of the earlier period (all but the entered ones) add up to its segmented users in user_persona_history, and
-- the moves into the later period (all but the left ones) to the later period's.
{%- set labels = history_migration_labels() %}
with

migration as (

    select * from {{ ref('segment_migration') }}

),

periods as (

    select * from {{ ref('int_history_periods') }}
    where previous_period_end_at is not null

),

period_users as (

    select
        period_end_at,
        count(*) as users
    from {{ ref('user_persona_history') }}
    group by period_end_at

),

dimensions as (

    {% for dimension in segmentation_dimensions() -%}
        {{ 'union all' if not loop.first }}
        select {{ sql_string(dimension.name) }} as dimension
    {% endfor %}

),

sides as (

    select
        dimension,
        to_period_end_at,
        sum(case
            when from_segment != {{ sql_string(labels.entered) }} then users
        end) as users_from,
        sum(case
            when to_segment != {{ sql_string(labels.left) }} then users
        end) as users_to
    from migration
    group by dimension, to_period_end_at

),

compared as (

    select
        dimensions.dimension,
        periods.previous_period_end_at as from_period_end_at,
        periods.period_end_at as to_period_end_at,
        coalesce(sides.users_from, 0) as migration_users_from,
        coalesce(from_users.users, 0) as history_users_from,
        coalesce(sides.users_to, 0) as migration_users_to,
        coalesce(to_users.users, 0) as history_users_to
    from periods
    cross join dimensions
    left join sides
        on
            periods.period_end_at = sides.to_period_end_at
            and dimensions.dimension = sides.dimension
    left join period_users as from_users
        on periods.previous_period_end_at = from_users.period_end_at
    left join period_users as to_users
        on periods.period_end_at = to_users.period_end_at

)

select *
from compared
where
    migration_users_from != history_users_from
    or migration_users_to != history_users_to
