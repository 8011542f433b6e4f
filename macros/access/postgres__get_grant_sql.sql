{#- dbt's GRANT statement with each grantee quoted, as dbt's REVOKE already does: a role is only ever a name. -#}
{%- macro postgres__get_grant_sql(relation, privilege, grantees) -%}
    {%- set quoted_grantees = [] -%}
    {%- for grantee in grantees -%}
        {%- do quoted_grantees.append(adapter.quote(grantee)) -%}
    {%- endfor -%}
    grant {{ privilege }} on {{ relation.render() }} to {{ quoted_grantees | join(', ') }}
{%- endmacro -%}
