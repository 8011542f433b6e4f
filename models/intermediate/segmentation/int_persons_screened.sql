{#- Who may be segmented, whatever the instant: the specification's WHERE (staff by name; a null name is never
    kept) and the seed of excluded ids. The message cut, which moves with time, is applied at each instant
    (is_segmented, by int_users_segmented_over_time). Indexed by person: int_history_periods looks persons up one
    by one. -#}
{{ config(
    pre_hook="{{ create_seed_if_absent('excluded_persons') }}",
    indexes=postgres_indexes([{'columns': ['person_id']}]),
) }}

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

contacts_per_person as (

    select
        person_id,
        count(*) as contact_count
    from person_contacts
    group by person_id

),

screened as (

    select
        -- ids
        persons.person_id,
        persons.name,
        -- eligibility
        persons.name is null as is_name_missing,
        {{ first_matching_pattern('persons.name', segmentation_patterns('segmentation__staff_name_patterns')) }}
            as matched_staff_pattern,
        excluded_persons.reason as excluded_reason,
        excluded_persons.person_id is not null as is_excluded_by_id,
        coalesce(contacts_per_person.contact_count, 0) as contact_count
    from persons
    left join contacts_per_person
        on persons.person_id = contacts_per_person.person_id
    left join excluded_persons
        on persons.person_id = excluded_persons.person_id

),

final as (

    select
        *,
        -- the one definition of who may be segmented once past the message cut
        not is_name_missing and matched_staff_pattern is null and not is_excluded_by_id as is_segmentable
    from screened

)

select * from final
