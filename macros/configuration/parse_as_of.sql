{#- A datetime with an offset from var segmentation__as_of, or a compile error that names the var and the
    expected form. -#}
{% macro parse_as_of(value) %}
    {%- set expected = "an ISO 8601 timestamp with an offset, e.g. '2026-06-30 12:00:00+00:00'" -%}
    {%- if value is string -%}
        {%- set text = value | trim -%}
        {%- set parts = modules.re.match(
            '^([0-9]{4}-[0-9]{2}-[0-9]{2})[T ]([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:\\.([0-9]+))?)?(?:Z|[+-]([0-9]{2})(?::?([0-9]{2}))?)$', text
        ) -%}
        {%- if parts is none -%}
            {{ exceptions.raise_compiler_error("var " ~ passed_var('segmentation__as_of')
                ~ " = " ~ value ~ " is not " ~ expected) }}
        {%- endif -%}
        {%- do calendar_date(passed_var('segmentation__as_of'), value, parts.group(1), expected) -%}
        {%- set hour, minute, second = parts.groups()[1:4] | map('int') | list -%}
        {%- set offset_hours, offset_minutes = parts.groups()[5:] | map('int') | list -%}
        {#- PostgreSQL keeps microseconds and rounds a seventh digit, Python drops it: both must read one instant -#}
        {%- set fraction = parts.group(5) or '' -%}
        {%- set problem = 'there is no hour ' ~ hour if hour > 23 else (
            'there is no minute ' ~ minute if minute > 59 else (
            'there is no second ' ~ second if second > 59 else (
            'seconds take at most six decimal places (microseconds)' if fraction | length > 6 else (
            'offsets run from -14:00 to +14:00' if offset_minutes > 59 or offset_hours * 60 + offset_minutes > 14 * 60
            )))) -%}
        {%- if problem -%}
            {{ exceptions.raise_compiler_error(
                "var " ~ passed_var('segmentation__as_of') ~ " = " ~ value ~ " is not " ~ expected ~ ": " ~ problem
            ) }}
        {%- endif -%}
        {%- set text = text[:-1] ~ '+00:00' if text.endswith('Z') else text -%}
        {%- set text = text ~ ':00' if modules.re.search('[+-][0-9]{2}$', text) else text -%}
        {%- set instant = modules.datetime.datetime.fromisoformat(text) -%}
    {%- elif value.tzinfo is defined and value.tzinfo is not none -%}
        {%- set instant = value -%}
    {%- else -%}
        {{ exceptions.raise_compiler_error(
            "var " ~ passed_var('segmentation__as_of') ~ " = " ~ value ~ " has no offset; it must be " ~ expected
        ) }}
    {%- endif -%}
    {{ return(instant) }}
{%- endmacro %}
