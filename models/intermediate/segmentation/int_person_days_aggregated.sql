{#- Incremental: a run deletes the days from the first day to rebuild (recompute_from_date) and the undated
    row, then aggregates those days again from the messages.
    On Spark, whose parquet tables take no deletes, a table rebuilt in full. -#}
{{ config(
    materialized='table' if target.type == 'spark' else 'incremental',
    incremental_strategy='append',
    pre_hook="{{ delete_days_to_rebuild() }}",
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
            and (sent_at >= {{ local_day_start(first_day) }} or sent_at is null)
        {%- endif %}

),

final as (

    select
        -- grain: one row per person and local calendar day with messages; activity_date is null for the
        -- person's undated messages, which count in every total and in no window
        person_id,
        cast(sent_at_local as date) as activity_date,
        {{ activity_measure_columns() }}
    from messages
    group by person_id, cast(sent_at_local as date)

)

select * from final
