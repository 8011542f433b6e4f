{#- dbt's accepted_values, with each quoted value a proper SQL string literal: dbt's own pastes the value
    between quotes as it is, so a label such as "Power Reactor's" broke the test's SQL. The labels tested are
    the rule lists' (segmentation_rules), which may hold any text. -#}
{% macro default__test_accepted_values(model, column_name, values, quote=True) %}

with all_values as (

    select
        {{ column_name }} as value_field,
        count(*) as n_records
    from {{ model }}
    group by {{ column_name }}

)

select *
from all_values
where value_field not in (
    {% for value in values -%}
        {{ sql_string(value) if quote else value }}{{ ', ' if not loop.last }}
    {%- endfor %}
)

{% endmacro %}
