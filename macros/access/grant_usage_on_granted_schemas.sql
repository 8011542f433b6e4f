{#- GRANT USAGE on each schema in which this run granted SELECT on a relation, to the same grantees.
    dbt's `grants` config covers relations only, and a role cannot read a table in a schema it cannot use.
    Called from on-run-end with dbt's `results`; renders nothing when no relation was granted. Grantees are
    quoted, and one that is not a role of the server is left out, as postgres__apply_grants does. -#}
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
        {%- set quoted_grantees = [] -%}
        {%- for grantee in existing_roles(grantees) -%}
            {%- do quoted_grantees.append(adapter.quote(grantee)) -%}
        {%- endfor -%}
        {%- if quoted_grantees %}
        grant usage on schema {{ adapter.quote(schema) }} to {{ quoted_grantees | join(', ') }};
        {%- endif %}
    {% endfor -%}
{%- endmacro %}
