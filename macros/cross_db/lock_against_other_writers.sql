{#- Called by the incremental marts over the history (is_history_period_rebuilt) before they look up what to
    compute: on PostgreSQL their table is locked against other writers until the model's transaction ends (SHARE
    ROW EXCLUSIVE: readers go on, a second writer waits). Two dbt commands on one schema at once (a slow scheduled
    run and the next) otherwise both found the same periods to replace, and the second's delete, waiting on the
    first's, left the rows the first inserted: every period twice, which no later run saw. The second now looks
    up after the first has committed, and finds nothing left to write. dbt runs the compiled query in the
    transaction of its lookups, so the lock covers both. Only the commands that write the table take it (dbt retry
    runs as the command it retries): dbt compile, show or docs generate neither wait for a run nor need more than
    select. Nothing on other engines: DuckDB lets one process write a file, and Spark rebuilds these tables whole. -#}
{% macro lock_against_other_writers(relation) %}
    {{- return(adapter.dispatch('lock_against_other_writers', 'user_segmentation')(relation)) -}}
{% endmacro %}

{% macro default__lock_against_other_writers(relation) -%}
{%- endmacro %}

{% macro postgres__lock_against_other_writers(relation) -%}
    {%- if flags.WHICH in ['run', 'build'] -%}
        {%- do run_query('lock table ' ~ relation ~ ' in share row exclusive mode') -%}
    {%- endif -%}
{%- endmacro %}
