{#- Post-hook of the incremental marts over the history: the last change of each log they read
    (period_change_logs), its change_id and built_at, into <mart>__period_changes_read, in the run's transaction;
    the logs stay locked from the mart's lookups to its commit (is_history_period_rebuilt), so the next run reads
    exactly the changes logged after them. Not under --empty: the mart's refs read no rows, so it computed nothing
    of what the logs say. -#}
{% macro record_period_changes_read() %}
    {%- if config.get('materialized') != 'incremental' or flags.EMPTY -%}
        {{ return('') }}
    {%- endif -%}
    {%- set read = side_table(this, 'period_changes_read') -%}
    {%- set logs = [] -%}
    {%- for log in period_change_logs() if load_relation(log) is not none -%}
        {%- do logs.append(log) -%}
    {%- endfor -%}
    create table if not exists {{ read }} (
        log_table {{ dbt.type_string() }},
        change_id bigint,
        built_at {{ type_instant() }}
    );
    delete from {{ read }}
    {%- for log in logs -%}
        ;
        insert into {{ read }} (log_table, change_id, built_at)
        select {{ sql_string(log.identifier) }}, change_id, built_at
        from {{ log }}
        where change_id = (select max(change_id) from {{ log }})
    {%- endfor %}
{% endmacro %}
