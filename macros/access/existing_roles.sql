{#- The names among `roles` that are roles of this server, so that grants skip one that does not exist. -#}
{% macro existing_roles(roles) %}
    {%- set literals = [] -%}
    {%- for role in roles -%}
        {%- do literals.append(sql_string(role)) -%}
    {%- endfor -%}
    {%- if not (literals and execute) -%}
        {{ return([]) }}
    {%- endif -%}
    {%- set found = run_query("select rolname from pg_roles where rolname in (" ~ literals | join(', ') ~ ")") -%}
    {{ return(found.columns[0].values() | list) }}
{%- endmacro %}
