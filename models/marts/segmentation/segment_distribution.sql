{#- the dimensions of the specification's Query 2: every one but the persona -#}
{%- set dimensions = segmentation_dimensions() | rejectattr('var', 'equalto', 'segmentation__personas') | list -%}

with

users as (

    select * from {{ ref('int_users_segmented') }}

),

counted as (

    {% for dimension in dimensions -%}
        {{ 'union all' if not loop.first }}
        select
            {{ sql_string(dimension.name) }} as metric,
            {{ dimension.column }} as segment,
            count(*) as user_count
        from users
        group by {{ dimension.column }}
    {% endfor %}

),

final as (

    select
        metric,
        segment,
        user_count,
        {{ decimal_round('100.0 * user_count / sum(user_count) over (partition by metric)', 1) }} as percentage
    from counted

)

select * from final
