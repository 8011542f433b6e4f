{#- Run at the end of every dbt command (on-run-end): warns of each view of the project that the command did not
    build and that no longer exists while a model it reads was rebuilt: PostgreSQL dropped it with that model's
    old relation (dbt drops it with cascade). Names the command that builds it again. -#}
{% macro warn_of_views_dropped(results) %}
    {%- if not execute -%}
        {{ return('') }}
    {%- endif -%}
    {%- set rebuilt = [] -%}
    {%- for result in results if result.node.resource_type == 'model' and result.status == 'success' -%}
        {%- do rebuilt.append(result.node.unique_id) -%}
    {%- endfor -%}
    {%- set dropped = [] -%}
    {%- for node in graph.nodes.values()
        if node.resource_type == 'model' and node.config.materialized == 'view' and node.unique_id not in rebuilt
        and node.depends_on.nodes | select('in', rebuilt) | list
        and adapter.get_relation(database=node.database, schema=node.schema, identifier=node.alias) is none -%}
        {%- do dropped.append(node.name) -%}
    {%- endfor -%}
    {%- if dropped -%}
        {{ exceptions.warn(
            "the view" ~ ('s ' if dropped | length > 1 else ' ') ~ dropped | join(', ') ~ " no longer exist"
            ~ ('' if dropped | length > 1 else 's') ~ ": PostgreSQL dropped " ~ ('them' if dropped | length > 1 else 'it')
            ~ " with the relation " ~ ('they read' if dropped | length > 1 else 'it reads')
            ~ ", which this command rebuilt. Build " ~ ('them' if dropped | length > 1 else 'it')
            ~ " again: dbt run --select " ~ dropped | join(' ')
        ) }}
    {%- endif -%}
    {{ return('') }}
{% endmacro %}
