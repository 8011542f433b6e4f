{%- set as_of = segmentation_as_of() -%}

with

persons as (

    select * from {{ ref('stg_raw__persons') }}

),

messages as (

    select * from {{ ref('int_messages_joined_to_senders') }}
    -- as of the instant: later messages do not exist yet (an undated message is kept, as the specification keeps it)
    where sent_at <= {{ as_of }} or sent_at is null

),

windows as (

    select
        {{ as_of }} as as_of,
        {{ local_days_before(as_of, 7) }} as last_7d_start,
        {{ local_days_before(as_of, 30) }} as last_30d_start

),

per_person as (

    select
        messages.person_id,
        -- engagement
        count(*) as total_messages_sent,
        count(case when messages.sent_at >= windows.last_30d_start then 1 end) as messages_last_30d,
        count(case when messages.sent_at >= windows.last_7d_start then 1 end) as messages_last_7d,
        -- feature usage
        count(case when messages.conversation_type = 'ONE_ON_ONE' then 1 end) as messages_1on1,
        count(case when messages.conversation_type = 'GROUP' then 1 end) as messages_group,
        -- value signals
        count(case when messages.is_reaction then 1 end) as total_reactions,
        -- time patterns
        avg(extract(hour from {{ to_local_timestamp('messages.sent_at') }})) as mean_hour_of_day,
        min(messages.sent_at) as first_message_at,
        max(messages.sent_at) as last_message_at
    from messages
    cross join windows
    group by messages.person_id

),

final as (

    select
        -- ids
        persons.person_id,
        persons.name,
        -- eligibility, as the specification's WHERE: staff by name, and a null name is never kept
        coalesce(
            {{ matches_any_pattern('persons.name', var('segmentation__staff_name_patterns')) }}, false
        ) as is_staff,
        persons.name is null as is_name_missing,
        -- engagement
        coalesce(per_person.total_messages_sent, 0) as total_messages_sent,
        coalesce(per_person.messages_last_30d, 0) as messages_last_30d,
        coalesce(per_person.messages_last_7d, 0) as messages_last_7d,
        cast({{ to_local_timestamp('per_person.last_message_at') }} as date) as last_message_date,
        {{ dbt.datediff(
            'cast(' ~ to_local_timestamp('per_person.last_message_at') ~ ' as date)',
            'cast(' ~ to_local_timestamp('windows.as_of') ~ ' as date)',
            'day'
        ) }} as days_since_last_message,
        -- feature usage
        coalesce(per_person.messages_1on1, 0) as messages_1on1,
        coalesce(per_person.messages_group, 0) as messages_group,
        -- value signals
        coalesce(per_person.total_reactions, 0) as total_reactions,
        cast(per_person.total_reactions as {{ dbt.type_float() }})
        / nullif(per_person.total_messages_sent, 0) as reaction_rate,
        -- time patterns
        cast(per_person.mean_hour_of_day as integer) as avg_hour_of_day,
        per_person.first_message_at,
        per_person.last_message_at,
        windows.as_of
    from persons
    cross join windows
    left join per_person
        on persons.person_id = per_person.person_id

)

select * from final
