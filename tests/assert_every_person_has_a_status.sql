-- Nobody is lost: person_segmentation_status has one row per distinct person id of the source,
-- and its segmented rows are exactly the users of user_segments.
with

source_persons as (

    select count(distinct id) as persons from {{ source('raw', 'persons') }}

),

statuses as (

    select
        count(*) as persons,
        count(case when status = 'segmented' then 1 end) as segmented
    from {{ ref('person_segmentation_status') }}

),

users as (

    select count(*) as segmented from {{ ref('user_segments') }}

)

select
    source_persons.persons as source_persons,
    statuses.persons as persons_with_status,
    statuses.segmented as segmented_by_status,
    users.segmented as segmented_users
from source_persons
cross join statuses
cross join users
where
    source_persons.persons != statuses.persons
    or statuses.segmented != users.segmented
