{#- Run at the start of every dbt command (on-run-start): stops it, before anything is built, when a selected node
    reads a model that the command does not build and whose relation does not exist: never built, or a view that
    PostgreSQL dropped with the table or view it reads, when a selection rebuilt that one without it (dbt drops
    the old relation with cascade). Otherwise the command would stop at that node on a database error, or a
    BI tool later. Not with --defer, where such models are read from another environment. -#}
{% macro stop_if_read_relations_missing() %}
    {%- if not execute or invocation_args_dict.get('defer') -%}
        {{ return('') }}
    {%- endif -%}
    {%- set missing, readers = [], [] -%}
    {%- for unique_id in selected_resources -%}
        {%- set node = graph.nodes.get(unique_id) -%}
        {%- if node and node.resource_type in ['model', 'snapshot', 'test'] -%}
            {%- for parent_id in node.depends_on.nodes if parent_id not in selected_resources -%}
                {%- set parent = graph.nodes.get(parent_id) -%}
                {%- if parent_id not in missing and parent and parent.resource_type == 'model'
                    and parent.config.materialized != 'ephemeral'
                    and adapter.get_relation(database=parent.database, schema=parent.schema, identifier=parent.alias)
                    is none -%}
                    {%- do missing.append(parent_id) -%}
                {%- endif -%}
                {%- if parent_id in missing and node.name not in readers -%}
                    {%- do readers.append(node.name) -%}
                {%- endif -%}
            {%- endfor -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if missing -%}
        {%- set names = [] -%}
        {%- for parent_id in missing -%}
            {%- do names.append(graph.nodes[parent_id].name) -%}
        {%- endfor -%}
        {%- set selection = invocation_args_dict.get('select') or [] -%}
        {{ exceptions.raise_compiler_error(
            "this selection reads " ~ names | join(', ') ~ " without building " ~ ('them' if names | length > 1 else 'it')
            ~ " (" ~ readers[:3] | join(', ') ~ (', ...' if readers | length > 3 else '') ~ "), and "
            ~ ('they do' if names | length > 1 else 'it does') ~ " not exist in the warehouse: never built, or a view "
            ~ "dropped with what it reads when a selection rebuilt that alone. Nothing was built. Build "
            ~ ('them' if names | length > 1 else 'it') ~ " first: dbt run --select " ~ names | join(' ')
            ~ (", or select " ~ ('them' if names | length > 1 else 'it') ~ " too: --select "
               ~ selection | join(' ') ~ " " ~ names | join(' ') if selection else '') ~ "."
        ) }}
    {%- endif -%}
    {{ return('') }}
{% endmacro %}
