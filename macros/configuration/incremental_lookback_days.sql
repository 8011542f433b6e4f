{#- Days re-read on an incremental run before the latest day already built, for messages that arrive late. -#}
{% macro incremental_lookback_days() %}
    {%- set days = checked_number(
        'var incremental__lookback_days', var('incremental__lookback_days', 3), 'a whole number of days, 0 or more', 0,
        whole=true
    ) -%}
    {{ return(days | int) }}
{% endmacro %}
