{#- Pre-hook of the incremental models: which local days this run rebuilds, into <model>__rebuilt_days (the day
    and its new digest). A day's digest is the number of input rows sent that
    day and the sum of a checksum of each (row_checksum over `columns`, seeded by the column `key`, which tells a
    day's rows apart); <model>__digest holds it as of the
    table's last build. The input is digested again here, in one scan, before the run reads any row, and every
    day whose digest changed, or that one side lacks, is rebuilt: rows added, removed, edited or moved from one
    day to another (both days), whatever their age. The undated rows are one more day, with a null date.
    `input_rows` is a query with the columns and the row's local day (`local_day`, by default that of sent_at_local); on a full build every day is rebuilt, and so
    is every day of a table without rows (a crash empties PostgreSQL's unlogged tables; the digest, logged,
    survives it). The digest is taken before the rows are read, so a row that arrives meanwhile is seen by the
    next run. `recorded` false: none of the days found goes into the digest (record_digest), so that the next run
    rebuilds them; for a table that this run builds without all it holds otherwise. -#}
{% macro find_rebuilt_days(input_rows, columns, key=none, local_day='cast(sent_at_local as date)', recorded=true) %}
    {%- if config.get('materialized') != 'incremental' -%}
        {{ return('') }}
    {%- endif -%}
    {%- set digest, rebuilt = side_table(this, 'digest'), side_table(this, 'rebuilt_days') -%}
    create table if not exists {{ digest }} (
        activity_date date,
        row_count bigint,
        checksum decimal(38, 0)
    );
    delete from {{ digest }}
    {%- if is_incremental() %} where not exists (select 1 from {{ this }}){% endif %};
    drop table if exists {{ rebuilt }};
    create table {{ rebuilt }} as
    with input_days as (
        select
            {{ local_day }} as activity_date,
            count(*) as row_count,
            cast(sum({{ row_checksum(columns, key) }}) as decimal(38, 0)) as checksum
        from ({{ input_rows }}) as input_rows
        group by {{ local_day }}
    ),
    both_digests as (
        select activity_date, row_count, checksum, 1 as is_new from input_days
        union all
        select activity_date, row_count, checksum, 0 as is_new from {{ digest }}
    )
    select
        activity_date,
        max(case when is_new = 1 then row_count end) as row_count,
        max(case when is_new = 1 then checksum end) as checksum
    from both_digests
    group by activity_date
    having count(*) = 1 or min(row_count) <> max(row_count) or min(checksum) <> max(checksum);
    {%- if not recorded %}
    delete from {{ rebuilt }};
    {%- endif %}
    {{ refresh_statistics(rebuilt) }}
{% endmacro %}
