{#- The value of var `name` of this project (segmentation__*), the one way models and macros read a var: the
    value passed under the var's old name (renamed_vars, passed_var) while users still pass that, else var(name).
    The old name and the new one on the command line with different values stop the run, naming both. -#}
{% macro project_var(name) %}
    {%- set old_name = passed_var(name) -%}
    {%- if old_name == name -%}
        {{ return(var(name)) }}
    {%- endif -%}
    {%- set passed = invocation_args_dict.get('vars') or {} -%}
    {%- if passed is mapping and name in passed and passed[name] != var(old_name) -%}
        {{ exceptions.raise_compiler_error(
            "var " ~ old_name ~ " = " ~ var(old_name) ~ " and var " ~ name ~ " = " ~ passed[name]
            ~ " are both set: " ~ old_name ~ " is the old name of " ~ name ~ "; pass " ~ name ~ " only"
        ) }}
    {%- endif -%}
    {{ return(var(old_name)) }}
{%- endmacro %}
