{#- On Spark, what would change an answer silently or fail inside a model, each named before anything is built: a
    Spark older than 4.0 (no listagg … within group, no try_reflect), a session time zone other than UTC (Spark shows
    instants in it, and the local days and hours are computed as if it were UTC), string literals read without escapes
    (spark.sql.parser.escapedStringLiterals: sql_string's escapes would stay in the labels), and a
    segmentation__time_zone that pytz knows but this Java does not (its time zone data is older or newer), where every
    conversion failed on INVALID_TIMEZONE. -#}
{% macro check_spark_settings() %}
    {%- if execute and target.type == 'spark' -%}
        {%- set version = run_query("select version()").rows[0][0] -%}
        {%- if version.split('.')[0] | int < 4 -%}
            {{ exceptions.raise_compiler_error(
                "target " ~ target.name ~ " runs Spark " ~ version.split(' ')[0] ~ "; the project needs Spark 4.0 "
                ~ "or later (listagg … within group, try_reflect)"
            ) }}
        {%- endif -%}
        {%- set zone = segmentation_time_zone() -%}
        {%- set session = run_query(
            "select current_timezone(), length('\\\\'), try_reflect('java.time.ZoneId', 'of', " ~ zone ~ ")"
        ).rows[0] -%}
        {%- if session[0] not in ['UTC', 'Etc/UTC', 'GMT', 'Etc/GMT', 'Z', '+00:00'] -%}
            {{ exceptions.raise_compiler_error(
                "target " ~ target.name ~ "'s Spark session time zone is " ~ session[0] ~ ", where the local days "
                ~ "and hours of var segmentation__time_zone are computed as if it were UTC: set "
                ~ "spark.sql.session.timeZone to UTC in the target's server_side_parameters (docs/warehouse.md)"
            ) }}
        {%- elif session[1] != 1 -%}
            {{ exceptions.raise_compiler_error(
                "target " ~ target.name ~ "'s Spark sessions have spark.sql.parser.escapedStringLiterals on: Spark "
                ~ "then keeps a string literal's escapes, and a label or pattern holding a backslash or a $ would "
                ~ "change: set it to false (Spark's default)"
            ) }}
        {%- elif session[2] is none -%}
            {{ exceptions.raise_compiler_error(
                "var segmentation__time_zone = " ~ project_var('segmentation__time_zone') ~ " is a time zone that "
                ~ "this Spark's Java does not know as a region (its time zone data is older or newer than this "
                ~ "project's, or the name is an abbreviation such as EST): use a region's name for the same zone, "
                ~ "such as 'Asia/Taipei' for 'ROC'"
            ) }}
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}
