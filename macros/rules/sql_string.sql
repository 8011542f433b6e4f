{#- A Python string as a SQL string literal, quotes doubled. -#}
{% macro sql_string(text) %}'{{ text | string | replace("'", "''") }}'{% endmacro %}
