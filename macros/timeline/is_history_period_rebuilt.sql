{#- Whether an incremental mart over the history computes a period again, as a SQL condition on `period_end_at`
    (a column of the mart or of its query): on a full build every period; else those from the first period end
    whose rows the mart reads were written after the mart's last build (their built_at against the mart's), and
    those no longer in int_history_periods (after as_of, before segmentation__history_start_date, of another grain) when
    `gone_too` (the strategy's delete); `with_the_one_before`: from the period end before the first (the rows a
    period's migration or first appearance compares with). The rows read are the period ends of
    int_persons_activity_aggregated, or the model of config `rebuilt_from` (the marts that read
    user_persona_history). The first period end is looked up before the query and written into it as a constant
    (through the indexes on built_at), so that the planner reads only those periods' rows through the index on
    the period end, and none at all when nothing changed. -#}
{% macro is_history_period_rebuilt(period_end_at='period_end_at', gone_too=false, with_the_one_before=false) %}
    {#- the refs first, so that dbt records them when it parses the model -#}
    {%- set periods = ref('int_history_periods') -%}
    {%- if config.get('rebuilt_from') -%}
        {%- set rows, period_end, conditions = ref(config.get('rebuilt_from')), 'period_end_at', [] -%}
    {%- else -%}
        {%- set rows, period_end = ref('int_persons_activity_aggregated'), 'observed_at' -%}
        {%- set conditions = ['is_period_end'] -%}
    {%- endif -%}
    {%- if not is_incremental() -%}
        {{ return('1 = 1') }}
    {%- endif -%}
    {%- set first_rebuilt = none -%}
    {%- if execute -%}
        {#- two lookups, each with a constant the planner can see: the mart's last build, then what came after -#}
        {%- set last_built = run_query('select max(built_at) from ' ~ this).columns[0].values()[0] -%}
        {%- if last_built is not none -%}
            {%- do conditions.append(
                "built_at > cast('" ~ last_built.isoformat() ~ "' as " ~ type_instant() ~ ")"
            ) -%}
        {%- endif -%}
        {%- set query -%}
            select coalesce(periods.previous_period_end_at, periods.period_end_at), periods.period_end_at
            from {{ periods }} as periods
            where periods.period_end_at = (
                -- grouped by built_at: a bare min() would walk the index on the period end past every row built
                -- before (none of them matches), where this reads the new rows through the index on built_at
                select min(first_period_end_at) from (
                    select built_at, min({{ period_end }}) as first_period_end_at
                    from {{ rows }}
                    {%- if conditions %}
                        where {{ conditions | join(' and ') }}
                    {%- endif %}
                    group by built_at
                ) as rebuilt
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
