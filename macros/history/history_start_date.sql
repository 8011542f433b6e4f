{#- The earliest period end of the history (var segmentation__history_start_date) as a SQL date, or none when the
    history starts with the period of the first message. -#}
{% macro history_start_date() %}
    {%- set value = project_var('segmentation__history_start_date') -%}
    {%- if value is none or value | string | trim == '' -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set text = value | string | trim -%}
    {%- set expected = "a date written YYYY-MM-DD, e.g. '2025-09-01'" -%}
    {%- if modules.re.match('^\\d{4}-\\d{2}-\\d{2}$', text) is none -%}
        {{ exceptions.raise_compiler_error("var " ~ passed_var('segmentation__history_start_date')
            ~ " = " ~ value ~ " is not " ~ expected) }}
    {%- endif -%}
    {%- set parsed = calendar_date(passed_var('segmentation__history_start_date'), value, text, expected) -%}
    {#- The history holds the period ends (local midnights) from this date up to as_of: a date after as_of's own in
        segmentation__time_zone leaves it empty, and the drift alert passes on no period. as_of's own date holds
        the midnight before it, and a date up to it may wait for its first period end. -#}
    {%- do segmentation_time_zone() -%}
    {%- set zone = project_var('segmentation__time_zone') | string -%}
    {%- set as_of = as_of_instant() -%}
    {%- set as_of_date = as_of.astimezone(modules.pytz.timezone(zone)).date() -%}
    {%- if parsed > as_of_date -%}
        {{ exceptions.raise_compiler_error(
            "var " ~ passed_var('segmentation__history_start_date') ~ " = " ~ value ~ " is after var "
            ~ passed_var('segmentation__as_of') ~ " = "
            ~ (as_of_written() or "'' (the run's start, " ~ as_of.isoformat() ~ ")")
            ~ ", which is on " ~ as_of_date ~ " in " ~ zone ~ " (segmentation__time_zone): the history holds the "
            ~ "period ends from the start date up to as_of, and would be empty; expected a date on or before "
            ~ as_of_date ~ ", or '' to start with the first message's period"
        ) }}
    {%- endif -%}
    {{ return("cast('" ~ parsed.isoformat() ~ "' as date)") }}
{%- endmacro %}
