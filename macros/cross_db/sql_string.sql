{#- A text as a SQL string literal that gives back every character: quotes doubled and, on Spark, backslashes
    doubled (its literals read a backslash as an escape, so that `\'` would end a label's literal early) and `$`
    written as the escape \u0024 (Spark replaces `${name}` in a statement's text with a variable, a setting or an
    environment variable's value, `${env:HOME}`, before it parses the statement). -#}
{% macro sql_string(text) %}
    {{- return(adapter.dispatch('sql_string', 'user_segmentation')(text | string)) -}}
{% endmacro %}

{% macro default__sql_string(text) -%}
    '{{ text | replace("'", "''") }}'
{%- endmacro %}

{% macro spark__sql_string(text) -%}
    '{{ text | replace("\\", "\\\\") | replace("'", "''") | replace("$", "\\u0024") }}'
{%- endmacro %}
