{#- On DuckDB, the settings that change how every query compares text or orders rows, each refused before anything
    is built when a profile's settings move it from DuckDB's default, which the project's SQL is written and tested
    for: default_collation (nocase: two labels differing only in case, Power Users and power users, would count as
    one, where PostgreSQL and the specification's queries tell them apart; the raw text columns are read as written
    whatever it is, text_as_written) and default_order (desc: every order by without a direction runs backwards,
    and every mart of the edge cases differed). Where nulls go is written in the SQL wherever it matters, so
    default_null_order changed none of their marts. -#}
{% macro check_duckdb_settings() %}
    {%- if execute and target.type == 'duckdb' -%}
        {%- set consequences = {
            'default_collation': (['', 'binary'], 'text is compared by it: labels that differ only in case would '
                                  ~ 'count as one'),
            'default_order': (['asc', 'ascending'], 'every order by without a direction runs backwards: the '
                              ~ "timeline's running totals and the first copy of each message among them"),
        } -%}
        {%- set settings = run_query(
            "select name, value from duckdb_settings() where name in ('" ~ consequences.keys() | join("', '")
            ~ "') order by name asc"
        ) -%}
        {%- set moved = [] -%}
        {%- for name, value in settings.rows if value | lower not in consequences[name][0] -%}
            {%- do moved.append(name ~ ' ' ~ value ~ ' (' ~ consequences[name][1] ~ ')') -%}
        {%- endfor -%}
        {%- if moved -%}
            {{ exceptions.raise_compiler_error(
                "target " ~ target.name ~ "'s DuckDB sessions have " ~ moved | join('; ') ~ ", where the project's "
                ~ "SQL is written for DuckDB's defaults, as PostgreSQL and the specification's queries read it: "
                ~ "remove " ~ ('them' if moved | length > 1 else 'it') ~ " from the target's settings"
            ) }}
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}
