{#- Incremental strategy replace_rebuilt_periods, for the marts over the history: delete the periods the run
    computes again (is_history_period_rebuilt on the column of config `period_column`, by default period_end_at),
    then insert the batch. -#}
{% macro get_incremental_replace_rebuilt_periods_sql(arg_dict) %}
    {%- set columns = get_quoted_csv(arg_dict['dest_columns'] | map(attribute='name')) -%}
    delete from {{ arg_dict['target_relation'] }}
    where {{ is_history_period_rebuilt(config.get('period_column', 'period_end_at'), gone_too=true) }};
    insert into {{ arg_dict['target_relation'] }} ({{ columns }})
    select {{ columns }}
    from {{ arg_dict['temp_relation'] }}
{% endmacro %}
