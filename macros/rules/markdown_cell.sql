{#- `text` (a label, a summary) as a Markdown table cell that shows it as written: backslashes and pipes escaped, so
    that the columns stay in place, and `<` written as an entity, so that no HTML comes of it. -#}
{% macro markdown_cell(text) %}
    {{- return(text | string | replace('\\', '\\\\') | replace('|', '\\|') | replace('<', '&lt;')) -}}
{%- endmacro %}
