{#- The name under which the user passed var `name`: its old name (renamed_vars) while they still pass that, else
    `name`. What a message about the var's value names, so that it names what the user wrote. -#}
{% macro passed_var(name) %}
    {%- for old_name, new_name in renamed_vars().items() if new_name == name and var(old_name, none) is not none -%}
        {{ return(old_name) }}
    {%- endfor -%}
    {{ return(name) }}
{%- endmacro %}
