{#- Pre-hook of the halves of the timeline, after find_rebuilt_person_days: the first period end this run
    computes, into <half>__computed_periods (logged, one row per run that computes any, with the run's built_at),
    in the run's transaction. The marts over the history recompute from it (is_history_period_rebuilt): the rows
    a run writes cannot tell them, since a period end where the run leaves no user (the only one there renamed
    into staff, a period added before the first) has none. -#}
{% macro record_computed_periods() %}
    {%- if config.get('materialized') != 'incremental' -%}
        {{ return('') }}
    {%- endif -%}
    {%- set computed = side_table(this, 'computed_periods') -%}
    create table if not exists {{ computed }} (
        built_at {{ type_instant() }},
        first_period_end_at {{ type_instant() }}
    );
    insert into {{ computed }} (built_at, first_period_end_at)
    select {{ run_started_at_instant() }}, min(periods.period_end_at)
    from {{ ref('int_history_periods') }} as periods
    where {{ is_period_end_computed('periods') }}
    having count(*) > 0
{% endmacro %}
