{#- The pre-hook of the incremental models over the rollup (the halves of int_persons_activity_aggregated,
    lifecycle_growth): find_rebuilt_days over timeline_digest_rows. -#}
{% macro find_rebuilt_person_days() %}
    {#- nothing while dbt parses: the definitions the digest reads are checked first (validate_segmentation_config) -#}
    {%- if not execute -%}
        {{ return('') }}
    {%- endif -%}
    {{- return(find_rebuilt_days(
        timeline_digest_rows(), ['row_count', 'checksum', 'screening_checksum', 'settings'], local_day='activity_date'
    )) -}}
{%- endmacro %}
