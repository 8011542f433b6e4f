{#- The metrics at as_of from the daily rollup, exact to the instant: whole days come from the rollup, and the
    messages of the days the instant cuts (as_of's own day, the first day of each window) are read one by one
    through the index on sent_at. -#}
{{ config(pre_hook=['{{ set_work_mem() }}', "{{ create_seed_if_absent('excluded_persons') }}"]) }}
{%- set as_of = segmentation_as_of() -%}
{%- set as_of_date = 'cast(' ~ to_local_timestamp(as_of) ~ ' as date)' -%}
{%- set windows = activity_windows() -%}
{%- set cut_dates = [] -%}
{%- for days in windows.values() -%}
    {%- do cut_dates.append(shift_date(as_of_date, 'day', -days)) -%}
{%- endfor -%}

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

person_days as (

    select * from {{ ref('int_person_days_aggregated') }}

),

messages as (

    select * from {{ ref('int_messages_joined_to_senders') }}

),

whole_days as (

    -- the days before as_of's own day that no window starts in, from the rollup, and the undated messages
    select
        person_id,
        {% for metric, days in windows.items() -%}
            activity_date > {{ shift_date(as_of_date, 'day', -days) }} as is_in_{{ metric }},
        {% endfor -%}
        {{ activity_measures().keys() | join(',\n        ') }}
    from person_days
    where
        (activity_date < {{ as_of_date }} and activity_date not in ({{ cut_dates | join(', ') }}))
        or activity_date is null

),

cut_day_messages as (

    -- the days the instant cuts: as_of's own day up to as_of, and the day each window starts in
    select
        {% for metric, days in windows.items() -%}
            sent_at >= {{ local_days_before(as_of, days) }} as is_in_{{ metric }},
        {% endfor -%}
        *
    from messages
    where
        person_id is not null
        and (
            sent_at >= {{ local_day_start(as_of_date) }} and sent_at <= {{ as_of }}
            {%- for cut_date in cut_dates %}
                or sent_at >= {{ local_day_start(cut_date) }}
                and sent_at < {{ local_day_start(shift_date(cut_date, 'day', 1)) }}
            {%- endfor %}
        )

),

cut_days as (

    select
        person_id,
        {% for metric in windows -%}
            is_in_{{ metric }},
        {% endfor -%}
        {{ activity_measure_columns() }}
    from cut_day_messages
    group by person_id{% for metric in windows %}, is_in_{{ metric }}{% endfor %}

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
        person_id,
        -- engagement
        cast(sum(messages_sent) as bigint) as total_messages_sent,
        {% for metric in windows -%}
            cast(sum(case when is_in_{{ metric }} then messages_sent else 0 end) as bigint) as {{ metric }},
        {% endfor -%}
        -- feature usage
        cast(sum(messages_1on1) as bigint) as messages_1on1,
        cast(sum(messages_group) as bigint) as messages_group,
        -- value signals
        cast(sum(reactions) as bigint) as total_reactions,
        -- time patterns: the specification's mean of whole hours over the dated messages, and the clock face:
        -- each dated message a unit vector at its time of day (15 degrees an hour)
        cast(sum(hour_sum) as {{ dbt.type_numeric() }}) / nullif(sum(dated_messages_sent), 0) as mean_hour_of_day,
        sum(hour_sine_sum) as hour_sine_sum,
        sum(hour_cosine_sum) as hour_cosine_sum,
        min(first_message_at) as first_message_at,
        max(last_message_at) as last_message_at
    from (
        select * from whole_days
        union all
        select * from cut_days
    ) as slices
    group by person_id

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
        cast(per_person.total_reactions as {{ type_double() }})
        / nullif(per_person.total_messages_sent, 0) as reaction_rate,
        -- time patterns: the specification's mean of whole hours, and the mean on the clock face
        cast({{ decimal_round('per_person.mean_hour_of_day', 0) }} as integer) as avg_hour_of_day,
        -- the mean direction on the clock face, in hours [0, 24); none when messages are evenly spread
        case
            when abs(per_person.hour_sine_sum) + abs(per_person.hour_cosine_sum) > 1e-9
                then mod(
                    {{ decimal_round(
                        'degrees(atan2(per_person.hour_sine_sum, per_person.hour_cosine_sum)) / 15 + 24', 2
                    ) }},
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
