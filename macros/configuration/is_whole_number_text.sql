{#- A condition: the text `column` is a whole number that fits a bigint, written as a bigint prints it (no
    blanks, no + sign, no leading zeros), so that comparing the texts, as the specification's joins do, and
    comparing the bigints that staging casts them to agree: '07' and '7' are two ids to the one and one to the
    other (dispatched). -#}
{% macro is_whole_number_text(column) %}
    {{- return(adapter.dispatch('is_whole_number_text', 'user_segmentation')(column)) -}}
{% endmacro %}

{#- the number, printed back, is the text; null (no number) is false -#}
{% macro default__is_whole_number_text(column) -%}
    coalesce(cast({{ cast_or_null(column, 'bigint') }} as {{ dbt.type_string() }}) = {{ column }}, false)
{%- endmacro %}

{#- SQL does not short-circuit AND: is_whole_number's cast to numeric sits in the CASE, reached by digits only, so
    it cannot raise; numeric reads any number of digits. -#}
{% macro postgres__is_whole_number_text(column) -%}
    case
        when {{ column }} ~ '^(0|-?[1-9][0-9]*)$' then {{ is_whole_number(column) }}
        else false
    end
{%- endmacro %}
