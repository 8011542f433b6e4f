{#- Run at the start of every dbt command (on-run-start): stops it, before anything is built, when it builds a model of
    the history from a half of the timeline that it does not build and that holds no period end: the half was last
    built whole for the as-of path alone (`--full-refresh --exclude tag:history`: builds_the_as_of_path_alone), which
    computes as_of alone and records no digest (find_rebuilt_person_days). The half's next run computes every period
    end; the history marts built before it would hold no user. The mark is an empty digest of a half with rows
    beside a rollup with days: a half built from days otherwise records them. -#}
{% macro stop_if_timeline_lacks_period_ends() %}
    {%- if not execute -%}
        {{ return('') }}
    {%- endif -%}
    {%- set models = graph.nodes.values() | selectattr('resource_type', 'equalto', 'model') | list -%}
    {%- set history_models = [] -%}
    {%- for node in models if 'history' in node.tags and node.unique_id in selected_resources -%}
        {%- do history_models.append(node.name) -%}
    {%- endfor -%}
    {%- if not history_models -%}
        {{ return('') }}
    {%- endif -%}
    {%- set halves = timeline_halves(names=true) -%}
    {%- set rollup = models | selectattr('name', 'equalto', 'int_person_days_aggregated') | first -%}
    {%- for node in models if node.name in halves and node.unique_id not in selected_resources -%}
        {%- set readers = _selected_readers(node.unique_id) | select('in', history_models) | list -%}
        {%- set relation = adapter.get_relation(database=node.database, schema=node.schema, identifier=node.alias)
            if readers else none -%}
        {%- set digest = load_relation(side_table(relation, 'digest')) if relation is not none else none -%}
        {%- set rollup_digest = load_relation(side_table(api.Relation.create(
            database=rollup.database, schema=rollup.schema, identifier=rollup.alias
        ), 'digest')) if digest is not none else none -%}
        {%- if rollup_digest is not none -%}
            {%- set query -%}
                select 1
                where
                    exists (select 1 from {{ relation }})
                    and not exists (select 1 from {{ digest }})
                    and exists (select 1 from {{ rollup_digest }})
            {%- endset -%}
            {%- if run_query(query).rows | length > 0 -%}
                {%- do _stop_reading_unbuilt(
                    relation, "holds no period end of the history: the last command that built it whole built the "
                    ~ "as-of marts without the history (--full-refresh --exclude tag:history),",
                    readers, "Build the timeline", halves,
                ) -%}
            {%- endif -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return('') }}
{% endmacro %}
