{#- A condition: the text `column` reads as a whole number, as a cast to bigint reads it (dispatched). -#}
{% macro is_whole_number_text(column) %}
    {{- return(adapter.dispatch('is_whole_number_text', 'user_segmentation')(column)) -}}
{% endmacro %}

{% macro default__is_whole_number_text(column) -%}
    {{ dbt.safe_cast(column, 'bigint') }} is not null
{%- endmacro %}

{% macro postgres__is_whole_number_text(column) -%}
    {{ column }} ~ '^\s*[-+]?[0-9]+\s*$'
{%- endmacro %}
