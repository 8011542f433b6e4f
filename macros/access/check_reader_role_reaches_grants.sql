{#- On PostgreSQL: dbt renders the models' grants (dbt_project.yml) before any vars: block, so a reader role set in a
    host's vars (names: var_names_set) reaches the hooks but not the grants, which would go to another role, or to
    one where none was meant. Such a role that the grants do not carry stops the run, naming a model and its
    grantee. -#}
{% macro check_reader_role_reaches_grants(names) %}
    {%- set role_names = ['segmentation__bi_reader_role'] -%}
    {%- for old_name, new_name in renamed_vars().items() if new_name == role_names[0] -%}
        {%- do role_names.append(old_name) -%}
    {%- endfor -%}
    {%- if target.type != 'postgres' or not role_names | select('in', names.host_wide + names.under_package) | first
          or role_names | select('in', names.command_line) | first -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set role, astray = project_var('segmentation__bi_reader_role'), {} -%}
    {%- for node in graph.nodes.values() if node.package_name == model.package_name and node.resource_type == 'model'
            and 'select' in (node.config.grants or {}) -%}
        {%- set granted = node.config.grants.select -%}
        {%- if (role and role not in granted) or (not role and granted) -%}
            {%- do astray.update({node.name: granted | join(', ') or 'no role'}) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if astray -%}
        {%- set first = astray | sort | first -%}
        {{ exceptions.raise_compiler_error(
            "var " ~ passed_var('segmentation__bi_reader_role') ~ " = '" ~ role ~ "', set in the host project's "
            ~ "dbt_project.yml, does not reach the grants of " ~ astray | length ~ " model(s), which dbt reads before "
            ~ "any vars: block: " ~ first ~ " grants select to " ~ astray[first] ~ ". Pass it on the command line "
            ~ "(--vars), or set the +grants of the package's marts and semantic models in your dbt_project.yml as "
            ~ "well (docs/warehouse.md)"
        ) }}
    {%- endif -%}
{%- endmacro %}
