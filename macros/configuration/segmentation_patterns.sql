{#- The LIKE patterns of a pattern var, checked to be plain text: a pattern is data, never SQL. -#}
{% macro segmentation_patterns(var_name) %}
    {%- set patterns = project_var(var_name) -%}
    {%- if patterns is string or patterns is not iterable or patterns is mapping -%}
        {{ exceptions.raise_compiler_error(
            "var " ~ var_name ~ " = " ~ patterns ~ " is not a list of LIKE patterns such as ['Loved %']"
        ) }}
    {%- endif -%}
    {%- for pattern in patterns -%}
        {%- if pattern is not string or pattern | trim == '' or modules.re.search("['\";\\\\\\x00-\\x1f\\x7f]|--|/\\*", pattern) -%}
            {{ exceptions.raise_compiler_error(
                "var " ~ var_name ~ " holds " ~ (pattern.encode('unicode_escape').decode() if pattern is string else pattern) ~ ": a pattern is non-empty text without quotes, "
                ~ "semicolons, backslashes, comment markers or control characters, e.g. 'Loved %' or '%Coach%'"
            ) }}
        {%- endif -%}
    {%- endfor -%}
    {{ return(patterns | list) }}
{%- endmacro %}
