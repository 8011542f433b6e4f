{#- The labels, computed once: every user segmented at an observed instant (int_persons_activity_aggregated)
    with the label of every dimension, the persona and why. A view: each reader labels the rows it reads (the
    as_of slice, or the period ends an incremental mart adds). -#}
{{ config(materialized='view') }}
{%- set personas = segmentation_rules('segmentation__personas') -%}

with

activity as (

    select * from {{ ref('int_persons_activity_aggregated') }}

),

eligible as (

    -- the specification's WHERE and HAVING at the instant, plus the seed of excluded ids
    select * from activity
    where {{ is_segmented() }}

),

segmented as (

    select
        -- ids
        person_id,
        name,
        -- the instant: as_of, a period end, or both
        observed_at,
        is_as_of,
        is_period_end,
        period_start_date,
        period_last_date,
        -- engagement
        total_messages_sent,
        messages_last_30d,
        messages_last_7d,
        last_message_date,
        days_since_last_message,
        -- feature usage
        messages_1on1,
        messages_group,
        -- value signals
        total_reactions,
        reaction_rate,
        -- time patterns
        avg_hour_of_day,
        circular_mean_hour,
        first_message_at,
        last_message_at,
        built_at,
        -- labels: each the first matching rule of its list in dbt_project.yml
        {{ first_matching_label(segmentation_rules('segmentation__engagement_levels')) }} as engagement_level,
        {{ first_matching_label(segmentation_rules('segmentation__reaction_behaviors')) }} as reaction_behavior,
        {{ first_matching_label(segmentation_rules('segmentation__conversation_preferences')) }}
            as conversation_preference,
        {{ first_matching_label(personas) }} as persona,
        {{ first_matching_label(segmentation_rules('segmentation__time_of_day_bands')) }} as time_of_day_preference,
        {{ satisfied_labels(personas) }} as personas_satisfied
    from eligible

),

final as (

    select
        *,
        {{ matched_rule(personas, 'persona') }} as persona_rule,
        {{ matched_rule_evidence(personas, 'persona') }} as persona_evidence
    from segmented

)

select * from final
