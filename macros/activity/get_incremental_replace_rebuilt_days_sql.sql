{#- Incremental strategy replace_rebuilt_days: delete the table's rows that the run rebuilds (those matching an
    incremental predicate: dated on a day of the CTE rebuilt_days, is_on_rebuilt_days) and those whose
    unique_key the batch holds (a copy of the same message kept from another day), then insert the batch. -#}
{% macro get_incremental_replace_rebuilt_days_sql(arg_dict) %}
    {%- set target_relation, key = arg_dict['target_relation'], arg_dict['unique_key'] -%}
    {%- set columns = get_quoted_csv(arg_dict['dest_columns'] | map(attribute='name')) -%}
    with rebuilt_days as (select * from {{ side_table(target_relation, 'rebuilt_days') }})
    delete from {{ target_relation }}
    where
        {{ arg_dict['incremental_predicates'] | join('\n        or ') }}
        {%- if key %}
            or {{ key }} in (select {{ key }} from {{ arg_dict['temp_relation'] }})
        {%- endif %};
    insert into {{ target_relation }} ({{ columns }})
    select {{ columns }}
    from {{ arg_dict['temp_relation'] }}
{% endmacro %}
