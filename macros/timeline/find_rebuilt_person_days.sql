{#- The pre-hook of the incremental models over the rollup (the halves of int_persons_activity_aggregated,
    lifecycle_growth): find_rebuilt_days over timeline_digest_rows. -#}
{% macro find_rebuilt_person_days() %}
    {{- return(find_rebuilt_days(
        timeline_digest_rows(), ['row_count', 'checksum', 'screening_checksum', 'settings'], local_day='activity_date'
    )) -}}
{%- endmacro %}
