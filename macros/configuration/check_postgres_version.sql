{#- PostgreSQL 14 is the oldest server the project runs on: the message digests hash rows with
    hash_record_extended (row_checksum) and the message table gets statistics on an expression
    (refresh_statistics), both new in 14. An older server is named before any model is built. -#}
{% macro check_postgres_version() %}
    {%- if execute and target.type == 'postgres' -%}
        {%- set server = run_query(
            "select current_setting('server_version_num')::integer, current_setting('server_version')"
        ).rows[0] -%}
        {%- if server[0] < 140000 -%}
            {{ exceptions.raise_compiler_error(
                "target " ~ target.name ~ " is PostgreSQL " ~ server[1] ~ "; user_segmentation needs PostgreSQL 14 "
                ~ "or later (hash_record_extended and statistics on expressions are new in 14): upgrade the server, "
                ~ "or point the target at another one (docs/warehouse.md)"
            ) }}
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}
