{#- Fails with one row per value that is empty or only white space (nulls are not_null's business): tabs, line
    breaks, no-break and other Unicode spaces, and the invisible zero-width space and BOM too, which trim() alone
    (spaces only, on every engine) kept as a name. -#}
{% test not_blank(model, column_name) %}
{%- set blanks = '\t\n\v\f\r\u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a'
                 ~ '\u200b\u2028\u2029\u202f\u205f\u3000\ufeff' -%}

select {{ column_name }}
from {{ model }}
where trim(translate({{ column_name }}, '{{ blanks }}', '{{ " " * blanks | length }}')) = ''

{% endtest %}
