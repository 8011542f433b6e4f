{%- set message_cut = segmentation_thresholds()['message_cut'] -%}

with

persons as (

    select * from {{ ref('int_persons_screened') }}

),

as_of_activity as (

    select observed.* from {{ aliased(ref('int_persons_activity_aggregated'), 'observed') }}
    where {{ is_in_as_of_slice('observed') }}

),

activity as (

    select
        persons.*,
        as_of_activity.total_messages_sent
    from persons
    left join as_of_activity
        on persons.person_id = as_of_activity.person_id

),

users as (

    select * from {{ ref('int_users_segmented') }}

),

statuses as (

    -- the first reason that applies, in this order
    select
        activity.*,
        users.persona,
        case
            when users.person_id is not null then 'segmented'
            when activity.is_name_missing then 'excluded_name_missing'
            when activity.matched_staff_pattern is not null then 'excluded_staff'
            when activity.is_excluded_by_id then 'excluded_by_id'
            when activity.contact_count = 0 then 'excluded_no_contact'
            else 'excluded_too_few_messages'
        end as status
    from activity
    left join users
        on activity.person_id = users.person_id

),

final as (

    select
        person_id,
        name,
        contact_count,
        total_messages_sent,
        persona,
        status,
        case status
            when 'segmented' then 'segmented as ' || persona
            when 'excluded_name_missing' then 'the name is null; the specification drops such persons'
            when 'excluded_staff' then 'staff: the name matches ' || matched_staff_pattern
            when 'excluded_by_id' then 'listed in excluded_persons: ' || coalesce(excluded_reason, '')
            when 'excluded_no_contact'
                then
                    'no contact of their own in person_contacts (a contact id listed under several persons '
                    || 'belongs to the lowest person id), so no message can be theirs'
            else
                cast(total_messages_sent as {{ dbt.type_string() }})
                || ' messages up to as_of; more than {{ message_cut }} are needed'
        end as reason
    from statuses

)

select * from final
