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
            {%- set relation = adapter.get_relation(
                database=source_node.database, schema=source_node.schema, identifier=source_node.identifier
            ) -%}
            {%- if relation is none -%}
                {{ exceptions.raise_compiler_error(
                    "source table " ~ source_node.schema ~ "." ~ source_node.identifier ~ " does not exist; the raw "
                    ~ "tables are read from the schema in var segmentation__source_schema (now "
                    ~ project_var('segmentation__source_schema') ~ "), this one under the name in var segmentation__"
                    ~ source_node.name ~ "_identifier"
                ) }}
            {%- endif -%}
            {%- set columns = adapter.get_columns_in_relation(relation) -%}
            {%- set present = columns | map(attribute='name') | map('lower') | list -%}
            {%- set missing = source_node.columns.keys() | reject('in', present) | list -%}
            {%- if missing -%}
                {{ exceptions.raise_compiler_error(
                    "source table " ~ relation ~ " has no column " ~ missing | join(', ') ~ "; it needs "
                    ~ source_node.columns.keys() | join(', ')
                ) }}
            {%- endif -%}
            {#- staging casts every key (id, *_id) to bigint: a text key that is no whole number, or one too large for
                a bigint, is named here -#}
            {%- for column in columns -%}
                {%- set name = column.name | lower -%}
                {%- if (name == 'id' or name.endswith('_id')) and name in source_node.columns and column.is_string() -%}
                    {%- set quoted = adapter.quote(column.name) -%}
                    {%- set found = run_query(
                        'select count(*), min(' ~ quoted ~ ') from ' ~ relation ~ ' where ' ~ quoted
                        ~ ' is not null and not (' ~ is_whole_number_text(quoted) ~ ')'
                    ).rows[0] -%}
                    {%- if found[0] > 0 -%}
                        {{ exceptions.raise_compiler_error(
                            "source table " ~ relation.schema ~ "." ~ relation.identifier ~ " column " ~ column.name
                            ~ " holds " ~ found[0] ~ " value(s) that are not whole numbers from " ~ bigint_range
                            ~ ", e.g. '" ~ found[1] ~ "'; its ids must be whole numbers that fit a bigint (they are "
                            ~ "cast to bigint)"
                        ) }}
                    {%- endif -%}
                {%- endif -%}
            {%- endfor -%}
        {%- endfor -%}
    {%- endif -%}
{%- endmacro %}
