{%- set personas = segmentation_rules('segmentation__personas') -%}

with

activity as (

    select * from {{ ref('int_persons_activity_aggregated') }}

),

eligible as (

    -- the specification's WHERE and HAVING, plus the seed of excluded ids
    select * from activity
    where
        is_segmentable
        and total_messages_sent > {{ segmentation_thresholds()['message_cut'] }}

),

segmented as (

    select
        -- ids
        person_id,
        name,
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
        as_of,
        -- labels: each the first matching rule of its list in dbt_project.yml
        {{ label_columns() }},
        {{ first_matching_label(segmentation_rules('segmentation__time_of_day_bands')) }} as time_of_day_preference,
        {{ satisfied_labels(personas) }} as personas_satisfied
    from eligible

),

explained as (

    select
        *,
        {{ matched_rule(personas, 'persona') }} as persona_rule,
        {{ matched_rule_evidence(personas, 'persona') }} as persona_evidence
    from segmented

)

select * from explained
