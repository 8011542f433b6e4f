{#- A condition: the text `column` holds a match of the regular expression `pattern` (a Python string; anchor it
    with ^ and $ for the whole text). -#}
{% macro matches_regex(column, pattern) %}
    {{- return(adapter.dispatch('matches_regex', 'user_segmentation')(column, pattern)) -}}
{% endmacro %}

{% macro default__matches_regex(column, pattern) -%}
    regexp_like({{ column }}, {{ sql_string(pattern) }})
{%- endmacro %}

{% macro postgres__matches_regex(column, pattern) -%}
    {{ column }} ~ {{ sql_string(pattern) }}
{%- endmacro %}

{% macro duckdb__matches_regex(column, pattern) -%}
    regexp_matches({{ column }}, {{ sql_string(pattern) }})
{%- endmacro %}

{% macro spark__matches_regex(column, pattern) -%}
    {{ column }} rlike {{ sql_string(pattern) }}
{%- endmacro %}
