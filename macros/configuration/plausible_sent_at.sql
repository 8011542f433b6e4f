{#- The plausible send times (var segmentation__plausible_sent_at), as SQL instants {'earliest': ..., 'latest': ...}:
    UTC midnights, the latest excluded. With check_as_of (the on-run-start validation), var segmentation__as_of must lie
    in the range, and an as_of after the run's start warns. -#}
{% macro plausible_sent_at(check_as_of=false) %}
    {%- set value = project_var('segmentation__plausible_sent_at') -%}
    {%- set expected = "a mapping {earliest: YYYY-MM-DD, latest: YYYY-MM-DD} with earliest before latest" -%}
    {%- if value is not mapping or value.keys() | map('string') | sort | list != ['earliest', 'latest'] -%}
        {{ exceptions.raise_compiler_error(
            "var segmentation__plausible_sent_at = " ~ value ~ " is not " ~ expected
        ) }}
    {%- endif -%}
    {%- set bounds = {} -%}
    {%- for key in ['earliest', 'latest'] -%}
        {%- set text = value[key] | string | trim -%}
        {%- set parts = modules.re.match('^(\\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$', text) -%}
        {%- if parts is not none -%}
            {%- set month_start = modules.datetime.datetime(
                [parts.group(1) | int, 1] | max, parts.group(2) | int, 1, tzinfo=modules.pytz.utc
            ) -%}
            {%- set day = month_start + modules.datetime.timedelta(days=parts.group(3) | int - 1) -%}
        {%- endif -%}
        {%- if parts is none or parts.group(1) | int == 0 or day.month != month_start.month -%}
            {{ exceptions.raise_compiler_error(
                "var segmentation__plausible_sent_at: " ~ key ~ " = " ~ value[key] ~ " is not a date of the "
                ~ "calendar written YYYY-MM-DD, e.g. '1990-01-01'; the var must be " ~ expected
            ) }}
        {%- endif -%}
        {%- do bounds.update({key: day}) -%}
    {%- endfor -%}
    {%- if bounds['earliest'] >= bounds['latest'] -%}
        {{ exceptions.raise_compiler_error(
            "var segmentation__plausible_sent_at = " ~ value ~ " is not " ~ expected
        ) }}
    {%- endif -%}
    {%- set as_of_value = as_of_written() -%}
    {%- if check_as_of and as_of_value is not none -%}
        {%- set as_of = parse_as_of(as_of_value) -%}
        {%- if as_of < bounds['earliest'] or as_of >= bounds['latest'] -%}
            {{ exceptions.raise_compiler_error(
                "var " ~ passed_var('segmentation__as_of')
                ~ " = " ~ as_of_value ~ " is outside var segmentation__plausible_sent_at (from "
                ~ bounds['earliest'].date() ~ " to before " ~ bounds['latest'].date() ~ "): move as_of or widen the range"
            ) }}
        {%- elif as_of > run_started_at -%}
            {%- do exceptions.warn(
                "var " ~ passed_var('segmentation__as_of')
                ~ " = " ~ as_of_value ~ " is after this run started (" ~ run_started_at.isoformat()
                ~ "): messages not sent yet count as silence, so the windows, the days since the last message "
                ~ "and the history's last periods describe a future nobody has seen"
            ) -%}
        {%- endif -%}
    {%- endif -%}
    {%- set sql = {} -%}
    {%- for key, instant in bounds.items() -%}
        {%- do sql.update({key: instant_literal(instant)}) -%}
    {%- endfor -%}
    {{ return(sql) }}
{%- endmacro %}
