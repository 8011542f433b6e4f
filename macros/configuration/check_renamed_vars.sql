{#- The first on-run-start hook: each renamed var (renamed_vars) still passed under its old name is honoured and
    said once, naming both names; the old and the new name with different values stop the run (project_var). -#}
{% macro check_renamed_vars() %}
    {%- if execute -%}
        {%- for old_name, new_name in renamed_vars() | dictsort if var(old_name, none) is not none -%}
            {%- do project_var(new_name) -%}
            {%- do exceptions.warn(
                "var " ~ old_name ~ " is renamed " ~ new_name ~ ": its value " ~ var(old_name)
                ~ " is used, but the old name will stop working; pass " ~ new_name ~ " instead"
            ) -%}
        {%- endfor -%}
    {%- endif -%}
{%- endmacro %}
