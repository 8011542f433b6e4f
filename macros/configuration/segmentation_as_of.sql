{#- The instant the segmentation is computed for (the specification's NOW()), as a SQL timestamp with time zone. -#}
{% macro segmentation_as_of() -%}
    cast('{{ as_of_instant().isoformat() }}' as {{ type_instant() }})
{%- endmacro %}
