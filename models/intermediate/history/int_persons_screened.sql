with

persons as (

    select * from {{ ref('int_persons_activity_aggregated') }}

),

final as (

    -- the eligibility that does not move with time (is_segmentable); the message cut, which does, is
    -- applied period by period where it matters
    select
        person_id,
        name
    from persons
    where is_segmentable

)

select * from final
