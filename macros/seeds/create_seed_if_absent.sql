{#- A pre-hook of the model that reads a seed: `dbt run` loads no seed, so on a fresh target the seed's table
    is created empty (its columns and column_types) and a warning says once how to load it; `dbt seed` or
    `dbt build` then fills it. Renders nothing when the table exists. -#}
{% macro create_seed_if_absent(seed_name) %}
    {#- the table itself, also under `--empty`, where the ref renders as a subquery -#}
    {%- set seed_ref = ref(seed_name) -%}
    {%- set seed_relation = api.Relation.create(
        database=seed_ref.database, schema=seed_ref.schema, identifier=seed_ref.identifier, type='table'
    ) -%}
    {%- if execute and load_relation(seed_relation) is none -%}
        {%- set seed = graph.nodes.values() | selectattr('resource_type', 'equalto', 'seed')
                       | selectattr('name', 'equalto', seed_name) | first -%}
        {%- set columns = [] -%}
        {%- for column, data_type in seed.config.column_types.items() -%}
            {%- do columns.append('cast(null as ' ~ data_type ~ ') as ' ~ adapter.quote(column)) -%}
        {%- endfor -%}
        {%- do adapter.create_schema(seed_relation) -%}
        {%- do run_query(get_create_table_as_sql(false, seed_relation,
                                                 'select ' ~ columns | join(', ') ~ ' where 1 = 0')) -%}
        {%- do exceptions.warn(
            "the seed " ~ seed_name ~ " was never loaded into " ~ seed_relation ~ ": created it empty, so nobody is "
            ~ "excluded by it in this run; `dbt seed` (or `dbt build`) loads " ~ seed.original_file_path
        ) -%}
    {%- endif -%}
{%- endmacro %}
