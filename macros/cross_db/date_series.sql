{#- A from-clause item with one row per `datepart` step from `start_date` to `end_date` (both dates,
    inclusive), in the column `column_name` (a date); none when the end is before the start. -#}
{% macro date_series(start_date, end_date, datepart, column_name) %}
    {{- return(adapter.dispatch('date_series', 'user_segmentation')(start_date, end_date, datepart, column_name)) -}}
{% endmacro %}

{% macro default__date_series(start_date, end_date, datepart, column_name) -%}
    generate_series(
        cast({{ start_date }} as {{ dbt.type_timestamp() }}),
        cast({{ end_date }} as {{ dbt.type_timestamp() }}),
        interval '1 {{ datepart }}'
    ) as series ({{ column_name }})
{%- endmacro %}

{#- Spark's sequence refuses an end before its start, where the others give no row: so does explode(null) -#}
{% macro spark__date_series(start_date, end_date, datepart, column_name) -%}
    lateral (
        select explode(
            case
                when {{ start_date }} <= {{ end_date }}
                    then sequence({{ start_date }}, {{ end_date }}, interval 1 {{ datepart }})
            end
        ) as {{ column_name }}
    ) as series
{%- endmacro %}
