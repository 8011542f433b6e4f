with

source as (

    select * from {{ source('raw', 'conversation') }}

),

renamed as (

    select
        cast(id as bigint) as conversation_id,
        -- kept as written: the specification compares it to 'ONE_ON_ONE' and 'GROUP' exactly
        cast(type as text) as conversation_type
    from source
    where id is not null

),

deduplicated as (

    select
        *,
        row_number() over (partition by conversation_id order by conversation_type) as row_rank
    from renamed

)

select
    conversation_id,
    conversation_type
from deduplicated
where row_rank = 1
