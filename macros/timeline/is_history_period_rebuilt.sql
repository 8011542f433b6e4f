{#- Whether an incremental mart over the history computes a period again, as a SQL condition on `period_end_at`
    (a column of the mart or of its query): on a full build every period; else those from the first period end
    that a run of the timeline's halves changed after the mart's last build (their __period_changes, against the
    mart's built_at; every period when one of them says so, or when a half keeps no log yet); for a mart with
    config `rebuilt_from` (the marts that read user_persona_history), also from the first period end whose rows
    that model wrote after it; for a mart with config `holds_every_period` (a row per period, users or not), also
    from the first period of the history it lacks; and those no longer in int_history_periods (after as_of, before
    segmentation__history_start_date, of another grain) when `gone_too` (the strategy's delete).
    `with_the_one_before`: from the period end before the first (the rows a period's migration or first appearance
    compares with). The first period end is looked up before the query and written into it as a constant, so that
    the planner reads only those periods' rows through the index on the period end, and none at all when nothing
    changed. -#}
{% macro is_history_period_rebuilt(period_end_at='period_end_at', gone_too=false, with_the_one_before=false) %}
    {#- the refs first, so that dbt records them when it parses the model -#}
    {%- set periods = ref('int_history_periods') -%}
    {%- set halves = timeline_halves() -%}
    {%- set rebuilt_from = ref(config.get('rebuilt_from')) if config.get('rebuilt_from') else none -%}
    {%- if not is_incremental() -%}
        {{ return('1 = 1') }}
    {%- endif -%}
    {%- set first_rebuilt = none -%}
    {%- if execute -%}
        {#- no other dbt command writes the mart between these lookups and this run's commit -#}
        {%- do lock_against_other_writers(this) -%}
        {%- set logs = [] -%}
        {%- for half in halves -%}
            {%- do logs.append(load_relation(side_table(half, 'period_changes'))) -%}
        {%- endfor -%}
        {%- if none in logs -%}
            {{ return('1 = 1') }}
        {%- endif -%}
        {#- two lookups, each with a constant the planner can see: the mart's last build, then what came after -#}
        {%- set last_built = run_query('select max(built_at) from ' ~ this).columns[0].values()[0] -%}
        {%- set since = "built_at > cast('" ~ last_built.isoformat() ~ "' as " ~ type_instant() ~ ")"
            if last_built is not none else '1 = 1' -%}
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
                            select coalesce(first_period_end_at, (select min(period_end_at) from {{ periods }}))
                                as first_period_end_at
                            from {{ log }}
                            where {{ since }}
                            {{ 'union all' if not loop.last }}
                        {%- endfor %}
                        {%- if rebuilt_from is not none %}
                            union all
                            -- grouped by built_at: a bare min() would walk the index on the period end past every
                            -- row built before (none of them matches), where this reads the new rows through the
                            -- index on built_at
                            select min(period_end_at) from {{ rebuilt_from }}
                            where {{ since }}
                            group by built_at
                        {%- endif %}
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
        {%- if found.rows | length > 0 -%}
            {%- set first_rebuilt = found.rows[0][0 if with_the_one_before else 1] -%}
        {%- endif -%}
    {%- endif -%}
    {%- set rebuilt = period_end_at ~ " >= cast('" ~ first_rebuilt.isoformat() ~ "' as " ~ type_instant() ~ ")"
        if first_rebuilt is not none else '1 = 0' -%}
    {{- return(
        '(' ~ rebuilt ~ (' or ' ~ period_end_at ~ ' not in (select period_end_at from ' ~ periods ~ ')' if gone_too)
        ~ ')'
    ) -}}
{%- endmacro %}
