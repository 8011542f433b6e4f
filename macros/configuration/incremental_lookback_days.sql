{#- Days re-read on an incremental run before the latest day already built, for messages that arrive late. -#}
{% macro incremental_lookback_days() %}
    {%- set days = var('incremental__lookback_days', 3) -%}
    {%- if days is not number or days is sameas true or days is sameas false or days < 0 or days != days | int -%}
        {{ exceptions.raise_compiler_error(
            "var incremental__lookback_days = " ~ days ~ " is not a whole number of days, 0 or more"
        ) }}
    {%- endif -%}
    {{ return(days | int) }}
{% endmacro %}
