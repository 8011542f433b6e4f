{#- Run at the start of dbt run and dbt build (on-run-start): the marts are granted to var
    segmentation__bi_reader_role only when the role exists (postgres__apply_grants), so a missing role is said
    once here, with both fixes. -#}
{% macro warn_if_bi_reader_role_missing() %}
    {%- set role = project_var('segmentation__bi_reader_role') -%}
    {%- if execute and role and target.type == 'postgres' and flags.WHICH in ['run', 'build']
          and not existing_roles([role]) -%}
        {%- do exceptions.warn(
            "var " ~ passed_var('segmentation__bi_reader_role')
            ~ " names the role " ~ role ~ ", which does not exist on this server: "
            ~ "the marts are built and granted to no one. Create the role (create role " ~ adapter.quote(role)
            ~ " login password '...'), then run dbt again; or set the var to \"\" to grant nothing and silence this."
        ) -%}
    {%- endif -%}
{%- endmacro %}
