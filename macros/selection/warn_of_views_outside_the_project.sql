{#- Run at the start of dbt run, dbt build and dbt seed (on-run-start), on PostgreSQL: warns of the views that are
    not this project's (a BI user's, a DBA's) and read a table or view the command replaces. dbt replaces one by
    dropping the old relation with cascade, and PostgreSQL drops those views with it, and any views over them: said
    before, since afterwards nothing is left to name. A seed is replaced on --full-refresh only (else emptied and
    loaded again). The project's own views are warn_of_views_dropped's. -#}
{% macro warn_of_views_outside_the_project() %}
    {%- if not execute or target.type != 'postgres' or flags.WHICH not in ['run', 'build', 'seed'] -%}
        {{ return('') }}
    {%- endif -%}
    {%- set replaced = [] -%}
    {%- for unique_id in selected_resources -%}
        {%- set node = graph.nodes.get(unique_id) -%}
        {%- if node and (node.resource_type == 'model' and (node.config.materialized in ['table', 'view']
                or node.config.materialized == 'incremental' and flags.FULL_REFRESH)
                or node.resource_type == 'seed' and flags.FULL_REFRESH) -%}
            {%- do replaced.append('(' ~ sql_string(node.schema) ~ ', ' ~ sql_string(node.alias) ~ ')') -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if not replaced -%}
        {{ return('') }}
    {%- endif -%}
    {%- set own = [] -%}
    {#- a test's relation: the failures dbt stores, in a view when store_failures_as says so -#}
    {%- for node in graph.nodes.values() if node.resource_type in ['model', 'seed', 'snapshot', 'test'] -%}
        {%- do own.append(node.schema ~ '.' ~ node.alias) -%}
    {%- endfor -%}
    {%- set views = run_query(
        "select distinct dependent_schema.nspname || '.' || dependent.relname, source.relname"
        ~ " from pg_depend"
        ~ " inner join pg_rewrite on pg_depend.objid = pg_rewrite.oid"
        ~ " inner join pg_class as dependent on pg_rewrite.ev_class = dependent.oid"
        ~ " inner join pg_namespace as dependent_schema on dependent.relnamespace = dependent_schema.oid"
        ~ " inner join pg_class as source on pg_depend.refobjid = source.oid"
        ~ " inner join pg_namespace as source_schema on source.relnamespace = source_schema.oid"
        ~ " where pg_depend.classid = 'pg_rewrite'::regclass and pg_depend.refclassid = 'pg_class'::regclass"
        ~ " and dependent.oid <> source.oid"
        ~ " and (source_schema.nspname, source.relname) in (values " ~ replaced | join(', ') ~ ")"
        ~ " order by 1, 2"
    ).rows | rejectattr(0, 'in', own) | list -%}
    {%- if views -%}
        {%- set named = [] -%}
        {%- for view, source in views -%}
            {%- do named.append(view ~ ' (reads ' ~ source ~ ')') -%}
        {%- endfor -%}
        {%- do exceptions.warn(
            "view(s) of no model of this project read what this command replaces: " ~ named | join(', ')
            ~ ". dbt replaces a table or view by dropping the old one with cascade, so PostgreSQL drops "
            ~ "them with it, and any views over them: create them again after the run, or make them models "
            ~ "(docs/warehouse.md)"
        ) -%}
    {%- endif -%}
    {{ return('') }}
{% endmacro %}
