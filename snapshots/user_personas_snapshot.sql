{#- The live log of personas, for teams that run every day: one row per user and version (SCD type 2). A new
    version starts when any label or the definitions' version changes, not when a count moves; it is dated
    by as_of (updated_at). A user no longer segmented has the version closed (hard_deletes: invalidate).
    Unlike user_persona_history it starts the day it is deployed.
    It only moves forward: a run whose as_of is not after the latest version's start (a rerun for the same
    as_of after the data changed, a backfill) would write versions that last no time or end before they
    start, so it reads back the current versions instead, which changes nothing, and warns. A run under `--empty`
    (`dbt build --empty`) reads them back too, without a warning: its refs read no rows, so every user would look
    gone and have their version closed. -#}
{% snapshot user_personas_snapshot %}

{{ config(
    unique_key='person_id',
    strategy='check',
    check_cols=['persona', 'engagement_level', 'reaction_behavior', 'conversation_preference', 'definitions_version'],
    updated_at='as_of',
    hard_deletes='invalidate',
) }}
{%- set as_of = segmentation_as_of() -%}
{%- set recorded = adapter.get_relation(this.database, this.schema, this.identifier) if execute else none -%}
{%- set reads_back = false -%}
{%- if recorded is not none and flags.EMPTY -%}
    {%- set reads_back = true -%}
{%- elif recorded is not none -%}
    {%- set row = run_query(
        'select max(dbt_valid_from) >= ' ~ as_of ~ ', max(dbt_valid_from) from ' ~ recorded
    ).rows[0] -%}
    {%- if row[0] -%}
        {%- set reads_back = true -%}
        {%- do exceptions.warn(
            "user_personas_snapshot already has versions from " ~ row[1] ~ ", not before var segmentation__as_of = "
            ~ as_of_instant().isoformat()
            ~ ": a snapshot only moves forward, so this run records nothing. "
            ~ "To record changed data, run with a later as_of (or none: the time of the run); for the personas at an "
            ~ "earlier instant, read user_persona_history."
        ) -%}
    {%- endif -%}
{%- endif %}

with

{% if not reads_back -%}

segments as (

    select * from {{ ref('user_segments') }}

),

final as (

    select
        -- ids
        person_id,
        name,
        -- labels
        persona,
        engagement_level,
        reaction_behavior,
        conversation_preference,
        -- which definitions gave them (macro segmentation_definitions_version) and when
        {{ sql_string(segmentation_definitions_version()) }} as definitions_version,
        {{ as_of }} as as_of
    from segments

)

{%- else -%}

final as (

    -- the current versions as recorded: no change to check, no user missing
    select
        person_id,
        name,
        persona,
        engagement_level,
        reaction_behavior,
        conversation_preference,
        definitions_version,
        as_of
    from {{ recorded }}
    where dbt_valid_to is null

)

{%- endif %}

select * from final

{% endsnapshot %}
