{#- The first on-run-start hook, on the names of the vars a user set. Each name that would be left unread without
    a word stops the run, naming the var it likely means: one under this package's name in a host project that the
    package does not declare; one in the namespace (segmentation__) or a few letters from a var of it, set anywhere;
    this package's name on the command line (dbt reads --vars by name alone), or a name a few letters from it. A var
    on the command line that is one of the project's without its segmentation__ prefix is said in a warning, since
    another project may read it. Each renamed var (renamed_vars) still passed under its
    old name is honoured and said once, naming both names; the old and the new name with different values stop the
    run (project_var). -#}
{% macro check_var_names() %}
    {%- if execute -%}
        {%- set package = model.package_name -%}
        {#- dbt lists no project's vars in public: the var object's packages_for_node (dbt-core 1.11) yields the
            projects whose vars this hook reads, this one's own and, when it is a package, the host's, whose vars
            apply globally or under this package's name -#}
        {#- names as text: a host's YAML may key its vars by a number -#}
        {%- set declared, passed = [], (invocation_args_dict.get('vars') or {}) | map('string') | list -%}
        {%- set host_wide, scoped = [], [] -%}
        {%- for project in var.packages_for_node() -%}
            {%- if project.project_name == package -%}
                {%- do declared.extend(project.vars.vars) -%}
            {%- else -%}
                {%- set under_package = project.vars.vars.get(package) -%}
                {%- do host_wide.extend(project.vars.vars | map('string') | reject('equalto', package)) -%}
                {%- do scoped.extend((under_package if under_package is mapping else []) | map('string')) -%}
            {%- endif -%}
        {%- endfor -%}
        {#- a var of this project without its prefix, which another project may read too -#}
        {%- set unprefixed, renamed = {}, renamed_vars() -%}
        {%- for name in declared -%}
            {%- do unprefixed.update({name.replace('segmentation__', '', 1): name}) -%}
        {%- endfor -%}
        {%- for name in (passed + host_wide + scoped) | unique
                if name not in declared and name not in renamed -%}
            {#- read in lower case, its start as the namespace is written (segmentation-as-of,
                segmentation_history_grains, user_segmentation__preset) -#}
            {%- set nearest = nearest_name(modules.re.sub(
                '^(' ~ package ~ '|segmentation)[-_]*', 'segmentation__', name | lower | replace('-', '_')
            ), declared) -%}
            {%- if name in passed and name == package -%}
                {{ exceptions.raise_compiler_error(
                    "var " ~ name ~ " holds vars for this package, but dbt reads the vars of --vars by their names "
                    ~ "alone: pass them without " ~ name ~ ": around them (--vars '{segmentation__as_of: ...}')"
                ) }}
            {%- elif name in passed and nearest_name(name, [package]) -%}
                {{ exceptions.raise_compiler_error(
                    "var " ~ name ~ " is not this package's name, " ~ package ~ ", and dbt reads the vars of --vars "
                    ~ "by their names alone: the vars under it reach none of its models"
                ) }}
            {%- elif name in scoped or nearest or (name | lower).startswith('segmentation__') -%}
                {{ exceptions.raise_compiler_error(
                    "var " ~ name ~ " is not a var of this project"
                    ~ ("; did you mean " ~ (nearest or unprefixed[name]) ~ "?" if nearest or name in unprefixed else "")
                    ~ " (its vars: dbt_project.yml, docs/configuration.md)"
                ) }}
            {%- elif name in unprefixed and name in passed -%}
                {%- do exceptions.warn(
                    "var " ~ name ~ " is not a var of this project, which leaves it unread; did you mean "
                    ~ unprefixed[name] ~ "? (a var of another project: ignore this)"
                ) -%}
            {%- endif -%}
        {%- endfor -%}
        {#- dbt renders the models' grants (dbt_project.yml) before any vars: block, so a reader role set in a host's
            reaches the hooks but not the grants, which would go to another role, or to one where none was meant -#}
        {%- set role_names = ['segmentation__bi_reader_role', 'bi_reader_role'] -%}
        {%- if target.type == 'postgres' and role_names | select('in', host_wide + scoped) | first
              and not role_names | select('in', passed) | first -%}
            {%- set role, astray = project_var('segmentation__bi_reader_role'), {} -%}
            {%- for node in graph.nodes.values() if node.package_name == package and node.resource_type == 'model'
                    and 'select' in (node.config.grants or {}) -%}
                {%- set granted = node.config.grants.select -%}
                {%- if (role and role not in granted) or (not role and granted) -%}
                    {%- do astray.update({node.name: granted | join(', ') or 'no role'}) -%}
                {%- endif -%}
            {%- endfor -%}
            {%- if astray -%}
                {%- set first = astray | sort | first -%}
                {{ exceptions.raise_compiler_error(
                    "var " ~ passed_var('segmentation__bi_reader_role') ~ " = '" ~ role ~ "', set in the host "
                    ~ "project's dbt_project.yml, does not reach the grants of " ~ astray | length ~ " model(s), "
                    ~ "which dbt reads before any vars: block: " ~ first ~ " grants select to " ~ astray[first]
                    ~ ". Pass it on the command line (--vars), or set the +grants of the package's marts and "
                    ~ "semantic models in your dbt_project.yml as well (docs/warehouse.md)"
                ) }}
            {%- endif -%}
        {%- endif -%}
        {%- for old_name, new_name in renamed | dictsort if var(old_name, none) is not none -%}
            {%- do project_var(new_name) -%}
            {%- do exceptions.warn(
                "var " ~ old_name ~ " is renamed " ~ new_name ~ ": its value " ~ var(old_name)
                ~ " is used, but the old name will stop working; pass " ~ new_name ~ " instead"
            ) -%}
        {%- endfor -%}
    {%- endif -%}
{%- endmacro %}
