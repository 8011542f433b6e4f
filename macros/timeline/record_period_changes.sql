{#- Hook of the models that others recompute periods from (the halves of the timeline, user_persona_history): the
    first period end a run changes, into <model>__period_changes (logged: a change_id, one more than the last, the
    run's built_at, and that period end, null for every period), in the run's transaction, the log locked for
    writing from its first change to the commit (lock_table): a mart reads a log only when no run is writing it,
    so that each change logged later has a higher change_id than those it has read (record_period_changes_read).
    Logging stamps, the command's start, missed a change that a run started earlier committed after a later
    command had built the mart: the new period end it wrote was left without users (found by an operations tester).
    `stage`, for the halves:
    - 'deleted' (a pre-hook, after find_rebuilt_person_days): the first period end of the history that the run
      computes again (is_replaced_in_timeline), whether the half holds rows there or not, since the marts over it
      hold rows of a period end where nobody is segmented (the distribution's zeros, with the labels of the time:
      found by a randomized comparison with full refreshes, after a persona was renamed); or every period on a full
      build and when the log is new (a half built by an earlier version);
    - 'written' (a post-hook): the first period end the run wrote rows at. The rows written alone would not tell of
      a period end left without a user (the only one there become staff).
    For a mart over the history, 'computed' (a post-hook): the first period end it computed (is_history_period_rebuilt).
    A run that changes no period end logs nothing. -#}
{% macro record_period_changes(stage) %}
    {%- if stage not in ['deleted', 'written', 'computed'] -%}
        {{ exceptions.raise_compiler_error(
            "record_period_changes: stage = '" ~ stage ~ "' is not 'deleted', 'written' or 'computed'"
        ) }}
    {%- endif -%}
    {%- if config.get('materialized') != 'incremental' -%}
        {{ return('') }}
    {%- endif -%}
    {%- set log, stamp = side_table(this, 'period_changes'), run_started_at_instant() -%}
    {%- set is_new = execute and load_relation(log) is none -%}
    {%- if is_new -%}
        {#- for the marts later in this command (is_history_period_rebuilt, record_period_changes_read): dbt's cache
            of relations knows only what it listed at the start and what its materializations built -#}
        {%- do adapter.cache_added(log) -%}
    {%- endif -%}
    {%- set lock = lock_table(log, 'writing') -%}
    create table if not exists {{ log }} (
        change_id bigint,
        built_at {{ type_instant() }},
        first_period_end_at {{ type_instant() }}
    );
    -- a log of a version that numbered no change (its changes were all read before the upgrade: see
    -- is_history_period_rebuilt)
    alter table {{ log }} add column if not exists change_id bigint;
    {%- if lock %}
    {{ lock }};
    {%- endif %}
    insert into {{ log }} (change_id, built_at, first_period_end_at)
    select
        (select coalesce(max(change_id), 0) + 1 from {{ log }}),
        {{ stamp }},
        first_period_end_at
    from (
        {%- if stage == 'deleted' and (is_new or not is_incremental()) %}
            select cast(null as {{ type_instant() }}) as first_period_end_at
        {%- elif stage == 'deleted' %}
            {%- set replaced = is_replaced_in_timeline(side_table(this, 'rebuilt_days')) %}
            select min(observed_at) as first_period_end_at
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
        {%- elif stage == 'written' %}
            select min(observed_at) as first_period_end_at
            from {{ this }}
            where built_at = {{ stamp }} and is_period_end
            having min(observed_at) is not null
        {%- else %}
            select min(period_end_at) as first_period_end_at
            from {{ ref('int_history_periods') }}
            where {{ is_history_period_rebuilt() }}
            having count(*) > 0
        {%- endif %}
    ) as changed
{% endmacro %}
