{#- The time of day of a local timestamp in hours, as a fraction (13:30 -> 13.5), with the seconds' fraction. -#}
{% macro hours_since_midnight(local_timestamp) %}
    {{- return(adapter.dispatch('hours_since_midnight', 'user_segmentation')(local_timestamp)) -}}
{% endmacro %}

{% macro default__hours_since_midnight(local_timestamp) -%}
    (date_part('epoch', cast({{ local_timestamp }} as time)) / 3600)
{%- endmacro %}

{#- Spark has no time type: the wall clock's hours, minutes and seconds, the seconds with their fraction (extract()
    keeps it; second() reads 05:59:41.9 as 05:59:41), as seconds since midnight in a double, divided by 3600 as
    PostgreSQL divides the epoch of a time (the same double). -#}
{% macro spark__hours_since_midnight(local_timestamp) -%}
    (cast(
        hour({{ local_timestamp }}) * 3600 + minute({{ local_timestamp }}) * 60
        + extract(second from {{ local_timestamp }}) as double
    ) / 3600)
{%- endmacro %}
