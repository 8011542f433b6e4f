{#- The instant the segmentation is computed for (the specification's NOW()), as a SQL timestamp with time zone. -#}
{% macro segmentation_as_of() -%}
    {{ instant_literal(as_of_instant()) }}
{%- endmacro %}
