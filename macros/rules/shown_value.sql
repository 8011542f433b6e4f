{#- A value as the rule explanations show it (user_personas' evidence and nearest miss): its text, or 'null'. -#}
{% macro shown_value(expression) -%}
    coalesce(cast({{ expression }} as {{ dbt.type_string() }}), 'null')
{%- endmacro %}
