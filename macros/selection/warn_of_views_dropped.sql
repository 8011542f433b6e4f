{#- Run at the end of every dbt command (on-run-end), on PostgreSQL: warns of the views of the project that the
    command did not build and that do not exist while a model they read, directly or through such views, was
    rebuilt: PostgreSQL dropped them with that model's old relation (dbt drops it with cascade), unless they were
    never built. Names the command that builds them again. -#}
{% macro warn_of_views_dropped(results) %}
    {%- if not execute or target.type != 'postgres' -%}
        {{ return('') }}
    {%- endif -%}
    {%- set rebuilt = [] -%}
    {#- the models whose old relation the command dropped: replaced, not added to in place as an incremental run does -#}
    {%- for result in results if result.node.resource_type == 'model' and result.status == 'success'
        and (result.node.config.materialized in ['table', 'view'] or flags.FULL_REFRESH) -%}
        {%- do rebuilt.append(result.node.unique_id) -%}
    {%- endfor -%}
    {%- set views = graph.nodes.values() | selectattr('resource_type', 'equalto', 'model')
        | selectattr('config.materialized', 'equalto', 'view') | list -%}
    {%- set gone, dropped = rebuilt[:], [] -%}
    {#- one pass per level of views over views -#}
    {%- for _ in views -%}
        {%- for node in views if node.unique_id not in gone and node.depends_on.nodes | select('in', gone) | list
            and adapter.get_relation(database=node.database, schema=node.schema, identifier=node.alias) is none -%}
            {%- do gone.append(node.unique_id) -%}
            {%- do dropped.append(node.name) -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- if dropped -%}
        {%- set plural = dropped | length > 1 -%}
        {{ exceptions.warn(
            "the view" ~ ('s ' if plural else ' ') ~ dropped | join(', ') ~ (' do' if plural else ' does')
            ~ " not exist: PostgreSQL dropped " ~ ('them' if plural else 'it') ~ " with what "
            ~ ('they read' if plural else 'it reads') ~ ", which this command rebuilt (or "
            ~ ('they were' if plural else 'it was') ~ " never built). Build " ~ ('them' if plural else 'it')
            ~ ": dbt run --select " ~ dropped | join(' ') ~ same_vars_note()
        ) }}
    {%- endif -%}
    {{ return('') }}
{% endmacro %}
