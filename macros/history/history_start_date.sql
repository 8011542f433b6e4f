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
    {{ return("cast('" ~ parsed.isoformat() ~ "' as date)") }}
{%- endmacro %}
