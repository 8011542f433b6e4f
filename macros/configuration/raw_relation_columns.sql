{#- The raw table of `source_node` as {relation, columns: [{name, quoted, kind, type}]}, or none when there is none.
    A column's name is the one the models' unquoted names reach; kind is string, integer (one that fits a bigint),
    fraction (numeric, real, double; an integer type wider than bigint too, whose values are checked against its
    range as numeric ones are), timestamp (a date too, which casts to its midnight), other, or none where the
    engine's types are not classified. -#}
{% macro raw_relation_columns(source_node) %}
    {{- return(adapter.dispatch('raw_relation_columns', 'user_segmentation')(source_node)) -}}
{% endmacro %}

{#- dbt's adapter methods; these engines read names in any case, so a name is compared in lower case. A column's
    kind is that of its type's name in `kinds` (lower case, without its parameters: decimal(18,3) is decimal; else
    its first word, as a string's collation follows it), other for a name not there; with no kinds (an engine not
    classified), string, fraction or none. -#}
{% macro default__raw_relation_columns(source_node, kinds=none) %}
    {%- set relation = adapter.get_relation(
        database=source_node.database, schema=source_node.schema, identifier=source_node.identifier
    ) -%}
    {%- if relation is none -%}
        {{- return(none) -}}
    {%- endif -%}
    {%- set columns = [] -%}
    {%- for column in adapter.get_columns_in_relation(relation) -%}
        {#- a list of decimals, decimal(18,3)[], is decimal[] -#}
        {%- set base_type = modules.re.sub('\\([^()]*\\)', '', column.dtype | lower) | trim -%}
        {%- if kinds is not none -%}
            {%- set kind = kinds.get(base_type, kinds.get(base_type.split(' ')[0], 'other')) -%}
        {%- else -%}
            {%- set kind = 'string' if column.is_string()
                else 'fraction' if base_type.split(' ')[0] in ('numeric', 'decimal', 'real', 'double', 'float')
                else none -%}
        {%- endif -%}
        {%- do columns.append({
            'name': column.name | lower, 'quoted': adapter.quote(column.name), 'kind': kind, 'type': column.dtype
        }) -%}
    {%- endfor -%}
    {{- return({'relation': relation, 'columns': columns}) -}}
{% endmacro %}

{#- The types PostgreSQL's variant accepts, in DuckDB's names: its unsigned integers up to 32 bits fit a bigint;
    UBIGINT, HUGEINT and UHUGEINT do not always, so their values are checked as a numeric's are. A TIMESTAMP (with
    or without time zone, to the second, millisecond or nanosecond) or a DATE is a send time; UUID, BOOLEAN, TIME,
    a list or a struct are other types, refused where an id or a send time is read. -#}
{% macro duckdb__raw_relation_columns(source_node) %}
    {#- a name that differs but for case would stop dbt's get_relation on its "approximate match", which names no
        var: none here, and check_raw_tables names the var and the relation found -#}
    {%- if relations_differing_by_case(source_node.schema, source_node.identifier, source_node.database) -%}
        {{- return(none) -}}
    {%- endif -%}
    {{- return(default__raw_relation_columns(source_node, {
        'varchar': 'string',
        'tinyint': 'integer', 'smallint': 'integer', 'integer': 'integer', 'bigint': 'integer',
        'utinyint': 'integer', 'usmallint': 'integer', 'uinteger': 'integer',
        'ubigint': 'fraction', 'hugeint': 'fraction', 'uhugeint': 'fraction',
        'decimal': 'fraction', 'double': 'fraction', 'float': 'fraction',
        'timestamp': 'timestamp', 'timestamp with time zone': 'timestamp', 'timestamp_s': 'timestamp',
        'timestamp_ms': 'timestamp', 'timestamp_ns': 'timestamp', 'date': 'timestamp'
    })) -}}
{% endmacro %}

{#- The same in Spark's names: a timestamp_ntz is a timestamp without time zone, read in the session's zone as
    PostgreSQL reads one; a bigint send time (epoch seconds or milliseconds) is refused, where Spark's cast would
    read any number as seconds. -#}
{% macro spark__raw_relation_columns(source_node) %}
    {{- return(default__raw_relation_columns(source_node, {
        'string': 'string', 'varchar': 'string', 'char': 'string',
        'tinyint': 'integer', 'smallint': 'integer', 'int': 'integer', 'bigint': 'integer',
        'decimal': 'fraction', 'double': 'fraction', 'float': 'fraction',
        'timestamp': 'timestamp', 'timestamp_ntz': 'timestamp', 'date': 'timestamp'
    })) -}}
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
