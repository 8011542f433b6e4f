{#- Whether this run of a half of the timeline computes a period end of int_history_periods (read as `periods`),
    as a SQL condition: none when the command leaves the history out (history_is_built), every one on a full build,
    else those after the last period end kept from the last build. Read by the model and by
    record_computed_periods, so that both name the same periods. -#}
{% macro is_period_end_computed(periods='periods') %}
    {%- if not history_is_built() -%}
        {{ return('1 = 0') }}
    {%- elif not is_incremental() -%}
        {{ return('1 = 1') }}
    {%- endif -%}
    {{- return(
        'not exists (select 1 from ' ~ this ~ ' as kept where kept.is_period_end and kept.observed_at >= '
        ~ periods ~ '.period_end_at and not ' ~ is_replaced_in_timeline(side_table(this, 'rebuilt_days')) ~ ')'
    ) -}}
{%- endmacro %}
