{#- Whether a row of a half of int_persons_activity_aggregated is computed again by this run, as a SQL condition on its
    columns over `rebuilt_days` (the days of the rollup whose digest changed: the model's side table, or the
    incremental strategy's CTE of that name): the as_of slice, every instant from the first changed day on
    (every instant when the undated messages changed), and every instant not before as_of (a rerun for an
    earlier as_of). Never null: the model keeps the rows for which it is false. -#}
{% macro is_replaced_in_timeline(rebuilt_days='rebuilt_days') %}
    {{- return(
        '(is_as_of or observed_at >= ' ~ segmentation_as_of()
        ~ ' or coalesce(observed_at >= (select min(' ~ local_day_start('activity_date') ~ ') from ' ~ rebuilt_days
        ~ '), false)'
        ~ ' or exists (select 1 from ' ~ rebuilt_days ~ ' where activity_date is null))'
    ) -}}
{%- endmacro %}
