{#- On an incremental run of the current model, the first local calendar day to rebuild, as a SQL date
    literal: var incremental__lookback_days before the day of the latest `column` already in the table
    (rows dated after the run started, future-dated by mistake, are not the latest). None on a full build or
    while the table has no dated row: rebuild every day. `column` is an instant (timestamp with time zone) or,
    with is_date, a local date. -#}
{% macro recompute_from_date(column, is_date=false) %}
    {%- set lookback_days = incremental_lookback_days() -%}  {#- read on every build, so a bad value stops it -#}
    {%- if not (execute and is_incremental()) -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set run_started = "cast('" ~ run_started_at.isoformat() ~ "' as " ~ type_instant() ~ ")" -%}
    {%- if is_date -%}
        {%- set latest, not_after = 'max(' ~ column ~ ')', 'cast(' ~ to_local_timestamp(run_started) ~ ' as date)' -%}
    {%- else -%}
        {%- set latest, not_after = 'cast(' ~ to_local_timestamp('max(' ~ column ~ ')') ~ ' as date)', run_started -%}
    {%- endif -%}
    {%- set query -%}
        select cast({{ dbt.dateadd('day', -lookback_days, latest) }} as date)
        from {{ this }}
        where {{ column }} <= {{ not_after }}
    {%- endset -%}
    {%- set first_day = run_query(query).columns[0].values()[0] -%}
    {{ return(none if first_day is none else "cast('" ~ first_day ~ "' as date)") }}
{% endmacro %}

{#- The instant a local calendar day (a SQL date) starts: its local midnight. -#}
{% macro local_day_start(date_expression) %}
    {{- return(from_local_timestamp('cast(' ~ date_expression ~ ' as ' ~ dbt.type_timestamp() ~ ')')) -}}
{% endmacro %}

{#- The rows an incremental run rebuilds, as a condition on `column` (an instant, or with is_date a local
    date): those dated from `first_day` on, and the undated ones. -#}
{% macro is_rebuilt(column, first_day, is_date=false) %}
    {%- set first = first_day if is_date else local_day_start(first_day) -%}
    {{- return('(' ~ column ~ ' >= ' ~ first ~ ' or ' ~ column ~ ' is null)') -}}
{% endmacro %}

{#- Pre-hook of the incremental models: on an incremental run, delete the rows it rebuilds (all of them while
    the table has no dated row), so that the run appends them anew. -#}
{% macro delete_rows_to_rebuild(column, is_date=false) %}
    {%- set first_day = recompute_from_date(column, is_date) -%}
    {%- if is_incremental() -%}
        delete from {{ this }}
        {%- if first_day is not none %} where {{ is_rebuilt(column, first_day, is_date) }}{% endif %}
    {%- endif -%}
{% endmacro %}
