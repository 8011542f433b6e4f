{#- Fails with one row per value that is empty or only white space (nulls are not_null's business). -#}
{% test not_blank(model, column_name) %}

select {{ column_name }}
from {{ model }}
where trim({{ column_name }}) = ''

{% endtest %}
