{#- `relation as alias`, for a FROM clause. A ref or source that dbt renders as a subquery (`dbt run --empty`:
    `(select * from ... where false limit 0) _dbt_limit_subq_<name>`) already carries an alias and takes no second
    one, so it is read through one more subquery; any other relation, or a CTE's name, is aliased as it is. -#}
{% macro aliased(relation, alias) %}
    {%- set rendered = relation | string -%}
    {%- if rendered.startswith('(') -%}
        {{- return('(select * from ' ~ rendered ~ ') as ' ~ alias) -}}
    {%- endif -%}
    {{- return(rendered ~ ' as ' ~ alias) -}}
{% endmacro %}
