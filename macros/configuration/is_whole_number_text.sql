{#- A condition: the text `column` reads as a whole number that fits a bigint, as a cast to bigint reads it
    (dispatched). -#}
{% macro is_whole_number_text(column) %}
    {{- return(adapter.dispatch('is_whole_number_text', 'user_segmentation')(column)) -}}
{% endmacro %}

{% macro default__is_whole_number_text(column) -%}
    {{ dbt.safe_cast(column, 'bigint') }} is not null
{%- endmacro %}

{#- SQL does not short-circuit AND: is_whole_number's cast to numeric sits in the CASE, reached by digits only, so
    it cannot raise; numeric reads any number of digits (and the blanks around them, as bigint does). -#}
{% macro postgres__is_whole_number_text(column) -%}
    case
        when {{ column }} ~ '^\s*[-+]?[0-9]+\s*$' then {{ is_whole_number(column) }}
        else false
    end
{%- endmacro %}
