{#- The names of the vars of this project and of those a user set, as text (a host's YAML may key its vars by a
    number): {declared: this project's own, command_line: --vars, host_wide: a host project's global vars,
    under_package: a host's vars under this package's name}. dbt lists no project's vars in public: the var object's
    packages_for_node (dbt-core 1.11) yields the projects whose vars the calling hook reads, this one's own and, when
    it is a package, the host's. -#}
{% macro var_names_set() %}
    {%- set package = model.package_name -%}
    {%- set names = {'declared': [], 'command_line': (invocation_args_dict.get('vars') or {}) | map('string') | list,
                     'host_wide': [], 'under_package': []} -%}
    {%- for project in var.packages_for_node() -%}
        {%- if project.project_name == package -%}
            {%- do names.declared.extend(project.vars.vars) -%}
        {%- else -%}
            {%- set under_package = project.vars.vars.get(package) -%}
            {%- do names.host_wide.extend(project.vars.vars | map('string') | reject('equalto', package)) -%}
            {%- do names.under_package.extend((under_package if under_package is mapping else []) | map('string')) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(names) }}
{%- endmacro %}
