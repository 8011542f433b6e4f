{#- value, when it is a boolean; otherwise a compile error "<name> = <value> is not true or false". Jinja reads
    any non-empty text as true, so a quoted 'false' would turn the option on. -#}
{% macro checked_boolean(name, value) %}
    {%- if value is not boolean -%}
        {{ exceptions.raise_compiler_error(
            name ~ " = " ~ ("'" ~ value ~ "'" if value is string else value)
            ~ " is not true or false; write true or false without quotes"
        ) }}
    {%- endif -%}
    {{ return(value) }}
{%- endmacro %}
