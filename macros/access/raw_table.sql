{#- The raw table `name` (source 'raw'), read by its staging model, once the vars that name it are checked
    (validate_identifier_vars): dbt show and dbt compile run no on-run-start hook, and dbt quotes a name
    without escaping the quotes inside it, so an unchecked var would reach the SQL they run or print. -#}
{% macro raw_table(name) %}
    {%- do validate_identifier_vars() -%}
    {{- return(source('raw', name)) -}}
{% endmacro %}
