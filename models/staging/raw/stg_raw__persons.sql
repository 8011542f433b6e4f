with

source as (

    select * from {{ source('raw', 'persons') }}

),

renamed as (

    select
        cast(id as bigint) as person_id,
        cast(name as text) as name
    from source
    where id is not null

),

deduplicated as (

    select
        *,
        row_number() over (partition by person_id order by name) as row_rank
    from renamed

)

select
    person_id,
    name
from deduplicated
where row_rank = 1
