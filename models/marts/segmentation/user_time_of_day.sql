with

users as (

    select * from {{ ref('int_users_segmented') }}

),

final as (

    select
        person_id,
        name,
        total_messages_sent,
        avg_hour_of_day,
        -- two decimals already (the timeline rounds it): the type the contract declares
        cast(circular_mean_hour as {{ type_decimal(2) }}) as circular_mean_hour,
        time_of_day_preference
    from users

)

select * from final
