{#- Run at the start of every dbt run/build (on-run-start): reads every var once, so that a bad value stops
    the run before any model is built, and checks that each raw table exists with the columns the sources
    declare, so that a missing one is named rather than failing deep inside a model. -#}
{% macro validate_segmentation_config() %}
    {%- if execute -%}
        {%- do segmentation_as_of() -%}
        {%- do plausible_sent_at(check_as_of=true) -%}
        {%- do segmentation_time_zone() -%}
        {%- do incremental_lookback_days() -%}
        {%- do postgres_work_mem() -%}
        {%- do segmentation_thresholds() -%}
        {%- do reaction_patterns() -%}
        {%- do segmentation_patterns('segmentation__staff_name_patterns') -%}
        {%- for rules in ['segmentation__engagement_levels', 'segmentation__reaction_behaviors',
                          'segmentation__conversation_preferences', 'segmentation__personas',
                          'segmentation__time_of_day_bands'] -%}
            {%- do first_matching_label(var(rules)) -%}
        {%- endfor -%}
        {%- do check_raw_tables() -%}
    {%- endif -%}
{%- endmacro %}

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
        {%- set present = adapter.get_columns_in_relation(relation) | map(attribute='name') | map('lower') | list -%}
        {%- set missing = source_node.columns.keys() | reject('in', present) | list -%}
        {%- if missing -%}
            {{ exceptions.raise_compiler_error(
                "source table " ~ relation ~ " has no column " ~ missing | join(', ') ~ "; it needs "
                ~ source_node.columns.keys() | join(', ')
            ) }}
        {%- endif -%}
    {%- endfor -%}
{%- endmacro %}
