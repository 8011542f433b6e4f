{#- Whether an incremental mart over the history computes a period again, as a SQL condition on `period_end_at`
    (a column of the mart or of its query): on a full build every period; else those from the first period end
    that a change logged since the mart last read the logs names (period_change_logs: the timeline's halves', and
    that of the model of config `rebuilt_from`; every period when one of them says so, when a log is missing, or
    when the mart has never recorded what it read, record_period_changes_read); for a mart with config
    `holds_every_period` (a row per period, users or not), also from the first period of the history it lacks; and
    those no longer in int_history_periods (after as_of, before segmentation__history_start_date, of another grain)
    when `gone_too` (the strategy's delete).
    `with_the_one_before`: from the period end before the first (the rows a period's migration or first appearance
    compares with). The first period end is looked up before the query and written into it as a constant, so that
    the planner reads only those periods' rows through the index on the period end, and none at all when nothing
    changed. Before the lookup, the mart is locked for writing and the logs for reading (lock_table), on a full
    build too: what the mart computes and records as read is what the logs hold until it commits. -#}
{% macro is_history_period_rebuilt(period_end_at='period_end_at', gone_too=false, with_the_one_before=false) %}
    {#- the refs first, so that dbt records them when it parses the model -#}
    {%- set periods = ref('int_history_periods') -%}
    {%- set changes = period_change_logs() -%}
    {%- if not execute or config.get('materialized') != 'incremental' -%}
        {{ return('1 = 1') }}
    {%- endif -%}
    {%- set locks = [lock_table(this, 'writing')] if is_incremental() else [] -%}
    {%- set logs = [] -%}
    {%- for log in changes -%}
        {%- do logs.append(load_relation(log)) -%}
        {%- do locks.append(lock_table(log, 'reading') if logs[-1] is not none else '') -%}
    {%- endfor -%}
    {%- for lock in locks if lock -%}
        {%- do run_query(lock) -%}
    {%- endfor -%}
    {%- set read = load_relation(side_table(this, 'period_changes_read')) -%}
    {%- if not is_incremental() or none in logs or read is none -%}
        {{ return('1 = 1') }}
    {%- endif -%}
    {%- set query -%}
        select coalesce(periods.previous_period_end_at, periods.period_end_at), periods.period_end_at
        from {{ aliased(periods, 'periods') }}
        where periods.period_end_at = (
            -- the first period end of the history from there (that one may since have left it)
            select min(later.period_end_at) from {{ aliased(periods, 'later') }}
            where later.period_end_at >= (
                select min(rebuilt.first_period_end_at) from (
                    {%- for log in logs %}
                        -- null: every period
                        select coalesce(logged.first_period_end_at, (select min(period_end_at) from {{ periods }}))
                            as first_period_end_at
                        from {{ aliased(log, 'logged') }}
                        left join {{ aliased(read, 'last_read') }}
                            on last_read.log_table = {{ sql_string(log.identifier) }}
                        where
                            last_read.change_id is null
                            or logged.change_id > last_read.change_id
                            -- a log begun again (dropped, then written by later runs): all of it
                            or not exists (
                                select 1 from {{ aliased(log, 'same') }}
                                where same.change_id = last_read.change_id and same.built_at = last_read.built_at
                            )
                        {{ 'union all' if not loop.last }}
                    {%- endfor %}
                    {%- if config.get('holds_every_period') %}
                        union all
                        select min(lacking.period_end_at) from {{ aliased(periods, 'lacking') }}
                        where not exists (
                            select 1 from {{ this }} as held where held.period_end_at = lacking.period_end_at
                        )
                    {%- endif %}
                ) as rebuilt
            )
        )
    {%- endset -%}
    {%- set found = run_query(query) -%}
    {%- set first_rebuilt = found.rows[0][0 if with_the_one_before else 1] if found.rows | length > 0 else none -%}
    {%- set rebuilt = period_end_at ~ ' >= ' ~ instant_literal(first_rebuilt) if first_rebuilt is not none else '1 = 0' -%}
    {{- return(
        '(' ~ rebuilt ~ (' or ' ~ period_end_at ~ ' not in (select period_end_at from ' ~ periods ~ ')' if gone_too)
        ~ ')'
    ) -}}
{%- endmacro %}
