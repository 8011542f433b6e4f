{#- The first of the LIKE `patterns` that `column` matches, or null. -#}
{% macro first_matching_pattern(column, patterns) %}
    {%- if patterns | length == 0 -%}
        cast(null as {{ dbt.type_string() }})
    {%- else -%}
        case
        {%- for pattern in patterns %}
            when {{ column }} like {{ sql_string(pattern) }} then {{ sql_string(pattern) }}
        {%- endfor %}
        end
    {%- endif -%}
{%- endmacro %}
