with

source as (

    select * from {{ raw_table('person_contacts') }}

),

renamed as (

    select
        cast(id as bigint) as person_contact_id,
        cast(person_id as bigint) as person_id
    from source
    where id is not null

),

deduplicated as (

    -- of rows sharing an id, the first (the source's unique test warns about them)
    {{ first_row_per_key('renamed', 'person_contact_id', ['person_id']) }}

)

select
    person_contact_id,
    person_id
from deduplicated
