{#- Part of the start of every dbt run/build (validate_segmentation_config): each raw table exists with the columns
    its source declares, its keys are whole numbers that fit a bigint, and its send times are timestamps that the
    engine reads, so that a missing table or column or a bad value is named rather than failing deep inside a
    model. -#}
{% macro check_raw_tables() %}
    {%- set bigint_range = '-9223372036854775808 to 9223372036854775807' -%}
    {%- for source_node in graph.sources.values() if source_node.source_name == 'raw' -%}
        {%- set found_relation = raw_relation_columns(source_node) -%}
        {%- set table = source_node.schema ~ "." ~ source_node.identifier -%}
        {%- if found_relation is none -%}
            {%- set by_case = relations_differing_by_case(
                source_node.schema, source_node.identifier, source_node.database
            ) -%}
            {#- the vars to set, with their values, for the first relation found -#}
            {%- set found = (by_case[0] if by_case else '.').split('.', 1) -%}
            {%- set fixes = [] -%}
            {%- if found[0] != source_node.schema -%}
                {%- do fixes.append("var segmentation__source_schema (now " ~ source_node.schema ~ ") to " ~ found[0]) -%}
            {%- endif -%}
            {%- if found[1] != source_node.identifier -%}
                {%- do fixes.append("var segmentation__" ~ source_node.name ~ "_identifier (now "
                    ~ source_node.identifier ~ ") to " ~ found[1]) -%}
            {%- endif -%}
            {{ exceptions.raise_compiler_error(
                "source table " ~ table ~ " does not exist in database " ~ (source_node.database or target.database)
                ~ " of target " ~ target.name ~ "; the raw tables are read from the schema in var "
                ~ "segmentation__source_schema (now " ~ project_var('segmentation__source_schema')
                ~ "), this one under the name in var segmentation__" ~ source_node.name ~ "_identifier"
                ~ ("" if not by_case else " (" ~ by_case | join(', ') ~ " differs by case only: "
                   ~ ("dbt takes names" if target.type == 'duckdb' else "names are read") ~ " as the vars spell "
                   ~ "them; set " ~ fixes | join(' and ') ~ ")")
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
        {#- staging casts every key (id, *_id) to bigint: a text key that is no whole number, one too large for
            a bigint, or one written otherwise than a bigint prints ('07', ' 7', '+7') is named here -#}
        {%- for column in columns -%}
            {%- set name = column.name -%}
            {%- set is_key = (name == 'id' or name.endswith('_id')) and name in source_node.columns -%}
            {%- if is_key and column.kind == 'string' -%}
                {%- set found = _values_failing(relation, column, is_whole_number_text(column.quoted)) -%}
                {%- if found[0] > 0 -%}
                    {{ exceptions.raise_compiler_error(
                        "source table " ~ table ~ " column " ~ name
                        ~ " holds " ~ found[0] ~ " value(s) that are not whole numbers from " ~ bigint_range
                        ~ ", e.g. '" ~ found[1] ~ "'; its ids must be whole numbers that fit a bigint, written "
                        ~ "as one prints (no blanks, + sign or leading zeros): they are cast to bigint, which "
                        ~ "would make '07' the id 7, where the specification's text comparison tells them apart"
                    ) }}
                {%- endif -%}
            {%- elif is_key and column.kind in ('other', 'timestamp') -%}
                {{ exceptions.raise_compiler_error(
                    "source table " ~ table ~ " column " ~ name ~ " is of type " ~ column.type ~ "; its ids must "
                    ~ "be whole numbers that fit a bigint (an integer type, or text or numeric holding them): a "
                    ~ "view over the table can map them to integers and the var name the view (docs/warehouse.md)"
                ) }}
            {%- elif is_key and column.kind == 'fraction' -%}
                {#- a cast to bigint rounds 1.6 to 2, which may be another row's id -#}
                {%- set found = _values_failing(relation, column, is_whole_number(column.quoted)) -%}
                {%- if found[0] > 0 -%}
                    {{ exceptions.raise_compiler_error(
                        "source table " ~ table ~ " column " ~ name ~ " (" ~ column.type ~ ") holds " ~ found[0]
                        ~ " value(s) that are not whole numbers from " ~ bigint_range ~ ", e.g. " ~ found[1]
                        ~ "; its ids must be whole numbers that fit a bigint (they are cast to bigint, which "
                        ~ "would round them)"
                    ) }}
                {%- endif -%}
            {%- endif -%}
            {#- the texts the rules compare (a name and a message's content by LIKE, a conversation's type by =):
                staging casts them to text, compared as written, where the specification's queries compare a citext
                without case, and see the blanks that pad a character(n) ('Loved' is like 'Loved %' there), as
                Spark's queries see those of a char(n), even cast to string -#}
            {%- set text_type = modules.re.sub('\\(.*', '', column.type | lower).split('.') | last -%}
            {%- if (source_node.name ~ '.' ~ name) in ['persons.name', 'conversation.type', 'message.content']
                   and text_type in ('citext', 'character', 'char') -%}
                {{ exceptions.raise_compiler_error(
                    "source table " ~ table ~ " column " ~ name ~ " is of type " ~ column.type ~ ", which "
                    ~ ("compares without regard to case" if text_type == 'citext' else "pads its values with blanks")
                    ~ ", where the models compare it as text, as written: the marts would differ from the "
                    ~ "specification's queries on this table. A view over the table can cast it ("
                    ~ ("rtrim(" ~ name ~ ")" if target.type == 'spark' else name ~ "::text") ~ " as " ~ name
                    ~ ") and the var name the view, whose answers the specification's queries give too "
                    ~ "(docs/warehouse.md)"
                ) }}
            {%- endif -%}
            {#- staging casts the send time to a timestamp with time zone: an other type, or text that no cast
                reads, is named here -#}
            {%- if source_node.name == 'message' and name == 'provider_timestamp' -%}
                {%- if column.kind in ('integer', 'fraction', 'other') -%}
                    {#- Spark's to_timestamp takes no number -#}
                    {%- set from_epoch = 'timestamp_seconds' if target.type == 'spark' else 'to_timestamp' -%}
                    {{ exceptions.raise_compiler_error(
                        "source table " ~ table ~ " column provider_timestamp is of type " ~ column.type
                        ~ "; it must be a timestamp (with or without time zone) or text in ISO 8601 form: a view "
                        ~ "over the table can convert it and the var name the view (an epoch number: "
                        ~ from_epoch ~ "(provider_timestamp) as provider_timestamp, of seconds; "
                        ~ "docs/warehouse.md)"
                    ) }}
                {%- elif column.kind == 'string' -%}
                    {%- set found = _values_failing(relation, column, is_timestamp_text(column.quoted)) -%}
                    {%- if found[0] > 0 -%}
                        {{ exceptions.raise_compiler_error(
                            "source table " ~ table ~ " column provider_timestamp holds " ~ found[0]
                            ~ " value(s) that are not timestamps in an ISO 8601 form that " ~ target.type
                            ~ " reads, e.g. '" ~ found[1]
                            ~ "'; write them as 2024-05-01 13:45:00+02 (a date, a time to the minute, second or "
                            ~ "fraction, an offset or Z), or give the table a timestamp column"
                        ) }}
                    {%- endif -%}
                {%- endif -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endfor -%}
{%- endmacro %}

{#- How many values of `column` (not null) fail `condition`, and the least of them as text, for the message. -#}
{% macro _values_failing(relation, column, condition) %}
    {{- return(run_query(
        'select count(*), cast(min(' ~ column.quoted ~ ') as ' ~ dbt.type_string() ~ ') from ' ~ relation
        ~ ' where ' ~ column.quoted ~ ' is not null and not (' ~ condition ~ ')'
    ).rows[0]) -}}
{% endmacro %}
