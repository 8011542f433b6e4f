{#- On DuckDB, a database file named as a schema that the build reads or writes (analytics.duckdb, raw.duckdb) is
    refused before anything is built: the file is a catalog of that name, and DuckDB then creates no view that reads
    a relation in that schema (its "Ambiguous reference to catalog or schema" from inside a model, a staging view
    over the raw tables or a view over a mart). Names are compared in lower case, as DuckDB reads them. -#}
{% macro check_duckdb_catalog_name() %}
    {%- if execute and target.type == 'duckdb' -%}
        {%- set relations = graph.nodes.values() | selectattr('resource_type', 'in', ['model', 'seed', 'snapshot'])
            | list + graph.sources.values() | selectattr('source_name', 'equalto', 'raw') | list -%}
        {%- for relation in relations if (relation.database or '') | lower == relation.schema | lower -%}
            {%- set is_source = relation.resource_type == 'source' -%}
            {{ exceptions.raise_compiler_error(
                "DuckDB file " ~ (target.path or relation.database) ~ " is the catalog " ~ relation.database
                ~ ", and this build uses a schema of that name, " ~ relation.schema ~ " ("
                ~ ("of the raw tables" if is_source else "of " ~ relation.name ~ " and others") ~ "), where DuckDB "
                ~ "cannot create a view that reads a relation of the schema (\"Ambiguous reference to catalog or "
                ~ "schema\"). Rename the file (DUCKDB_PATH in profiles.example.yml), or give the schema another name: "
                ~ ("var segmentation__source_schema" if is_source
                   else "the target's schema (DBT_SCHEMA in profiles.example.yml), now " ~ target.schema
                        ~ ", from which the models' schemas are named")
            ) }}
        {%- endfor -%}
    {%- endif -%}
{%- endmacro %}
