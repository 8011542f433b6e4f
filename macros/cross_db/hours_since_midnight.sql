{#- The time of day of a local timestamp in hours, as a fraction (13:30 -> 13.5). -#}
{% macro hours_since_midnight(local_timestamp) %}
    {{- return(adapter.dispatch('hours_since_midnight', 'user_segmentation')(local_timestamp)) -}}
{% endmacro %}

{% macro default__hours_since_midnight(local_timestamp) -%}
    (date_part('epoch', cast({{ local_timestamp }} as time)) / 3600)
{%- endmacro %}

{#- Spark has no time type: hours, minutes and seconds (with their fraction) of the wall clock. -#}
{% macro spark__hours_since_midnight(local_timestamp) -%}
    (hour({{ local_timestamp }}) + minute({{ local_timestamp }}) / 60 + second({{ local_timestamp }}) / 3600)
{%- endmacro %}
