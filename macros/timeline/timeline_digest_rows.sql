{#- What the halves of int_persons_activity_aggregated and lifecycle_growth are built from, for their digest
    (find_rebuilt_days): the rollup's own digest, day by day (the messages each day of int_person_days_aggregated
    was built from), with a checksum of every person's screening and the settings that decide which instants a
    person gets and what the marts over them hold (the definitions' fingerprint: thresholds, rules, patterns,
    time zone; the history's grain and start; the migration's labels of users who enter or leave). A changed day
    of the rollup rebuilds that day; a change of a person's name or screening, or of a setting, every day. A few
    thousand rows, whatever the messages. -#}
{% macro timeline_digest_rows() %}
    {%- set settings = tojson([
        segmentation_definitions_version(), history_grain(), history_start_date(),
        project_var('segmentation__history_entered_label'), project_var('segmentation__history_left_label'),
    ]) -%}
    {%- set person_days = ref('int_person_days_aggregated') -%}
    select
        days.activity_date,
        days.row_count,
        days.checksum,
        screening.checksum as screening_checksum,
        {{ sql_string(settings) }} as settings
    from {{ side_table(person_days, 'digest') }} as days
    cross join (
        select
            cast(sum({{ row_checksum(['person_id', 'name', 'is_segmentable'], key='person_id') }}) as decimal(38, 0))
                as checksum
        from {{ ref('int_persons_screened') }}
    ) as screening
{%- endmacro %}
