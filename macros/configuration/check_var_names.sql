{#- The first on-run-start hook, on the names of the vars a user set (var_names_set). Each name that would be left
    unread without a word stops the run, naming the var it likely means: one under this package's name in a host
    project that the package does not declare; one in the namespace (segmentation__) or a few letters from a var of
    it, set anywhere; this package's name on the command line (dbt reads --vars by name alone), or a name a few
    letters from it. A var on the command line that is one of the project's without its segmentation__ prefix is
    said in an info line, since another project may read it (a warning would stop --warn-error). A reader role set
    in a host's vars must reach the grants (check_reader_role_reaches_grants). Each renamed var (renamed_vars) still
    passed under its old name is honoured and said once, naming both names; the old and the new name with different
    values stop the run (project_var). -#}
{% macro check_var_names() %}
    {%- if execute -%}
        {%- set package, names = model.package_name, var_names_set() -%}
        {%- set declared, passed = names.declared, names.command_line -%}
        {%- set host_wide, scoped = names.host_wide, names.under_package -%}
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
                '^(' ~ package ~ '|segmentation)_*', 'segmentation__', name | lower | replace('-', '_')
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
                {#- said, not warned of: --warn-error would stop another project's var -#}
                {%- do log(
                    "var " ~ name ~ " is not a var of this project, which leaves it unread; did you mean "
                    ~ unprefixed[name] ~ "? (a var of another project: ignore this)", info=true
                ) -%}
            {%- endif -%}
        {%- endfor -%}
        {%- do check_reader_role_reaches_grants(names) -%}
        {%- for old_name, new_name in renamed | dictsort if var(old_name, none) is not none -%}
            {%- do project_var(new_name) -%}
            {%- do exceptions.warn(
                "var " ~ old_name ~ " is renamed " ~ new_name ~ ": its value " ~ var(old_name)
                ~ " is used, but the old name will stop working; pass " ~ new_name ~ " instead"
            ) -%}
        {%- endfor -%}
    {%- endif -%}
{%- endmacro %}
