{#- A rule's `when` with every {threshold} replaced by its value, e.g.
    "messages_last_7d >= {very_active_messages_7d}" -> "messages_last_7d >= 50". -#}
{% macro segmentation_condition(when) %}
    {%- set rendered = namespace(sql=when) -%}
    {%- for name, value in segmentation_thresholds().items() -%}
        {%- set rendered.sql = rendered.sql.replace('{' ~ name ~ '}', value | string) -%}
    {%- endfor -%}
    {%- set unknown = modules.re.findall('\\{(\\w*)\\}', rendered.sql) -%}
    {%- if unknown -%}
        {{ exceptions.raise_compiler_error(
            "rule '" ~ when ~ "' names unknown threshold(s) " ~ unknown | join(', ')
            ~ "; known: " ~ segmentation_thresholds().keys() | join(', ')
        ) }}
    {%- endif -%}
    {{ return(rendered.sql) }}
{%- endmacro %}
