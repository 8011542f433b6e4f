{#- value, when it is a finite number (not a boolean) from minimum to maximum (none: no upper bound), whole if
    asked; otherwise a compile error "<name> = <value> is not <expected>". -#}
{% macro checked_number(name, value, expected, minimum, maximum=none, whole=false) %}
    {#- value - value is NaN, not 0, for NaN and infinity (checked before int(), which fails on infinity) -#}
    {%- if value is not number or value is boolean or value - value != 0 or value < minimum
           or (maximum is not none and value > maximum) or (whole and value != value | int) -%}
        {{ exceptions.raise_compiler_error(name ~ " = " ~ value ~ " is not " ~ expected) }}
    {%- endif -%}
    {{ return(value) }}
{%- endmacro %}
