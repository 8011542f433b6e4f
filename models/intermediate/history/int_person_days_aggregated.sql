{%- set as_of = segmentation_as_of() -%}

with

messages as (

    select
        *,
        {{ to_local_timestamp('sent_at') }} as sent_at_local
    from {{ ref('int_messages_joined_to_senders') }}
    -- as of the instant, as int_persons_activity_aggregated: later messages do not exist yet
    where sent_at <= {{ as_of }} or sent_at is null

),

located as (

    select
        *,
        cast(sent_at_local as date) as activity_date,
        -- sent exactly at the local midnight that starts its day: a period ending at that midnight counts it
        -- (as_of is an inclusive bound) although the rest of the day belongs to the next period
        coalesce(sent_at_local = cast(cast(sent_at_local as date) as {{ dbt.type_timestamp() }}), false)
            as is_at_midnight
    from messages

),

final as (

    select
        -- grain: one row per person and local calendar day with messages; activity_date is null for the
        -- person's undated messages, which count in every period's totals and in no window
        person_id,
        activity_date,
        -- every message of the day
        count(*) as messages_sent,
        count(case when conversation_type = 'ONE_ON_ONE' then 1 end) as messages_1on1,
        count(case when conversation_type = 'GROUP' then 1 end) as messages_group,
        count(case when is_reaction then 1 end) as reactions,
        sum(extract(hour from sent_at_local)) as hour_sum,
        -- those sent exactly at the day's first instant (their hour is 0, so hour_sum needs no twin)
        count(case when is_at_midnight then 1 end) as midnight_messages_sent,
        count(case when is_at_midnight and conversation_type = 'ONE_ON_ONE' then 1 end) as midnight_messages_1on1,
        count(case when is_at_midnight and conversation_type = 'GROUP' then 1 end) as midnight_messages_group,
        count(case when is_at_midnight and is_reaction then 1 end) as midnight_reactions
    from located
    group by person_id, activity_date

)

select * from final
