{#- Whether a row of a half of int_persons_activity_aggregated is computed again by this run, as a SQL condition on its
    columns over `rebuilt_days` (the days of the rollup whose digest changed: the model's side table, or the
    incremental strategy's CTE of that name): every instant from the first of as_of, the instant of the half's
    as_of rows (a run replaces them all, so they share the latest instant), the first changed day, and, when the
    undated messages changed, the first instant of all. One range on observed_at, so that PostgreSQL reads the
    rows through its index; never null: the model keeps the rows for which it is false. -#}
{% macro is_replaced_in_timeline(rebuilt_days='rebuilt_days') %}
    {{- return(
        'observed_at >= (select min(first_replaced.observed_at) from ('
        ~ 'select ' ~ segmentation_as_of() ~ ' as observed_at'
        ~ ' union all select max(as_of_rows.observed_at) from ' ~ this ~ ' as as_of_rows where as_of_rows.is_as_of'
        ~ ' union all select min(' ~ local_day_start('activity_date') ~ ') from ' ~ rebuilt_days
        ~ ' union all select min(any_row.observed_at) from ' ~ this ~ ' as any_row'
        ~ ' where exists (select 1 from ' ~ rebuilt_days ~ ' where activity_date is null)'
        ~ ') as first_replaced)'
    ) -}}
{%- endmacro %}
