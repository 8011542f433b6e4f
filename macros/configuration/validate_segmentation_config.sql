{#- Run at the start of every dbt run/build (on-run-start): checks that a PostgreSQL server is recent enough, that dbt's
    sessions there may write and read string literals as written, and that dbt's role may create temporary tables
    (and Spark's session settings, DuckDB's file name and settings), reads the vars through the macros that check
    them, so that an old server or a bad value stops the run before any model is built (history_grain and
    min_persona_users, read in a model's SQL only, stop dbt's parse before that), and checks the raw tables
    (check_raw_tables). -#}
{% macro validate_segmentation_config() %}
    {%- if execute -%}
        {%- do check_postgres_version() -%}
        {%- do check_postgres_settings() -%}
        {%- do check_spark_settings() -%}
        {%- do check_duckdb_catalog_name() -%}
        {%- do check_duckdb_settings() -%}
        {%- do check_temporary_privilege() -%}
        {%- do segmentation_as_of() -%}
        {%- do plausible_sent_at(check_as_of=true) -%}
        {%- do time_zone_for_conversion() -%}
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
        {%- do warn_if_semantic_personas_unknown() -%}
        {%- do check_raw_tables() -%}
    {%- endif -%}
{%- endmacro %}
