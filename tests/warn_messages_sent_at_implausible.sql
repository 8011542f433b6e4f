-- Messages whose timestamp lies outside var segmentation__plausible_sent_at: a broken clock (-infinity, 0001-01-01,
-- infinity ...). Staging takes the early ones as undated (in the totals, in no window or period) and leaves the late
-- ones out, as messages after as_of; this test
-- warns with their number, and lists their ids (dbt test --store-failures keeps them in a table).
{{ config(severity='warn') }}
{%- set plausible = plausible_sent_at() -%}
{%- set provided_at = 'cast(provider_timestamp as ' ~ type_instant() ~ ')' -%}

select
    id as message_id,
    provider_timestamp
from {{ source('raw', 'message') }}
where {{ provided_at }} < {{ plausible.earliest }} or {{ provided_at }} >= {{ plausible.latest }}
