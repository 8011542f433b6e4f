{#- Post-hook of the incremental models: the digests of the days the run rebuilt replace the old ones in
    <model>__digest (a day without rows left is dropped), in the run's transaction, so that the digest always
    describes what the table was built from. -#}
{% macro record_digest() %}
    {%- if config.get('materialized') != 'incremental' -%}
        {{ return('') }}
    {%- endif -%}
    {%- set digest, rebuilt = side_table(this, 'digest'), side_table(this, 'rebuilt_days') -%}
    delete from {{ digest }}
    where
        activity_date in (select activity_date from {{ rebuilt }})
        or activity_date is null and exists (select 1 from {{ rebuilt }} where activity_date is null);
    insert into {{ digest }} (activity_date, row_count, checksum)
    select activity_date, row_count, checksum from {{ rebuilt }} where row_count is not null;
    drop table {{ rebuilt }}
{% endmacro %}
