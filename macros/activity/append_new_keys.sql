{#- Incremental strategy append_new_keys: append the rows of the batch whose unique_key the table does not
    hold yet, so that a row already kept wins over a later copy. -#}
{% macro get_incremental_append_new_keys_sql(arg_dict) %}
    {{- return(adapter.dispatch('append_new_keys_sql', 'user_segmentation')(
        arg_dict['target_relation'], arg_dict['temp_relation'], arg_dict['unique_key'], arg_dict['dest_columns']
    )) -}}
{% endmacro %}

{% macro default__append_new_keys_sql(target_relation, temp_relation, unique_key, dest_columns) -%}
    {%- set columns = get_quoted_csv(dest_columns | map(attribute='name')) -%}
    insert into {{ target_relation }} ({{ columns }})
    select {{ columns }}
    from {{ temp_relation }} as batch
    where not exists (
        select 1 from {{ target_relation }} as kept
        where kept.{{ unique_key }} = batch.{{ unique_key }}
    )
{%- endmacro %}

{#- PostgreSQL: the unique index on the key (the model's `indexes`) skips the rows it already holds while it
    takes the new ones; an anti-join hashed the whole table and took longer than the insert. -#}
{% macro postgres__append_new_keys_sql(target_relation, temp_relation, unique_key, dest_columns) -%}
    {%- set columns = get_quoted_csv(dest_columns | map(attribute='name')) -%}
    insert into {{ target_relation }} ({{ columns }})
    select {{ columns }}
    from {{ temp_relation }}
    on conflict ({{ unique_key }}) do nothing
{%- endmacro %}
