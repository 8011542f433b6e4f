{#- Whether an incremental mart over the history computes a period again, as a SQL condition on `period_end_at`
    (a column of the mart or of its query): on a full build every period; else those from the first period end
    whose rows int_persons_activity_aggregated wrote after the mart's last build (its built_at), and those no
    longer in int_history_periods (after as_of, before segmentation__history_start_date, of another grain) when `gone_too`
    (the strategy's delete); `with_the_one_before`: from the period end before the first (the rows a period's
    migration or first appearance compares with). The first period end is looked up before the query and
    written into it as a constant (through the indexes on built_at), so that the planner reads only those
    periods' rows through the index on observed_at, and none at all when nothing changed. -#}
{% macro is_history_period_rebuilt(period_end_at='period_end_at', gone_too=false, with_the_one_before=false) %}
    {#- the refs first, so that dbt records them when it parses the model -#}
    {%- set timeline, periods = ref('int_persons_activity_aggregated'), ref('int_history_periods') -%}
    {%- if not is_incremental() -%}
        {{ return('1 = 1') }}
    {%- endif -%}
    {%- set first_rebuilt = none -%}
    {%- if execute -%}
        {#- two lookups, each with a constant the planner can see: the mart's last build, then what came after -#}
        {%- set last_built = run_query('select max(built_at) from ' ~ this).columns[0].values()[0] -%}
        {%- set query -%}
            select coalesce(periods.previous_period_end_at, periods.period_end_at), periods.period_end_at
            from {{ periods }} as periods
            where periods.period_end_at = (
                select min(observed_at) from {{ timeline }}
                where is_period_end
                {%- if last_built is not none %}
                    and built_at > cast('{{ last_built.isoformat() }}' as {{ type_instant() }})
                {%- endif %}
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
