{#- A text as a SQL string literal that gives back every character: quotes doubled and, on Spark, whose literals
    read a backslash as an escape (so that `\'` would end a label's literal early), backslashes doubled too. -#}
{% macro sql_string(text) %}
    {{- return(adapter.dispatch('sql_string', 'user_segmentation')(text | string)) -}}
{% endmacro %}

{% macro default__sql_string(text) -%}
    '{{ text | replace("'", "''") }}'
{%- endmacro %}

{% macro spark__sql_string(text) -%}
    '{{ text | replace("\\", "\\\\") | replace("'", "''") }}'
{%- endmacro %}
