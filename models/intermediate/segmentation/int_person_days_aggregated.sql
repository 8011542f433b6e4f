{#- Incremental: a run deletes the days to rebuild (recompute_from_date) and the undated row, then
    aggregates those days again from the messages. Unlogged on PostgreSQL, as int_messages_joined_to_senders.
    On Spark, whose parquet tables take no deletes, a table rebuilt in full. -#}
{{ config(
    materialized='table' if target.type == 'spark' else 'incremental',
    incremental_strategy='append',
    unlogged=true,
    pre_hook=['{{ set_work_mem() }}', "{{ delete_rows_to_rebuild('activity_date', is_date=true) }}"],
    post_hook='{{ refresh_statistics() }}',
    indexes=[{'columns': ['activity_date']}],
) }}
{%- set first_day = recompute_from_date('activity_date', is_date=true) -%}

with

messages as (

    select * from {{ ref('int_messages_joined_to_senders') }}
    -- the specification's inner join: only messages of a known contact reach a person
    where
        person_id is not null
        {%- if first_day is not none %}
            and {{ is_rebuilt('sent_at', first_day) }}
        {%- endif %}

),

final as (

    select
        -- grain: one row per person, local calendar day with messages and is_day_start (the messages sent at
        -- the midnight that starts the day, kept apart for the periods that end then); activity_date and
        -- is_day_start are null for the person's undated messages, which count in every total and in no window
        person_id,
        cast(sent_at_local as date) as activity_date,
        {{ is_sent_at_day_start() }} as is_day_start,
        {{ activity_measure_columns() }}
    from messages
    group by person_id, cast(sent_at_local as date), {{ is_sent_at_day_start() }}

)

select * from final
