{#- A condition: the number `column` (numeric, real, double) holds a whole number that fits a bigint, which a cast
    to bigint keeps as it is rather than rounding it (dispatched). -#}
{% macro is_whole_number(column) %}
    {{- return(adapter.dispatch('is_whole_number', 'user_segmentation')(column)) -}}
{% endmacro %}

{% macro default__is_whole_number(column) -%}
    {{ column }} = floor({{ column }}) and {{ cast_or_null(column, 'bigint') }} is not null
{%- endmacro %}

{#- compared as numeric: a double's bounds would round to 2^63, which no bigint holds; NaN and infinity lie
    outside the range. -#}
{% macro postgres__is_whole_number(column) -%}
    cast({{ column }} as numeric) = trunc(cast({{ column }} as numeric))
    and cast({{ column }} as numeric) between -9223372036854775808 and 9223372036854775807
{%- endmacro %}
