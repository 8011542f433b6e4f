{#- activity_measures() as select-list items, "aggregate as name", one per line. -#}
{% macro activity_measure_columns() %}
    {%- set columns = [] -%}
    {%- for name, aggregate in activity_measures().items() -%}
        {%- do columns.append(aggregate ~ ' as ' ~ name) -%}
    {%- endfor -%}
    {{ return(columns | join(',\n        ')) }}
{% endmacro %}
