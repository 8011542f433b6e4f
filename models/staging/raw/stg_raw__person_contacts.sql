with

source as (

    select * from {{ source('raw', 'person_contacts') }}

),

renamed as (

    select
        cast(id as bigint) as person_contact_id,
        cast(person_id as bigint) as person_id
    from source
    where id is not null

),

deduplicated as (

    select
        *,
        row_number() over (partition by person_contact_id order by person_id) as row_rank
    from renamed

)

select
    person_contact_id,
    person_id
from deduplicated
where row_rank = 1
