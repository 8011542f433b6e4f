{#- Hook of the halves of the timeline: the period ends a run changes, into <half>__period_changes (logged; the
    run's built_at and the first such period end, null for every period), in the run's transaction. As a pre-hook
    (`stage` 'deleted', after find_rebuilt_person_days): the first period end of the history that the run computes again
    (is_replaced_in_timeline), whether the half holds rows there or not, since the marts over it hold rows of a period
    end where nobody is segmented (the distribution's zeros, with the labels of the time: found by a randomized
    comparison with full refreshes, after a persona was renamed); or every period on a full build and when the log is
    new (a half built by an earlier version). As a post-hook ('written'): the first period end the run wrote rows at.
    The marts over the history recompute from these (is_history_period_rebuilt): the rows written alone would not tell
    them of a period end left without a user (the only one there become staff). A run that changes no period end logs
    nothing. -#}
{% macro record_period_changes(stage) %}
    {%- if config.get('materialized') != 'incremental' -%}
        {{ return('') }}
    {%- endif -%}
    {%- set log, stamp = side_table(this, 'period_changes'), run_started_at_instant() -%}
    {%- if stage == 'deleted' -%}
        {%- set is_new = execute and load_relation(log) is none -%}
        create table if not exists {{ log }} (
            built_at {{ type_instant() }},
            first_period_end_at {{ type_instant() }}
        );
        {%- if is_new or not is_incremental() %}
            insert into {{ log }} (built_at, first_period_end_at) values ({{ stamp }}, null)
        {%- else %}
            {%- set replaced = is_replaced_in_timeline(side_table(this, 'rebuilt_days')) %}
            insert into {{ log }} (built_at, first_period_end_at)
            select {{ stamp }}, min(observed_at)
            from (
                select observed_at from {{ this }} where is_period_end and {{ replaced }}
                union all
                -- a period end without a row (nobody segmented yet) changes too: its marts' rows carry the labels;
                -- not for a half without persons (every id of one parity), whose every day is rebuilt every run
                select observed_at from (
                    select period_end_at as observed_at from {{ ref('int_history_periods') }}
                ) as periods
                where {{ replaced }} and exists (select 1 from {{ this }})
            ) as replaced_period_ends
            having min(observed_at) is not null
        {%- endif %}
    {%- else -%}
        insert into {{ log }} (built_at, first_period_end_at)
        select {{ stamp }}, min(observed_at)
        from {{ this }}
        where built_at = {{ stamp }} and is_period_end
        having min(observed_at) is not null
    {%- endif -%}
{% endmacro %}
