{#- The first on-run-start hook, on the names of the vars a user set. Each name that would be left unread without
    a word stops the run, naming the var it likely means: one under this package's name in a host project that the
    package does not declare; one in the namespace (segmentation__) or a few letters from a var of it, set anywhere;
    this package's name on the command line (dbt reads --vars by name alone), or a name a few letters from it. A var
    on the command line that is one of the project's without its segmentation__ prefix, or near an old name, is
    said in a warning, since another project may read it. Each renamed var (renamed_vars) still passed under its
    old name is honoured and said once, naming both names; the old and the new name with different values stop the
    run (project_var). -#}
{% macro check_var_names() %}
    {%- if execute -%}
        {%- set package = model.package_name -%}
        {#- dbt lists no project's vars in public: the var object's packages_for_node (dbt-core 1.11) yields the
            projects whose vars this hook reads, this one's own and, when it is a package, the host's, whose vars
            apply globally or under this package's name -#}
        {%- set declared, passed, host_wide, scoped = [], (invocation_args_dict.get('vars') or {}) | list, [], [] -%}
        {%- for project in var.packages_for_node() -%}
            {%- if project.project_name == package -%}
                {%- do declared.extend(project.vars.vars) -%}
            {%- else -%}
                {%- set under_package = project.vars.vars.get(package) -%}
                {%- do host_wide.extend(project.vars.vars | reject('equalto', package)) -%}
                {%- do scoped.extend(under_package if under_package is mapping else []) -%}
            {%- endif -%}
        {%- endfor -%}
        {#- what a name without the namespace may stand for: a var without its prefix, or an old name -#}
        {%- set meant = renamed_vars() -%}
        {%- for name in declared -%}
            {%- do meant.update({name.replace('segmentation__', '', 1): name}) -%}
        {%- endfor -%}
        {%- for name in passed + host_wide + scoped if name not in declared and name not in renamed_vars() -%}
            {%- set nearest = nearest_name(name, declared) -%}
            {%- set short = nearest_name(name, meant) -%}
            {%- set near_package = nearest_name(name, [package]) -%}
            {%- if name in passed and name == package -%}
                {{ exceptions.raise_compiler_error(
                    "var " ~ name ~ " holds vars for this package, but dbt reads the vars of --vars by their names "
                    ~ "alone: pass them without " ~ name ~ ": around them (--vars '{segmentation__as_of: ...}')"
                ) }}
            {%- elif near_package -%}
                {{ exceptions.raise_compiler_error(
                    "var " ~ name ~ " is not this package's name, " ~ package ~ ": the vars under it reach none of "
                    ~ "its models"
                ) }}
            {%- elif name in scoped or nearest or name.startswith('segmentation__') -%}
                {{ exceptions.raise_compiler_error(
                    "var " ~ name ~ " is not a var of this project"
                    ~ ("; did you mean " ~ (nearest or meant[short]) ~ "?" if nearest or short else "")
                    ~ " (its vars: dbt_project.yml, docs/configuration.md)"
                ) }}
            {%- elif short and name in passed -%}
                {%- do exceptions.warn(
                    "var " ~ name ~ " is not a var of this project, which leaves it unread; did you mean "
                    ~ meant[short] ~ "? (a var of another project: ignore this)"
                ) -%}
            {%- endif -%}
        {%- endfor -%}
        {#- dbt renders the marts' grants (dbt_project.yml) before any vars: block, so a reader role set in a host's
            reaches the hooks but not the grants, which would go to another role, or to one where none was meant -#}
        {%- set role_names = ['segmentation__bi_reader_role', 'bi_reader_role'] -%}
        {%- if target.type == 'postgres' and role_names | select('in', host_wide + scoped) | first
              and not role_names | select('in', passed) | first -%}
            {%- set role, granted = project_var('segmentation__bi_reader_role'), [] -%}
            {%- for node in graph.nodes.values() if node.package_name == package and node.resource_type == 'model' -%}
                {%- do granted.extend((node.config.grants or {}).get('select', [])) -%}
            {%- endfor -%}
            {%- if (role and role not in granted) or (not role and granted) -%}
                {{ exceptions.raise_compiler_error(
                    "var " ~ passed_var('segmentation__bi_reader_role') ~ " = '" ~ role ~ "', set in the host "
                    ~ "project's dbt_project.yml, does not reach the marts' grants, which dbt reads before any vars: "
                    ~ "block: they grant select to " ~ (granted | unique | join(', ') or 'no role') ~ ". Pass it on "
                    ~ "the command line (--vars), or set the marts' +grants in your dbt_project.yml as well "
                    ~ "(docs/warehouse.md)"
                ) }}
            {%- endif -%}
        {%- endif -%}
        {%- for old_name, new_name in renamed_vars() | dictsort if var(old_name, none) is not none -%}
            {%- do project_var(new_name) -%}
            {%- do exceptions.warn(
                "var " ~ old_name ~ " is renamed " ~ new_name ~ ": its value " ~ var(old_name)
                ~ " is used, but the old name will stop working; pass " ~ new_name ~ " instead"
            ) -%}
        {%- endfor -%}
    {%- endif -%}
{%- endmacro %}
