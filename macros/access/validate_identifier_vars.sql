{#- Run at the start of every dbt command (on-run-start, after check_renamed_vars): each var that names a
    database object (the raw tables' database, schema and table names, the readers' role) must be a plain
    identifier, so that no var value reaches SQL as anything but a name; dbt and the grant macros quote them,
    so case is kept. -#}
{% macro validate_identifier_vars() %}
    {%- if execute -%}
        {%- set may_be_empty = ['segmentation__source_database', 'segmentation__bi_reader_role'] -%}
        {%- set names = may_be_empty + ['segmentation__source_schema'] -%}
        {%- for source_node in graph.sources.values() if source_node.source_name == 'raw' -%}
            {%- do names.append('segmentation__' ~ source_node.name ~ '_identifier') -%}
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
        {%- set database = project_var('segmentation__source_database') -%}
        {%- if target.type == 'postgres' and database not in ['', target.database] -%}
            {{ exceptions.raise_compiler_error(
                "var " ~ passed_var('segmentation__source_database')
                ~ " = " ~ database ~ " is not the target's database " ~ target.database
                ~ ": PostgreSQL reads no other database in a query; leave the var empty (\"\") or use that database"
            ) }}
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}
