{#- The first on-run-start hook, on the names of the vars a user set. A name this project does not declare, in its
    namespace (segmentation...) or a few letters from one of its vars, stops the run, naming the var it is likely a
    misspelling of: it would leave a default in place without a word. Each renamed var (renamed_vars) still passed
    under its old name is honoured and said once, naming both names; the old and the new name with different values
    stop the run (project_var). -#}
{% macro check_var_names() %}
    {%- if execute -%}
        {#- dbt lists no project's vars in public: the var object's packages_for_node (dbt-core 1.11) yields the
            projects whose vars this hook reads, this one's own and, when it is a package, the host's, whose vars
            apply globally or under this package's name. -#}
        {%- set declared, user_set = [], (invocation_args_dict.get('vars') or {}) | list -%}
        {%- for project in var.packages_for_node() -%}
            {%- if project.project_name == model.package_name -%}
                {%- do declared.extend(project.vars.vars) -%}
            {%- else -%}
                {%- do user_set.extend(project.vars.vars) -%}
                {%- set scoped = project.vars.vars.get(model.package_name) -%}
                {%- do user_set.extend(scoped if scoped is mapping else []) -%}
            {%- endif -%}
        {%- endfor -%}
        {%- for name in user_set if name not in declared and name not in renamed_vars() -%}
            {%- set nearest = nearest_name(name, declared) -%}
            {%- if nearest or name.startswith('segmentation') -%}
                {{ exceptions.raise_compiler_error(
                    "var " ~ name ~ " is not a var of this project"
                    ~ ("; did you mean " ~ nearest ~ "?" if nearest else "")
                    ~ " (its vars: dbt_project.yml, docs/configuration.md)"
                ) }}
            {%- endif -%}
        {%- endfor -%}
        {%- for old_name, new_name in renamed_vars() | dictsort if var(old_name, none) is not none -%}
            {%- do project_var(new_name) -%}
            {%- do exceptions.warn(
                "var " ~ old_name ~ " is renamed " ~ new_name ~ ": its value " ~ var(old_name)
                ~ " is used, but the old name will stop working; pass " ~ new_name ~ " instead"
            ) -%}
        {%- endfor -%}
    {%- endif -%}
{%- endmacro %}
