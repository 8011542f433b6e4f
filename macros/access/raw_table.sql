{#- The raw table `name` (source 'raw'), read by its staging model, once the vars that name it are checked
    (validate_identifier_vars), when dbt parses the project and when it compiles the model: dbt show, dbt compile
    and dbt docs generate run no on-run-start hook, and dbt quotes a name without escaping the quotes inside it,
    so an unchecked var would reach the SQL they run or print. -#}
{% macro raw_table(name) %}
    {%- do validate_identifier_vars([name]) -%}
    {{- return(source('raw', name)) -}}
{% endmacro %}
