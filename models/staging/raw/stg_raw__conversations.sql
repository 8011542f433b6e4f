with

source as (

    select * from {{ raw_table('conversation') }}

),

renamed as (

    select
        cast(id as bigint) as conversation_id,
        -- kept as written: the specification compares it to 'ONE_ON_ONE' and 'GROUP' exactly
        {{ text_as_written('type') }} as conversation_type
    from source
    where id is not null

),

deduplicated as (

    -- of rows sharing an id, the first (the source's unique test warns about them)
    {{ first_row_per_key('renamed', 'conversation_id', ['conversation_type']) }}

)

select
    conversation_id,
    conversation_type
from deduplicated
