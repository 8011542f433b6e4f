{#- When and by which definitions the labels of int_users_segmented (the table user_segments and the other as-of
    marts copy) were computed, read from the table itself: {as_of: a datetime, or none when nobody is segmented,
    definitions_version, users: how many}. user_personas_snapshot records the labels with these, not with the vars
    of its own command, which may be another day's. A table never built holds no users (a run that reads it stops
    earlier, stop_if_read_relations_missing); one built before it kept definitions_version stops the run, or with
    `strict` false gives definitions_version none. `table`: int_users_segmented's relation, for a hook, where ref
    is not allowed. -#}
{% macro labels_as_built(strict=true, table=none) %}
    {%- set table = table or ref('int_users_segmented') -%}
    {%- set found = adapter.get_relation(table.database, table.schema, table.identifier) -%}
    {%- if found is none -%}
        {{ return({'as_of': none, 'definitions_version': none, 'users': 0}) }}
    {%- endif -%}
    {%- set columns = adapter.get_columns_in_relation(found) | map(attribute='name') | map('lower') | list -%}
    {%- if 'definitions_version' not in columns and not strict -%}
        {{ return({'as_of': none, 'definitions_version': none, 'users': none}) }}
    {%- elif 'definitions_version' not in columns -%}
        {%- do exceptions.raise_compiler_error(
            'int_users_segmented (' ~ found ~ ") was built by an earlier version of the project, which did not keep "
            ~ "the definitions of its labels, so user_personas_snapshot cannot tell which to record: run dbt run "
            ~ "(or dbt build, which snapshots too) first" ~ same_vars_note() ~ "."
        ) -%}
    {%- endif -%}
    {%- set row = run_query('select min(as_of), min(definitions_version), count(*) from ' ~ found).rows[0] -%}
    {{ return({'as_of': row[0], 'definitions_version': row[1], 'users': row[2]}) }}
{%- endmacro %}
