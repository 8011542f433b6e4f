{#- A label as a report, a chart or a BI tool shows it: without white space or an invisible zero-width space or
    BOM at its start or end. A label that differs from it would look like another. -#}
{% macro label_shown(label) %}
    {{- return(modules.re.sub('^[\\s\\u200b\\ufeff]+|[\\s\\u200b\\ufeff]+$', '', label)) -}}
{% endmacro %}
