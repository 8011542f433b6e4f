{#- Post-hook of the tables that later models join: fresh planner statistics, so that the models reading them
    plan for their real size (a new table has none until autovacuum gets to it), when the build wrote enough
    of the table to change them; of the current model's table,
    or of `relation`. `expressions`: the expressions queries group by (such as a timestamp's day), which get
    statistics of their own, without which PostgreSQL takes each value of the timestamp for a group of its own
    and gives up aggregating in parallel. PostgreSQL (14 or later) only. -#}
{% macro refresh_statistics(relation=none, expressions=[]) %}
    {{- return(adapter.dispatch('refresh_statistics', 'user_segmentation')(relation or this, expressions)) -}}
{% endmacro %}

{% macro default__refresh_statistics(relation, expressions) -%}
{%- endmacro %}

{% macro postgres__refresh_statistics(relation, expressions) -%}
    {%- set regclass = sql_string(relation) ~ '::regclass' -%}
    {%- if expressions %}
        {%- set statistics = relation.incorporate(path={'identifier': relation.identifier ~ '__expressions'}) %}
        create statistics if not exists {{ statistics }}
        on ({{ expressions | join('), (') }}) from {{ relation }};
    {%- endif %}
    {#- autovacuum's scale factor, applied now: when the rows this transaction wrote are a tenth of the table or more
        (all of a new one, however small; without counts, always); an incremental run that adds a day spares the
        analyse. And when the expressions' statistics hold nothing yet: during a full refresh their name still
        belongs to the table being replaced, so the run after it creates them again, empty. #}
    do $refresh_statistics$
    begin
        if
            not current_setting('track_counts')::boolean
            {%- if expressions %}
            or not exists (
                select 1 from pg_stats_ext_exprs
                where
                    statistics_schemaname = {{ sql_string(statistics.schema) }}
                    and statistics_name = {{ sql_string(statistics.identifier) }}
            )
            {%- endif %}
            or (
                select coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0)
                from pg_stat_xact_user_tables
                where relid = {{ regclass }}
            ) >= 0.1 * (select greatest(reltuples, 0) from pg_class where oid = {{ regclass }})
        then
            analyze {{ relation }};
        end if;
    end
    $refresh_statistics$
{%- endmacro %}
