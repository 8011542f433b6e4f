{#- Run at the start of every dbt run/build (on-run-start): reads every var once, so that a bad value stops
    the run before any model is built, and checks that each raw table exists with the columns the sources
    declare, so that a missing one is named rather than failing deep inside a model. -#}
{% macro validate_segmentation_config() %}
    {%- if execute -%}
        {%- do segmentation_as_of() -%}
        {%- do plausible_sent_at(check_as_of=true) -%}
        {%- do segmentation_time_zone() -%}
        {%- do postgres_work_mem() -%}
        {%- do segmentation_thresholds() -%}
        {%- do reaction_patterns() -%}
        {%- do segmentation_patterns('segmentation__staff_name_patterns') -%}
        {%- for rules in ['segmentation__engagement_levels', 'segmentation__reaction_behaviors',
                          'segmentation__conversation_preferences', 'segmentation__personas',
                          'segmentation__time_of_day_bands'] -%}
            {%- do segmentation_rules(rules) -%}
        {%- endfor -%}
        {%- do history_start_date() -%}
        {%- do history_drift_settings() -%}
        {%- do check_raw_tables() -%}
    {%- endif -%}
{%- endmacro %}

{#- Stops the run, naming the table and column, when a raw table or a declared column is missing, or a key
    column holds text that is not a whole number. -#}
{% macro check_raw_tables() %}
    {%- for source_node in graph.sources.values() if source_node.source_name == 'raw' -%}
        {%- set relation = adapter.get_relation(
            database=source_node.database, schema=source_node.schema, identifier=source_node.identifier
        ) -%}
        {%- if relation is none -%}
            {{ exceptions.raise_compiler_error(
                "source table " ~ source_node.schema ~ "." ~ source_node.identifier ~ " does not exist; the raw tables "
                ~ "are read from the schema in var source_schema (now " ~ var('source_schema', 'raw') ~ "), this one "
                ~ "under the name in var " ~ source_node.name ~ "_identifier"
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
        {#- staging casts every key (id, *_id) to bigint: a text key that is no whole number is named here -#}
        {%- for column in columns -%}
            {%- set name = column.name | lower -%}
            {%- if (name == 'id' or name.endswith('_id')) and name in source_node.columns and column.is_string() -%}
                {%- do check_whole_number_text(relation, column.name) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endfor -%}
{%- endmacro %}

{#- Stops the run when the text column `column_name` of `relation` holds a value that is not a whole number,
    naming the table, the column, how many values and one of them. -#}
{% macro check_whole_number_text(relation, column_name) %}
    {%- set column = adapter.quote(column_name) -%}
    {%- set found = run_query(
        'select count(*), min(' ~ column ~ ') from ' ~ relation ~ ' where ' ~ column ~ ' is not null and not ('
        ~ is_whole_number_text(column) ~ ')'
    ).rows[0] -%}
    {%- if found[0] > 0 -%}
        {{ exceptions.raise_compiler_error(
            "source table " ~ relation.schema ~ "." ~ relation.identifier ~ " column " ~ column_name ~ " holds "
            ~ found[0] ~ " value(s) that are not whole numbers, e.g. '" ~ found[1] ~ "'; its ids must be whole numbers "
            ~ "(they are cast to bigint)"
        ) }}
    {%- endif -%}
{%- endmacro %}

{#- A condition: the text `column` reads as a whole number, as a cast to bigint reads it (dispatched). -#}
{% macro is_whole_number_text(column) %}
    {{- return(adapter.dispatch('is_whole_number_text', 'user_segmentation')(column)) -}}
{% endmacro %}

{% macro default__is_whole_number_text(column) -%}
    {{ dbt.safe_cast(column, 'bigint') }} is not null
{%- endmacro %}

{% macro postgres__is_whole_number_text(column) -%}
    {{ column }} ~ '^\s*[-+]?[0-9]+\s*$'
{%- endmacro %}
