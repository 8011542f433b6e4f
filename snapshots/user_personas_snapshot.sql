{#- The live log of personas, for teams that run every day: one row per user and version (SCD type 2). A new
    version starts when any label or the definitions' version changes, not when a count moves; it is dated
    by as_of (updated_at), so a rerun for a past as_of dates it right. A user no longer segmented has the
    version closed (hard_deletes: invalidate). Unlike user_persona_history it starts the day it is deployed. -#}
{% snapshot user_personas_snapshot %}

{{ config(
    unique_key='person_id',
    strategy='check',
    check_cols=['persona', 'engagement_level', 'reaction_behavior', 'conversation_preference', 'definitions_version'],
    updated_at='as_of',
    hard_deletes='invalidate',
) }}

with

personas as (

    select * from {{ ref('user_personas') }}

),

segments as (

    select * from {{ ref('user_segments') }}

),

final as (

    select
        -- ids
        personas.person_id,
        personas.name,
        -- labels
        personas.persona,
        segments.engagement_level,
        segments.reaction_behavior,
        segments.conversation_preference,
        -- which definitions gave them (macro segmentation_definitions_version) and when
        {{ sql_string(segmentation_definitions_version()) }} as definitions_version,
        {{ segmentation_as_of() }} as as_of
    from personas
    inner join segments
        on personas.person_id = segments.person_id

)

select * from final

{% endsnapshot %}
