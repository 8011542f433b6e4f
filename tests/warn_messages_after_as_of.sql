-- Messages dated after as_of are ignored: they had not been sent yet at that instant. When as_of is the
-- time of the run (the var left empty), such messages are future-dated, a clock or load problem worth a
-- warning; when as_of is pinned to a past instant, later messages are expected and the test is off.
{{ config(severity='warn', enabled=(project_var('segmentation__as_of') | string | trim == '')) }}

select
    message_id,
    sent_at
from {{ ref('stg_raw__messages') }}
where sent_at > {{ segmentation_as_of() }}
