{#- The time of day of a local timestamp in hours, as a fraction (13:30 -> 13.5). -#}
{% macro hours_since_midnight(local_timestamp) %}
    {{- return(adapter.dispatch('hours_since_midnight', 'user_segmentation')(local_timestamp)) -}}
{% endmacro %}

{% macro default__hours_since_midnight(local_timestamp) -%}
    (extract(epoch from cast({{ local_timestamp }} as time)) / 3600.0)
{%- endmacro %}
