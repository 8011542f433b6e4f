{#- Run at the start of every dbt command (on-run-start): stops it, before anything is built, when an
    unlogged incremental model's table has lost its rows (a crash empties PostgreSQL's unlogged tables; its
    digest, logged, says it held some) and the command reads that table without rebuilding it. A logged table
    may be empty by right (a half of the timeline whose persons all have ids of the other parity). A selected model
    rebuilds itself whole (find_rebuilt_days); the nodes downstream of one not selected would otherwise read
    an empty table and replace the marts with empty ones. -#}
{% macro stop_if_rebuildable_tables_lost() %}
    {%- if not execute -%}
        {{ return('') }}
    {%- endif -%}
    {%- set models = graph.nodes.values() | selectattr('resource_type', 'equalto', 'model') | list -%}
    {%- for node in models if node.config.materialized == 'incremental' and node.config.get('unlogged')
        and node.unique_id not in selected_resources -%}
        {%- set relation = adapter.get_relation(database=node.database, schema=node.schema, identifier=node.alias) -%}
        {%- set digest = adapter.get_relation(database=node.database, schema=node.schema, identifier=node.alias ~ '__digest') -%}
        {%- if relation is not none and digest is not none -%}
            {%- set query -%}
                select count(*) from {{ digest }}
                where not exists (select 1 from {{ relation }})
            {%- endset -%}
            {%- set readers = _selected_readers(node.unique_id) if run_query(query).columns[0].values()[0] > 0 else [] -%}
            {%- if readers -%}
                {%- set incremental_models = [] -%}
                {%- for model in models if model.config.materialized == 'incremental' and model.config.get('unlogged') -%}
                    {%- do incremental_models.append(model.name) -%}
                {%- endfor -%}
                {%- do _stop_reading_unbuilt(
                    relation, "has lost its rows (PostgreSQL empties unlogged tables when it recovers from a crash)",
                    readers, "Rebuild it", incremental_models,
                ) -%}
            {%- endif -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return('') }}
{% endmacro %}

{#- Stops the command: the table `relation` `is_what` (unfit to be read) and the selected `readers` read it without
    rebuilding it. Names the `models` to run first (`do_first` them) and the selection with what it is built from. -#}
{% macro _stop_reading_unbuilt(relation, is_what, readers, do_first, models) %}
    {%- set selection = invocation_args_dict.get('select') or [] -%}
    {{ exceptions.raise_compiler_error(
        "table " ~ relation ~ " " ~ is_what ~ " and this selection reads it without rebuilding it ("
        ~ readers[:3] | join(', ') ~ (', ...' if readers | length > 3 else '') ~ "); nothing was built. " ~ do_first
        ~ " first: dbt run --select " ~ models | join(' ') ~ same_vars_note()
        ~ ", or select what it is built from too: --select "
        ~ ('+' ~ selection | join(' +') if selection else '+' ~ readers[0]) ~ "."
    ) }}
{% endmacro %}

{#- The names of the selected nodes that read the node `unique_id`, directly or through other models. -#}
{% macro _selected_readers(unique_id) %}
    {%- set downstream = [unique_id] -%}
    {%- set state = namespace(changed=true) -%}
    {%- for _ in graph.nodes if state.changed -%}
        {%- set state.changed = false -%}
        {%- for node in graph.nodes.values()
            if node.resource_type in ['model', 'snapshot', 'test'] and node.unique_id not in downstream
            and node.depends_on.nodes | select('in', downstream) | list -%}
            {%- do downstream.append(node.unique_id) -%}
            {%- set state.changed = true -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- set readers = [] -%}
    {%- for node_id in downstream[1:] if node_id in selected_resources -%}
        {%- do readers.append(graph.nodes[node_id].name) -%}
    {%- endfor -%}
    {{ return(readers) }}
{% endmacro %}
