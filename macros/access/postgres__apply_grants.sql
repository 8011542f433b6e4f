{#- dbt's grants (the `grants` config) on PostgreSQL, leaving out a grantee that is not a role of the server
    rather than failing the model (warn_if_bi_reader_role_missing says so once). dbt dispatches this first. -#}
{% macro postgres__apply_grants(relation, grant_config, should_revoke=True) %}
    {%- set granted = {} -%}
    {%- for privilege, grantees in (grant_config or {}).items() -%}
        {%- do granted.update({privilege: existing_roles(grantees)}) -%}
    {%- endfor -%}
    {{ default__apply_grants(relation, granted, should_revoke) }}
{%- endmacro %}
