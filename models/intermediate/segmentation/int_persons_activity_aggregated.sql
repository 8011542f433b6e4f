{%- set as_of = segmentation_as_of() -%}

with

persons as (

    select * from {{ ref('stg_raw__persons') }}

),

person_contacts as (

    select * from {{ ref('stg_raw__person_contacts') }}

),

excluded_persons as (

    select * from {{ ref('excluded_persons') }}

),

messages as (

    select
        *,
        -- the wall-clock time, converted once per message
        {{ to_local_timestamp('sent_at') }} as sent_at_local
    from {{ ref('int_messages_joined_to_senders') }}
    -- as of the instant: later messages do not exist yet (an undated message is kept, as the specification keeps it)
    where sent_at <= {{ as_of }} or sent_at is null

),

contacts_per_person as (

    select
        person_id,
        count(*) as contact_count
    from person_contacts
    group by person_id

),

per_person as (

    select
        messages.person_id,
        -- engagement
        count(*) as total_messages_sent,
        -- the window starts are constants, so the planner folds them and may aggregate in parallel
        count(case when messages.sent_at >= {{ local_days_before(as_of, 30) }} then 1 end) as messages_last_30d,
        count(case when messages.sent_at >= {{ local_days_before(as_of, 7) }} then 1 end) as messages_last_7d,
        -- feature usage
        count(case when messages.conversation_type = 'ONE_ON_ONE' then 1 end) as messages_1on1,
        count(case when messages.conversation_type = 'GROUP' then 1 end) as messages_group,
        -- value signals
        count(case when messages.is_reaction then 1 end) as total_reactions,
        -- time patterns
        avg(extract(hour from messages.sent_at_local)) as mean_hour_of_day,
        -- the clock face: each dated message a unit vector at its time of day (15 degrees an hour)
        sum(sin(radians(15 * {{ hours_since_midnight('messages.sent_at_local') }}))) as hour_sine_sum,
        sum(cos(radians(15 * {{ hours_since_midnight('messages.sent_at_local') }}))) as hour_cosine_sum,
        min(messages.sent_at) as first_message_at,
        max(messages.sent_at) as last_message_at
    from messages
    group by messages.person_id

),

joined as (

    select
        -- ids
        persons.person_id,
        persons.name,
        -- eligibility: the specification's WHERE (staff by name; a null name is never kept) and the seed of ids
        persons.name is null as is_name_missing,
        {{ first_matching_pattern('persons.name', segmentation_patterns('segmentation__staff_name_patterns')) }}
            as matched_staff_pattern,
        excluded_persons.reason as excluded_reason,
        excluded_persons.person_id is not null as is_excluded_by_id,
        coalesce(contacts_per_person.contact_count, 0) as contact_count,
        -- engagement
        coalesce(per_person.total_messages_sent, 0) as total_messages_sent,
        coalesce(per_person.messages_last_30d, 0) as messages_last_30d,
        coalesce(per_person.messages_last_7d, 0) as messages_last_7d,
        cast({{ to_local_timestamp('per_person.last_message_at') }} as date) as last_message_date,
        {{ dbt.datediff(
            'cast(' ~ to_local_timestamp('per_person.last_message_at') ~ ' as date)',
            'cast(' ~ to_local_timestamp(as_of) ~ ' as date)',
            'day'
        ) }} as days_since_last_message,
        -- feature usage
        coalesce(per_person.messages_1on1, 0) as messages_1on1,
        coalesce(per_person.messages_group, 0) as messages_group,
        -- value signals
        coalesce(per_person.total_reactions, 0) as total_reactions,
        cast(per_person.total_reactions as {{ dbt.type_float() }})
        / nullif(per_person.total_messages_sent, 0) as reaction_rate,
        -- time patterns: the specification's mean of whole hours, and the mean on the clock face
        cast(per_person.mean_hour_of_day as integer) as avg_hour_of_day,
        -- the mean direction on the clock face, in hours [0, 24); none when messages are evenly spread
        case
            when abs(per_person.hour_sine_sum) + abs(per_person.hour_cosine_sum) > 1e-9
                then mod(
                    round(
                        cast(degrees(atan2(per_person.hour_sine_sum, per_person.hour_cosine_sum)) / 15 + 24 as numeric),
                        2
                    ),
                    24
                )
        end as circular_mean_hour,
        per_person.first_message_at,
        per_person.last_message_at,
        {{ as_of }} as as_of
    from persons
    left join per_person
        on persons.person_id = per_person.person_id
    left join contacts_per_person
        on persons.person_id = contacts_per_person.person_id
    left join excluded_persons
        on persons.person_id = excluded_persons.person_id

),

final as (

    select
        *,
        -- who may be segmented once past the message cut: the one definition, read by the as-of and history models
        not is_name_missing and matched_staff_pattern is null and not is_excluded_by_id as is_segmentable
    from joined

)

select * from final
