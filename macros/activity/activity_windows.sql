{#- The specification's windows: metric -> its length in calendar days before as_of. -#}
{% macro activity_windows() %}
    {{ return({'messages_last_30d': 30, 'messages_last_7d': 7}) }}
{% endmacro %}
