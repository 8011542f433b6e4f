{#- True when `column` matches at least one of the LIKE `patterns` (case-sensitive, as LIKE is);
    null when the column is null, as the specification's LIKE is. -#}
{% macro matches_any_pattern(column, patterns) %}
    {%- if patterns | length == 0 -%}
        (1 = 0)
    {%- else -%}
        ({% for pattern in patterns %}{{ column }} like {{ sql_string(pattern) }}{{ ' or ' if not loop.last }}{% endfor %})
    {%- endif -%}
{%- endmacro %}
