{#- What int_persons_activity_aggregated is built from, for its digest (find_rebuilt_days): the rollup's rows
    with each person's name and screening, and the settings that decide which instants a person gets and what
    the marts over them hold (the definitions' fingerprint: thresholds, rules, patterns, time zone; the
    history's grain and start), so that a change of any of them rebuilds the days it touches.
    The sums of sines and cosines are rounded: summed in another order, they differ in the last bits. -#}
{% macro timeline_digest_rows() %}
    {%- set settings = tojson([segmentation_definitions_version(), history_grain(), history_start_date()]) -%}
    select
        person_days.person_id,
        person_days.activity_date,
        person_days.is_day_start,
        {% for measure in activity_measures() -%}
            {{ decimal_round('person_days.' ~ measure, 6) if measure in ['hour_sine_sum', 'hour_cosine_sum']
                else 'person_days.' ~ measure }} as {{ measure }},
        {% endfor -%}
        persons.name,
        persons.is_segmentable,
        {{ sql_string(settings) }} as settings
    from {{ ref('int_person_days_aggregated') }} as person_days
    inner join {{ ref('int_persons_screened') }} as persons
        on person_days.person_id = persons.person_id
{%- endmacro %}


{#- The pre-hook of the incremental models over the rollup (int_persons_activity_aggregated, lifecycle_growth):
    find_rebuilt_days over timeline_digest_rows. -#}
{% macro find_rebuilt_person_days() %}
    {{- return(find_rebuilt_days(
        timeline_digest_rows(),
        ['person_id', 'is_day_start', 'name', 'is_segmentable', 'settings'] + activity_measures().keys() | list,
        local_day='activity_date',
    )) -}}
{%- endmacro %}
