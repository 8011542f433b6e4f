{#- Incremental strategy replace_rebuilt_days: delete the table's rows that the run rebuilds (those matching an
    incremental predicate: dated on a day of the CTE rebuilt_days; the CTE target_rows is the table) and those
    whose unique_key the batch holds (a copy of the same message kept from another day), then insert the batch.
    The predicates are Jinja, rendered here, as hooks are: dbt renders a config once, when it parses the project,
    and partial parsing keeps it for later commands, so a predicate rendered there would hold the as_of of the
    command that parsed (the run's start, when as_of is not set) and delete rows this run does not compute again.
    One delete per condition, so that each can go through an index (a disjunction of them reads every row); the
    CTEs are not materialized, so that the tables are read through their indexes and statistics. -#}
{% macro get_incremental_replace_rebuilt_days_sql(arg_dict) %}
    {%- set target_relation, key = arg_dict['target_relation'], arg_dict['unique_key'] -%}
    {%- set columns = get_quoted_csv(arg_dict['dest_columns'] | map(attribute='name')) -%}
    {%- for predicate in arg_dict['incremental_predicates'] %}
    with
        rebuilt_days as not materialized (select * from {{ side_table(target_relation, 'rebuilt_days') }}),
        target_rows as not materialized (select * from {{ target_relation }})
    delete from {{ target_relation }}
    where {{ render(predicate) }};
    {%- endfor %}
    {%- if key %}
    delete from {{ target_relation }}
    where {{ key }} in (select {{ key }} from {{ arg_dict['temp_relation'] }});
    {%- endif %}
    insert into {{ target_relation }} ({{ columns }})
    select {{ columns }}
    from {{ arg_dict['temp_relation'] }}
{% endmacro %}
