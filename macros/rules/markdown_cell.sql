{#- `text` (a label, a summary) as a Markdown table cell that shows it as written, on one line (whatever ends
    its lines: U+2028 and form feed too): no emphasis, code, link or column break, and no HTML. The same escapes as
    the report's (segmentation/documents.py, markdown_text). -#}
{% macro markdown_cell(text) %}
    {%- set one_line = modules.re.sub('\\s*[\\n\\r\\v\\f\\x1c-\\x1e\\x85\\u2028\\u2029]+\\s*', ' ', text | string) -%}
    {%- set escaped = modules.re.sub('([\\\\`*_\\[\\]|])', '\\\\\\1', one_line) -%}
    {{- return(modules.re.sub('&(?=#?\\w+;)', '&amp;', escaped) | replace('<', '&lt;')) -}}
{%- endmacro %}
