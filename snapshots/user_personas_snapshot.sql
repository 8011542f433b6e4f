{#- The live log of personas, for teams that run every day: one row per user and version (SCD type 2). A new
    version starts when any label or the definitions' version changes, not when a count moves; it is dated
    by as_of (updated_at). A user no longer segmented has the version closed (hard_deletes: invalidate).
    Unlike user_persona_history it starts the day it is deployed.
    It reads int_users_segmented, the table user_segments copies, whose rows keep the as_of and definitions_version
    the labels were computed at (labels_as_built): a `dbt snapshot` run before the day's `dbt run`, or with other
    vars than the build's, still dates each version by when its labels were computed, not by its own command, and
    closes versions then (snapshot_clock). A var segmentation__as_of other than the labels' stops it, naming both
    and what to run; other definitions than the labels' get a warning naming both.
    It only moves forward: a run whose labels' as_of is not after the latest version's start (a rerun for the same
    as_of after the data changed, a backfill, a snapshot before the day's build) would write versions that last no
    time or end before they start, so it reads back the current versions instead, which changes nothing, and warns.
    A run under `--empty` (`dbt build --empty`) reads them back too, without a warning: its refs read no rows, so
    every user would look gone and have their version closed. -#}
{% snapshot user_personas_snapshot %}

{{ config(
    unique_key='person_id',
    strategy='check',
    check_cols=['persona', 'engagement_level', 'reaction_behavior', 'conversation_preference', 'definitions_version'],
    updated_at='as_of',
    hard_deletes='invalidate',
) }}
{%- set recorded = adapter.get_relation(this.database, this.schema, this.identifier) if execute else none -%}
{%- set reads_back = false -%}
{%- if recorded is not none and flags.EMPTY -%}
    {%- set reads_back = true -%}
{%- elif execute -%}
    {%- set built = labels_as_built() -%}
    {%- set last_build = " (the last dbt run or build of int_users_segmented, which user_segments copies)" -%}
    {%- if not built.users and recorded is not none -%}
        {%- set reads_back = true -%}
        {%- do exceptions.warn(
            "user_personas_snapshot records nothing: int_users_segmented has no segmented user, so it cannot tell "
            ~ "at which as_of the labels were computed" ~ last_build ~ ", nor close anyone's version then."
        ) -%}
    {%- elif built.users -%}
        {%- set built_at = 'the as_of of the labels, ' ~ built.as_of.isoformat() ~ last_build -%}
        {%- if as_of_written() is not none and as_of_instant() != built.as_of -%}
            {%- do exceptions.raise_compiler_error(
                "user_personas_snapshot records the labels at the instant they were computed, " ~ built_at
                ~ ", not var segmentation__as_of = " ~ as_of_instant().isoformat() ~ " of this command. To record "
                ~ as_of_written() ~ ", run dbt build with it (or dbt run with it, then dbt snapshot); to record "
                ~ built.as_of.isoformat() ~ ", run dbt snapshot without segmentation__as_of."
            ) -%}
        {%- endif -%}
        {%- if built.definitions_version != segmentation_definitions_version() -%}
            {%- do exceptions.warn(
                "user_personas_snapshot records the labels with definitions_version " ~ built.definitions_version
                ~ ", the definitions they were computed with" ~ last_build ~ ", not "
                ~ segmentation_definitions_version() ~ " of this command's vars. To record labels by those, run "
                ~ "dbt build with them (or dbt run with them, then dbt snapshot)."
            ) -%}
        {%- endif -%}
        {%- set row = run_query(
            'select max(dbt_valid_from) >= ' ~ instant_literal(built.as_of) ~ ', max(dbt_valid_from) from ' ~ recorded
        ).rows[0] if recorded is not none else [false] -%}
        {%- if row[0] -%}
            {%- set reads_back = true -%}
            {%- do exceptions.warn(
                "user_personas_snapshot already has versions from " ~ row[1] ~ ", not before " ~ built_at
                ~ ": a snapshot only moves forward, so this run records nothing. To record changed data, run dbt "
                ~ "build (or dbt run, then dbt snapshot) with a later as_of (or none: the time of the run); for the "
                ~ "personas at an earlier instant, read user_persona_history."
            ) -%}
        {%- endif -%}
    {%- endif -%}
{%- endif %}

with

{% if not reads_back -%}

segments as (

    -- the table user_segments copies, which keeps the as_of and definitions of its labels in their rows
    select * from {{ ref('int_users_segmented') }}

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
        -- which definitions gave them and when, as the build that computed them recorded
        definitions_version,
        as_of
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
