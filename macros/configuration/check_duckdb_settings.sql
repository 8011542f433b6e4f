{#- On DuckDB, a default collation other than binary (a profile's settings: default_collation: nocase) is refused
    before anything is built: DuckDB then compares, groups and sorts every text by it, so that two labels differing
    only in case (Power Users, power users) would count as one, where PostgreSQL and the specification's queries
    tell them apart. The raw text columns are read as written whatever the setting (text_as_written). -#}
{% macro check_duckdb_settings() %}
    {%- if execute and target.type == 'duckdb' -%}
        {%- set collation = run_query("select current_setting('default_collation')").rows[0][0] -%}
        {%- if collation | lower not in ['', 'binary'] -%}
            {{ exceptions.raise_compiler_error(
                "target " ~ target.name ~ "'s DuckDB sessions have default_collation " ~ collation ~ ": DuckDB then "
                ~ "compares text by it, and labels that differ only in case would count as one, where PostgreSQL "
                ~ "and the specification tell them apart: remove default_collation from the target's settings "
                ~ "(binary, DuckDB's default, compares text as written)"
            ) }}
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}
