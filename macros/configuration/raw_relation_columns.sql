{#- The raw table of `source_node` as {relation, columns: [{name, quoted, kind, type}]}, or none when there is none.
    A column's name is the one the models' unquoted names reach; kind is string, integer, fraction (numeric, real,
    double), timestamp (a date too, which casts to its midnight), other, or none where the engine's types are not
    classified. -#}
{% macro raw_relation_columns(source_node) %}
    {{- return(adapter.dispatch('raw_relation_columns', 'user_segmentation')(source_node)) -}}
{% endmacro %}

{#- dbt's adapter methods; these engines read names in any case, so a name is compared in lower case. -#}
{% macro default__raw_relation_columns(source_node) %}
    {%- set relation = adapter.get_relation(
        database=source_node.database, schema=source_node.schema, identifier=source_node.identifier
    ) -%}
    {%- if relation is none -%}
        {{- return(none) -}}
    {%- endif -%}
    {%- set columns = [] -%}
    {%- for column in adapter.get_columns_in_relation(relation) -%}
        {%- set base_type = column.dtype | lower | replace('(', ' ') | trim -%}
        {%- set kind = 'string' if column.is_string()
            else 'fraction' if base_type.split(' ')[0] in ('numeric', 'decimal', 'real', 'double', 'float')
            else none -%}
        {%- do columns.append({
            'name': column.name | lower, 'quoted': adapter.quote(column.name), 'kind': kind, 'type': column.dtype
        }) -%}
    {%- endfor -%}
    {{- return({'relation': relation, 'columns': columns}) -}}
{% endmacro %}

{#- pg_catalog, not dbt's adapter methods: those read pg_tables and information_schema, which list no foreign
    table, nor a materialized view's columns, nor a relation the role has no privilege on. Any relation that can
    be selected from counts; names are compared as PostgreSQL resolves them (case-sensitive). A relation found
    that the role may not read (no USAGE on its schema, no SELECT on it or on one of its columns) stops
    the run naming the grant it needs, where PostgreSQL's "permission denied" would come from inside a model. -#}
{% macro postgres__raw_relation_columns(source_node) %}
    {%- set found = run_query(
        "select c.oid is not null, has_schema_privilege(n.oid, 'usage'), has_any_column_privilege(c.oid, 'select'),
                a.attname, format_type(coalesce(nullif(t.typbasetype, 0), a.atttypid), null),
                has_column_privilege(c.oid, a.attnum, 'select')
         from pg_catalog.pg_class as c
         join pg_catalog.pg_namespace as n on n.oid = c.relnamespace
         left join pg_catalog.pg_attribute as a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
         left join pg_catalog.pg_type as t on t.oid = a.atttypid
         where n.nspname = " ~ sql_string(source_node.schema) ~ "
           and c.relname = " ~ sql_string(source_node.identifier) ~ "
           and c.relkind in ('r', 'p', 'v', 'm', 'f')
         order by a.attnum"
    ).rows -%}
    {%- if not found -%}
        {{- return(none) -}}
    {%- endif -%}
    {%- set table = source_node.schema ~ "." ~ source_node.identifier -%}
    {#- every column: staging selects * from the raw table -#}
    {%- set unreadable = found | selectattr(3) | rejectattr(5) | map(attribute=3) | list -%}
    {%- set needed = "has no usage on schema " ~ source_node.schema ~ "; grant it usage on the schema"
            if not found[0][1]
        else "may not select from it; grant it select on the table" if not found[0][2]
        else "may not select its column(s) " ~ unreadable | join(', ') ~ "; grant it select on them, or on the table"
            if unreadable -%}
    {%- if needed -%}
        {{ exceptions.raise_compiler_error(
            "source table " ~ table ~ " exists, but role " ~ target.user ~ " " ~ needed ~ " (docs/warehouse.md)"
        ) }}
    {%- endif -%}
    {%- set columns = [] -%}
    {%- for row in found if row[3] is not none -%}
        {%- set kind = 'string' if row[4] in ('text', 'character varying', 'character', 'name', 'citext')
            else 'integer' if row[4] in ('smallint', 'integer', 'bigint')
            else 'fraction' if row[4] in ('numeric', 'real', 'double precision')
            else 'timestamp' if row[4] in ('timestamp with time zone', 'timestamp without time zone', 'date')
            else 'other' -%}
        {%- do columns.append({'name': row[3], 'quoted': adapter.quote(row[3]), 'kind': kind, 'type': row[4]}) -%}
    {%- endfor -%}
    {%- set relation = api.Relation.create(
        database=source_node.database, schema=source_node.schema, identifier=source_node.identifier
    ) -%}
    {{- return({'relation': relation, 'columns': columns}) -}}
{% endmacro %}
