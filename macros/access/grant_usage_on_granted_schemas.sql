{#- GRANT USAGE on each schema in which this run granted SELECT on a relation, to the same grantees.
    dbt's `grants` config covers relations only, and a role cannot read a table in a schema it cannot use.
    Called from on-run-end with dbt's `results`; renders nothing when no relation was granted. Grantees are
    quoted, and one that is not a role of the server is left out, as postgres__apply_grants does. A schema that
    dbt's role neither owns nor may grant USAGE on (one a DBA created for it) is granted nothing: a warning names
    each grantee left without USAGE and the statement the owner runs. -#}
{% macro grant_usage_on_granted_schemas(results) %}
    {%- set grantees_by_schema = {} -%}
    {%- for result in results if result.node.resource_type == 'model' and result.status == 'success' -%}
        {%- set grants = result.node.config.grants or {} -%}
        {%- set grantees = grants.get('select', []) -%}
        {%- if grantees -%}
            {%- set known = grantees_by_schema.get(result.node.schema, []) -%}
            {%- do grantees_by_schema.update({result.node.schema: (known + grantees) | unique | list}) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- for schema, grantees in grantees_by_schema | dictsort -%}
        {%- set roles, quoted_grantees = existing_roles(grantees), [] -%}
        {%- for grantee in roles -%}
            {%- do quoted_grantees.append(adapter.quote(grantee)) -%}
        {%- endfor -%}
        {%- if quoted_grantees %}
        grant usage on schema {{ adapter.quote(schema) }} to {{ quoted_grantees | join(', ') }};
        {%- endif %}
        {%- for grantee, owner in grantees_lacking_ungrantable_usage(schema, roles) %}
            {%- do exceptions.warn(
                "role " ~ grantee ~ " may not use schema " ~ schema ~ ", where it was granted the marts, and role "
                ~ target.user ~ " cannot grant it that (PostgreSQL grants nothing then): the schema's owner, "
                ~ owner ~ ", runs once: grant usage on schema " ~ adapter.quote(schema) ~ " to " ~ adapter.quote(grantee)
            ) -%}
        {%- endfor %}
    {% endfor -%}
{%- endmacro %}
