{#- One row per `key` from the CTE `relation`: the first by the columns `order_by`, ascending with nulls
    last on every engine (Spark's default puts them first). Its columns plus, on engines without DISTINCT ON,
    a row_rank column, so callers list the columns they keep. -#}
{% macro first_row_per_key(relation, key, order_by) %}
    {%- set order_by_clause = order_by | join(' nulls last, ') ~ ' nulls last' -%}
    {{- return(adapter.dispatch('first_row_per_key', 'user_segmentation')(relation, key, order_by_clause)) -}}
{% endmacro %}

{% macro default__first_row_per_key(relation, key, order_by_clause) -%}
    select * from (
        select
            *,
            row_number() over (partition by {{ key }} order by {{ order_by_clause }}) as row_rank
        from {{ relation }}
    ) as ranked
    where row_rank = 1
{%- endmacro %}

{#- PostgreSQL: DISTINCT ON keeps the planner's row estimate (the number of distinct keys); a filter on
    row_number() is guessed to keep 0.5 % of the rows, which turns the joins downstream into nested loops. -#}
{% macro postgres__first_row_per_key(relation, key, order_by_clause) -%}
    select distinct on ({{ key }}) *
    from {{ relation }}
    order by {{ key }}, {{ order_by_clause }}
{%- endmacro %}
