{#- A Python datetime with its offset (a var parsed, a value read back from the warehouse) as a SQL literal of
    type_instant(). -#}
{% macro instant_literal(value) %}
    {{- return("cast('" ~ value.isoformat() ~ "' as " ~ type_instant() ~ ")") -}}
{% endmacro %}
