{#- Run at the start of every dbt command (on-run-start): stops a dbt run, build or retry that would build from an
    empty raw table what the last build built from rows. A loader that empties a table before loading it again (a
    truncate and reload) leaves it so for a while: a run then would replace every mart with empty ones, and on
    PostgreSQL and DuckDB make the next run rebuild every day. Without rows in message, persons or person_contacts
    nobody is segmented (the specification's joins), so one of them empty while int_users_segmented holds users
    stops a command that builds a model reading it, unless it rebuilds in full (--full-refresh): that builds what
    the tables hold, empty or not. Without rows in conversation users are still segmented, every message then in
    neither a one-on-one nor a group conversation (the specification's left join): an empty conversation stops it
    too, where a user of the last build had messages in a one-on-one or a group conversation (one row of
    int_users_segmented says so; a warehouse without conversations is left alone). -#}
{% macro stop_if_sources_emptied() %}
    {%- if not execute or flags.FULL_REFRESH or flags.WHICH not in ['run', 'build', 'retry'] -%}
        {{ return('') }}
    {%- endif -%}
    {%- set sources = graph.sources.values() | selectattr('source_name', 'equalto', 'raw')
        | selectattr('name', 'in', ['message', 'persons', 'person_contacts', 'conversation']) | list -%}
    {%- set models = graph.nodes.values() | selectattr('resource_type', 'equalto', 'model') | list -%}
    {#- the staging views over the raw tables, and the selected models that read them -#}
    {%- set staging = sources | map(attribute='unique_id') | list -%}
    {%- for node in models if node.config.materialized == 'view'
        and node.depends_on.nodes | select('in', staging) | list -%}
        {%- do staging.append(node.unique_id) -%}
    {%- endfor -%}
    {%- set readers = [] -%}
    {%- for node in models if node.unique_id in selected_resources
        and node.config.materialized != 'view' and node.depends_on.nodes | select('in', staging) | list -%}
        {%- do readers.append(node.name) -%}
    {%- endfor -%}
    {%- set labels = models | selectattr('name', 'equalto', 'int_users_segmented') | first -%}
    {%- set built = api.Relation.create(database=labels.database, schema=labels.schema, identifier=labels.alias) -%}
    {%- set users = labels_as_built(strict=false, table=built).users if readers else none -%}
    {%- if not users -%}
        {{ return('') }}
    {%- endif -%}
    {%- set relations = [] -%}
    {%- for source_node in sources -%}
        {%- do relations.append(adapter.get_relation(
            database=source_node.database, schema=source_node.schema, identifier=source_node.identifier
        )) -%}
    {%- endfor -%}
    {#- a table that does not exist is named by check_raw_tables -#}
    {%- if none in relations -%}
        {{ return('') }}
    {%- endif -%}
    {%- set query -%}
        select
            {%- for relation in relations %}
            (select count(*) from (select 1 as found from {{ relation }} limit 1) as first_row) as rows_{{ loop.index }}
            {{- ',' if not loop.last }}
            {%- endfor %}
    {%- endset -%}
    {%- set counts = run_query(query).rows[0] -%}
    {%- set emptied = [] -%}
    {%- for source_node in sources -%}
        {%- if counts[loop.index0] == 0 -%}
            {%- do emptied.append(source_node) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- set without_rows = emptied | rejectattr('name', 'equalto', 'conversation') | list -%}
    {%- if emptied | length > without_rows | length and not run_query(
        'select 1 from ' ~ built ~ ' where messages_1on1 > 0 or messages_group > 0 limit 1').rows -%}
        {#- an empty conversation moves no user where no segmented user had a message in a typed conversation -#}
        {%- set emptied = without_rows -%}
    {%- endif -%}
    {%- if not emptied -%}
        {{ return('') }}
    {%- endif -%}
    {%- set empty = [] -%}
    {%- for source_node in emptied -%}
        {%- do empty.append(source_node.schema ~ '.' ~ source_node.identifier) -%}
    {%- endfor -%}
    {%- set consequence = 'replace every mart with empty ones' if without_rows
        else 'read every message as in neither a one-on-one nor a group conversation, and move the users whose '
             ~ 'personas count them' -%}
    {{ exceptions.raise_compiler_error(
        ("source tables " ~ empty | join(' and ') ~ " have" if empty | length > 1
         else "source table " ~ empty[0] ~ " has")
        ~ " no rows, where the last build segmented " ~ users ~ " users (" ~ built ~ "): this command would "
        ~ consequence ~ " (it builds " ~ readers[:3] | join(', ')
        ~ (', ...' if readers | length > 3 else '') ~ ", which read the raw tables); nothing was built. If a "
        ~ "loader is loading the table again, run once it has; to build the marts from the tables as they are, "
        ~ "run with --full-refresh" ~ same_vars_note() ~ "."
    ) }}
{% endmacro %}
