{#- The pre-hook of the incremental models over the rollup (the halves of int_persons_activity_aggregated,
    lifecycle_growth): find_rebuilt_days over timeline_digest_rows. A half built whole for the as-of path alone
    (builds_the_as_of_path_alone) holds as_of and no period end: it records no digest, so that its next run rebuilds
    every day, period ends included, and a command that would read the history from it first stops
    (stop_if_timeline_lacks_period_ends). -#}
{% macro find_rebuilt_person_days() %}
    {#- nothing while dbt parses: the definitions the digest reads are checked first (validate_segmentation_config) -#}
    {%- if not execute -%}
        {{ return('') }}
    {%- endif -%}
    {{- return(find_rebuilt_days(
        timeline_digest_rows(), ['row_count', 'checksum', 'screening_checksum', 'settings'], local_day='activity_date',
        recorded=is_incremental() or not builds_the_as_of_path_alone(),
    )) -}}
{%- endmacro %}
