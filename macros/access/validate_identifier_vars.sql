{#- Each var that names a database object (the raw tables' database, schema and table names, the readers' role)
    must be a plain identifier, so that no var value reaches SQL as anything but a name; dbt and the grant macros
    quote them, so case is kept. Run at the start of every dbt command (on-run-start, after check_var_names),
    for the raw tables of the graph; and by raw_table, for the table it reads, when dbt parses the project as
    well as when it compiles: dbt docs generate --no-compile compiles nothing and runs no hook, but puts the
    source schema in its catalog query, and a parse error stops it first. -#}
{% macro validate_identifier_vars(raw_tables=none) %}
    {%- set may_be_empty = ['segmentation__source_database', 'segmentation__bi_reader_role'] -%}
    {%- set names = may_be_empty + ['segmentation__source_schema'] -%}
    {%- set tables = raw_tables if raw_tables is not none
                     else graph.sources.values() | selectattr('source_name', 'equalto', 'raw')
                          | map(attribute='name') | list if execute
                     else [] -%}
    {%- for table in tables -%}
        {%- do names.append('segmentation__' ~ table ~ '_identifier') -%}
    {%- endfor -%}
    {%- for name in names | sort -%}
        {%- set value = project_var(name) -%}
        {%- if not (value is string and (modules.re.fullmatch('[A-Za-z_][A-Za-z0-9_$]{0,62}', value)
                                         or (name in may_be_empty and value == ''))) -%}
            {{ exceptions.raise_compiler_error(
                "var " ~ passed_var(name) ~ " = " ~ tojson(value) ~ " is not a name: expected a letter or underscore, then "
                ~ "up to 62 letters, digits, underscores or $" ~ (" (or \"\")" if name in may_be_empty else "")
            ) }}
        {%- endif -%}
    {%- endfor -%}
    {%- if project_var('segmentation__bi_reader_role') == 'public' -%}
        {#- PostgreSQL's PUBLIC, which no role can be named: the marts were granted to no one, with a warning to
            create a role PostgreSQL refuses -#}
        {{ exceptions.raise_compiler_error(
            "var " ~ passed_var('segmentation__bi_reader_role') ~ " = public is not a name of a role: PUBLIC is "
            ~ "every role of the server; name the role the BI tools log in as, or \"\" to grant nothing"
        ) }}
    {%- endif -%}
    {%- set database = project_var('segmentation__source_database') -%}
    {%- if target.type == 'postgres' and database not in ['', target.database] -%}
        {{ exceptions.raise_compiler_error(
            "var " ~ passed_var('segmentation__source_database')
            ~ " = " ~ database ~ " is not the target's database " ~ target.database
            ~ ": PostgreSQL reads no other database in a query; leave the var empty (\"\") or use that database"
        ) }}
    {%- endif -%}
{%- endmacro %}
