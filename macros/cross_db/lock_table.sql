{#- The statement that locks a table until the end of the model's transaction, on PostgreSQL, in the commands that
    write (run and build; dbt retry runs as the command it retries): `for_` 'writing', SHARE ROW EXCLUSIVE (readers
    go on, another writer waits), or 'reading', SHARE (waits for the writers holding the table, and holds new ones
    off until it commits; other readers go on). '' elsewhere: DuckDB lets one process write a file, and Spark
    rebuilds these tables whole; dbt compile, show or docs generate neither wait for a run nor need more than
    select.

    Two dbt commands on one schema at once (a slow scheduled run and the next, or a manual one during it): the
    marts over the history lock their table for writing before they look up what to replace, and the logs of the
    period changes they read for reading (is_history_period_rebuilt); the models that log their changes lock
    their log for writing (record_period_changes). So a second writer of a mart decides what to replace after the
    first has committed (both replaced the same periods and left them twice), and a mart reads a log only when no
    run is writing it, so that each change a run logs comes after all those a mart has read
    (record_period_changes_read). -#}
{% macro lock_table(relation, for_) %}
    {%- if for_ not in ['writing', 'reading'] -%}
        {{ exceptions.raise_compiler_error("lock_table: for_ = '" ~ for_ ~ "' is not 'writing' or 'reading'") }}
    {%- endif -%}
    {{- return(adapter.dispatch('lock_table', 'user_segmentation')(relation, for_)) -}}
{% endmacro %}

{% macro default__lock_table(relation, for_) -%}
{%- endmacro %}

{% macro postgres__lock_table(relation, for_) -%}
    {%- if flags.WHICH in ['run', 'build'] -%}
        lock table {{ relation }} in {{ 'share row exclusive' if for_ == 'writing' else 'share' }} mode
    {%- endif -%}
{%- endmacro %}
