{#- Run at the start of every dbt command (on-run-start): stops it, before anything is built, when a model or snapshot
    of this project that it builds reads a model (or a test of `dbt test` a snapshot) that it does not build and
    whose relation does not exist: never built, or a view that PostgreSQL dropped with the table or view it reads,
    when a selection rebuilt that one without it (dbt drops the old relation with cascade). Otherwise the command
    would stop at that node on a database error, or a BI tool later. Names every missing model up the chain, so that
    one command builds them. The tests of `dbt test` are readers too (it builds nothing: on a target never built,
    each of them failed on a database error); those of `dbt build` are not: one that reads a missing model fails
    alone. Not with --defer, where such models are read from another environment. -#}
{% macro stop_if_read_relations_missing() %}
    {%- if not execute or invocation_args_dict.get('defer') -%}
        {{ return('') }}
    {%- endif -%}
    {%- set exists, missing, missing_snapshots, readers = {}, [], [], [] -%}
    {%- set pending = [] -%}
    {%- for unique_id in selected_resources -%}
        {%- set node = graph.nodes.get(unique_id) -%}
        {%- if node and node.package_name == 'user_segmentation' and (node.resource_type in ['model', 'snapshot']
                or node.resource_type == 'test' and flags.WHICH == 'test') -%}
            {%- for parent_id in node.depends_on.nodes if parent_id not in selected_resources -%}
                {%- do pending.append((node.name, parent_id)) -%}
            {%- endfor -%}
        {%- endif -%}
    {%- endfor -%}
    {#- the missing parents, then theirs, and so on: a loop over a list that grows (at most one pass per node) -#}
    {%- for reader, parent_id in pending -%}
        {%- set parent = graph.nodes.get(parent_id) -%}
        {%- if parent and (parent.resource_type == 'model' and parent.config.materialized != 'ephemeral'
                           or parent.resource_type == 'snapshot') -%}
            {%- if parent_id not in exists -%}
                {%- do exists.update({parent_id: adapter.get_relation(
                    database=parent.database, schema=parent.schema, identifier=parent.alias) is not none}) -%}
                {%- if not exists[parent_id] -%}
                    {%- set same_kind = missing_snapshots if parent.resource_type == 'snapshot' else missing -%}
                    {%- do same_kind.append(parent.name) -%}
                    {%- for grandparent_id in parent.depends_on.nodes if grandparent_id not in selected_resources -%}
                        {%- do pending.append((none, grandparent_id)) -%}
                    {%- endfor -%}
                {%- endif -%}
            {%- endif -%}
            {%- if not exists[parent_id] and reader and reader not in readers -%}
                {%- do readers.append(reader) -%}
            {%- endif -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if missing or missing_snapshots -%}
        {%- set missing, missing_snapshots = missing | sort | list, missing_snapshots | sort | list -%}
        {%- set all_missing = missing + missing_snapshots -%}
        {%- set them = 'them' if all_missing | length > 1 else 'it' -%}
        {%- set selection = invocation_args_dict.get('select') or [] -%}
        {#- nothing it reads or builds exists: a target never built, which one plain command builds -#}
        {%- set never_built = namespace(value=not exists.values() | select | list and missing | length > 1) -%}
        {%- for unique_id in selected_resources if never_built.value -%}
            {%- set node = graph.nodes.get(unique_id) -%}
            {%- if node and node.resource_type in ['model', 'snapshot'] and node.config.materialized != 'ephemeral'
                  and adapter.get_relation(database=node.database, schema=node.schema, identifier=node.alias) -%}
                {%- set never_built.value = false -%}
            {%- endif -%}
        {%- endfor -%}
        {%- set never_built = never_built.value -%}
        {#- a snapshot is built by dbt snapshot, after the models it reads; only tests read one -#}
        {%- set commands = (['dbt run' ~ ('' if never_built else ' --select ' ~ missing | join(' ')) ~ same_vars_note()]
                            if missing else [])
            + (['dbt snapshot --select ' ~ missing_snapshots | join(' ') ~ same_vars_note()] if missing_snapshots else []) -%}
        {%- set what = (missing | length ~ " models"
                        ~ (" and " ~ missing_snapshots | length ~ " snapshot" ~ ("s" if missing_snapshots | length > 1)
                           if missing_snapshots else "")
                        ~ " of the project without building them, and none exists in the warehouse: a target never "
                        ~ "built")
                       if never_built else
                       (all_missing | join(', ') ~ " without building " ~ them ~ " (" ~ readers[:3] | join(', ')
                        ~ (', ...' if readers | length > 3 else '') ~ "), and "
                        ~ ('they do' if all_missing | length > 1 else 'it does')
                        ~ " not exist in the warehouse: never built, or a view PostgreSQL dropped with what it reads "
                        ~ "when a selection rebuilt that alone") -%}
        {{ exceptions.raise_compiler_error(
            "this selection reads " ~ what ~ ". "
            ~ ("No test was run" if flags.WHICH == 'test' else "Nothing was built")
            ~ ". Build " ~ them ~ " first: " ~ commands | join(', then ')
            ~ (", or select " ~ them ~ " too: --select " ~ selection | join(' ') ~ " " ~ missing | join(' ')
               if selection and flags.WHICH != 'test' and not never_built else '') ~ "."
        ) }}
    {%- endif -%}
    {{ return('') }}
{% endmacro %}
