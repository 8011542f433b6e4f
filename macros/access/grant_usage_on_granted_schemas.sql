{#- GRANT USAGE on each schema in which this run granted SELECT on a relation, to the same grantees.
    dbt's `grants` config covers relations only, and a role cannot read a table in a schema it cannot use.
    Called from on-run-end with dbt's `results`; renders nothing when no relation was granted. -#}
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
        grant usage on schema {{ adapter.quote(schema) }} to {{ grantees | join(', ') }};
    {% endfor -%}
{%- endmacro %}
