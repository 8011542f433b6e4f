{#- Incremental strategy append_new_keys: append the rows of the batch whose unique_key the table does not
    hold yet, so that a row already kept wins over a later copy. -#}
{% macro get_incremental_append_new_keys_sql(arg_dict) %}
    {%- set target_relation, key = arg_dict['target_relation'], arg_dict['unique_key'] -%}
    {%- set columns = get_quoted_csv(arg_dict['dest_columns'] | map(attribute='name')) -%}
    insert into {{ target_relation }} ({{ columns }})
    select {{ columns }}
    from {{ arg_dict['temp_relation'] }} as batch
    {{ skip_kept_keys(target_relation, key) }}
{% endmacro %}

{#- The clause of append_new_keys that leaves out the batch's rows whose key the table holds. -#}
{% macro skip_kept_keys(target_relation, key) %}
    {{- return(adapter.dispatch('skip_kept_keys', 'user_segmentation')(target_relation, key)) -}}
{% endmacro %}

{% macro default__skip_kept_keys(target_relation, key) -%}
    where not exists (
        select 1 from {{ target_relation }} as kept
        where kept.{{ key }} = batch.{{ key }}
    )
{%- endmacro %}

{#- PostgreSQL: the unique index on the key (the model's `indexes`) skips the rows it already holds while it
    takes the new ones; an anti-join hashed the whole table and took longer than the insert. -#}
{% macro postgres__skip_kept_keys(target_relation, key) -%}
    on conflict ({{ key }}) do nothing
{%- endmacro %}
