with

source as (

    select * from {{ raw_table('persons') }}

),

renamed as (

    select
        cast(id as bigint) as person_id,
        {{ text_as_written('name') }} as name
    from source
    where id is not null

),

deduplicated as (

    -- of rows sharing an id, the first (the source's unique test warns about them)
    {{ first_row_per_key('renamed', 'person_id', ['name']) }}

)

select
    person_id,
    name
from deduplicated
