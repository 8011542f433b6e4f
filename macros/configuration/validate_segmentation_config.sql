{#- Run at the start of every dbt run/build (on-run-start): checks that a PostgreSQL server is recent enough and
    reads every var once, so that an old server or a bad value stops the run before any model is built, and checks
    that each raw table exists with the columns the sources declare, so that a missing one is named rather than
    failing deep inside a model. -#}
{% macro validate_segmentation_config() %}
    {%- if execute -%}
        {%- set bigint_range = '-9223372036854775808 to 9223372036854775807' -%}
        {%- do check_postgres_version() -%}
        {%- do segmentation_as_of() -%}
        {%- do plausible_sent_at(check_as_of=true) -%}
        {%- do segmentation_time_zone() -%}
        {%- do postgres_work_mem() -%}
        {%- do segmentation_thresholds() -%}
        {%- do reaction_patterns() -%}
        {%- do segmentation_patterns('segmentation__staff_name_patterns') -%}
        {%- for rule_set in rule_sets() -%}
            {%- do segmentation_rules(rule_set.var) -%}
        {%- endfor -%}
        {%- do history_start_date() -%}
        {%- do history_migration_labels() -%}
        {%- do history_drift_settings() -%}
        {#- the raw tables: each exists with the columns its source declares -#}
        {%- for source_node in graph.sources.values() if source_node.source_name == 'raw' -%}
            {%- set found_relation = _raw_relation_columns(source_node) -%}
            {%- set table = source_node.schema ~ "." ~ source_node.identifier -%}
            {%- if found_relation is none -%}
                {{ exceptions.raise_compiler_error(
                    "source table " ~ table ~ " does not exist; the raw "
                    ~ "tables are read from the schema in var segmentation__source_schema (now "
                    ~ project_var('segmentation__source_schema') ~ "), this one under the name in var segmentation__"
                    ~ source_node.name ~ "_identifier"
                ) }}
            {%- endif -%}
            {%- set relation = found_relation.relation -%}
            {%- set columns = found_relation.columns -%}
            {%- set present = columns | map(attribute='name') | list -%}
            {%- set missing = source_node.columns.keys() | reject('in', present) | list -%}
            {%- if missing -%}
                {#- "ID" is no column id to staging, whose unquoted names PostgreSQL reads in lower case -#}
                {%- set by_case = [] -%}
                {%- for name in missing -%}
                    {%- for other in present if other | lower == name -%}
                        {%- do by_case.append(other ~ " differs from " ~ name ~ " by case only") -%}
                    {%- endfor -%}
                {%- endfor -%}
                {{ exceptions.raise_compiler_error(
                    "source table " ~ table ~ " has no column " ~ missing | join(', ') ~ "; it needs "
                    ~ source_node.columns.keys() | join(', ')
                    ~ ("" if not by_case else " (its column " ~ by_case | join(', ') ~ ": the models read unquoted, "
                       ~ "lower-case names; rename it, or select it as " ~ missing[0] ~ " in a view)")
                ) }}
            {%- endif -%}
            {#- staging casts every key (id, *_id) to bigint: a text key that is no whole number, or one too large for
                a bigint, is named here -#}
            {%- for column in columns -%}
                {%- set name = column.name -%}
                {%- if (name == 'id' or name.endswith('_id')) and name in source_node.columns
                       and column.kind == 'string' -%}
                    {%- set found = run_query(
                        'select count(*), min(' ~ column.quoted ~ ') from ' ~ relation ~ ' where ' ~ column.quoted
                        ~ ' is not null and not (' ~ is_whole_number_text(column.quoted) ~ ')'
                    ).rows[0] -%}
                    {%- if found[0] > 0 -%}
                        {{ exceptions.raise_compiler_error(
                            "source table " ~ table ~ " column " ~ name
                            ~ " holds " ~ found[0] ~ " value(s) that are not whole numbers from " ~ bigint_range
                            ~ ", e.g. '" ~ found[1] ~ "'; its ids must be whole numbers that fit a bigint (they are "
                            ~ "cast to bigint)"
                        ) }}
                    {%- endif -%}
                {%- elif (name == 'id' or name.endswith('_id')) and name in source_node.columns
                         and column.kind == 'fraction' -%}
                    {#- a cast to bigint rounds 1.6 to 2, which may be another row's id -#}
                    {%- set found = run_query(
                        'select count(*), cast(min(' ~ column.quoted ~ ') as ' ~ dbt.type_string() ~ ') from '
                        ~ relation ~ ' where ' ~ column.quoted ~ ' is not null and not (' ~ is_whole_number(column.quoted)
                        ~ ')'
                    ).rows[0] -%}
                    {%- if found[0] > 0 -%}
                        {{ exceptions.raise_compiler_error(
                            "source table " ~ table ~ " column " ~ name ~ " (" ~ column.type ~ ") holds " ~ found[0]
                            ~ " value(s) that are not whole numbers from " ~ bigint_range ~ ", e.g. " ~ found[1]
                            ~ "; its ids must be whole numbers that fit a bigint (they are cast to bigint, which "
                            ~ "would round them)"
                        ) }}
                    {%- endif -%}
                {%- endif -%}
                {#- staging casts the send time to a timestamp with time zone: an other type, or text that no cast
                    reads, is named here -#}
                {%- if source_node.name == 'message' and name == 'provider_timestamp' -%}
                    {%- if column.kind in ('integer', 'fraction', 'other') -%}
                        {{ exceptions.raise_compiler_error(
                            "source table " ~ table ~ " column provider_timestamp is of type " ~ column.type
                            ~ "; it must be a timestamp (with or without time zone) or text in ISO 8601 form: a view "
                            ~ "over the table can convert it and the var name the view (an epoch number: "
                            ~ "to_timestamp(provider_timestamp) as provider_timestamp; docs/warehouse.md)"
                        ) }}
                    {%- elif column.kind == 'string' -%}
                        {%- set found = run_query(
                            'select count(*), min(' ~ column.quoted ~ ') from ' ~ relation ~ ' where ' ~ column.quoted
                            ~ ' is not null and not (' ~ is_timestamp_text(column.quoted) ~ ')'
                        ).rows[0] -%}
                        {%- if found[0] > 0 -%}
                            {{ exceptions.raise_compiler_error(
                                "source table " ~ table ~ " column provider_timestamp holds " ~ found[0]
                                ~ " value(s) that are not timestamps in ISO 8601 form, e.g. '" ~ found[1]
                                ~ "'; write them as 2024-05-01 13:45:00+02 (a date, a time to the minute, second or "
                                ~ "fraction, an offset or Z), or give the table a timestamp column"
                            ) }}
                        {%- endif -%}
                    {%- endif -%}
                {%- endif -%}
            {%- endfor -%}
        {%- endfor -%}
    {%- endif -%}
{%- endmacro %}

{#- The raw table of `source_node` as {relation, columns: [{name, quoted, kind, type}]}, or none when there is none.
    A column's name is the one the models' unquoted names reach; kind is string, integer, fraction (numeric, real,
    double), timestamp, other, or none where the engine's types are not classified. -#}
{% macro _raw_relation_columns(source_node) %}
    {{- return(adapter.dispatch('_raw_relation_columns', 'user_segmentation')(source_node)) -}}
{% endmacro %}

{#- dbt's adapter methods; these engines read names in any case, so a name is compared in lower case. -#}
{% macro default___raw_relation_columns(source_node) %}
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
    be selected from counts; names are compared as PostgreSQL resolves them (case-sensitive). -#}
{% macro postgres___raw_relation_columns(source_node) %}
    {%- set found = run_query(
        "select c.oid is not null, has_any_column_privilege(c.oid, 'select'), a.attname,
                format_type(coalesce(nullif(t.typbasetype, 0), a.atttypid), null)
         from pg_catalog.pg_class as c
         join pg_catalog.pg_namespace as n on n.oid = c.relnamespace
         left join pg_catalog.pg_attribute as a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
         left join pg_catalog.pg_type as t on t.oid = a.atttypid
         where n.nspname = '" ~ source_node.schema | replace("'", "''") ~ "'
           and c.relname = '" ~ source_node.identifier | replace("'", "''") ~ "'
           and c.relkind in ('r', 'p', 'v', 'm', 'f')
         order by a.attnum"
    ).rows -%}
    {%- if not found -%}
        {{- return(none) -}}
    {%- endif -%}
    {%- if not found[0][1] -%}
        {{ exceptions.raise_compiler_error(
            "source table " ~ source_node.schema ~ "." ~ source_node.identifier ~ " exists, but role "
            ~ target.user ~ " may not select from it; grant it select on the table (docs/warehouse.md)"
        ) }}
    {%- endif -%}
    {%- set columns = [] -%}
    {%- for row in found if row[2] is not none -%}
        {%- set kind = 'string' if row[3] in ('text', 'character varying', 'character', 'name')
            else 'integer' if row[3] in ('smallint', 'integer', 'bigint')
            else 'fraction' if row[3] in ('numeric', 'real', 'double precision')
            else 'timestamp' if row[3] in ('timestamp with time zone', 'timestamp without time zone')
            else 'other' -%}
        {%- do columns.append({'name': row[2], 'quoted': adapter.quote(row[2]), 'kind': kind, 'type': row[3]}) -%}
    {%- endfor -%}
    {%- set relation = api.Relation.create(
        database=source_node.database, schema=source_node.schema, identifier=source_node.identifier
    ) -%}
    {{- return({'relation': relation, 'columns': columns}) -}}
{% endmacro %}
