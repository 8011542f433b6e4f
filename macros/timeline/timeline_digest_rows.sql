{#- What int_persons_activity_aggregated is built from, for its digest (find_rebuilt_days): the rollup's rows
    with each person's name and screening, and the settings that decide which instants a person gets (the
    message cut, the history's grain and start), so that a change of any of them rebuilds the days it touches. -#}
{% macro timeline_digest_rows() %}
    {%- set settings = tojson([segmentation_thresholds()['message_cut'], history_grain(), history_start_date()]) -%}
    select
        person_days.*,
        persons.name,
        persons.is_segmentable,
        {{ sql_string(settings) }} as settings
    from {{ ref('int_person_days_aggregated') }} as person_days
    inner join {{ ref('int_persons_screened') }} as persons
        on person_days.person_id = persons.person_id
{%- endmacro %}
