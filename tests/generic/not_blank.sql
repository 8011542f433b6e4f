{#- Fails with one row per value that is empty or only white space (nulls are not_null's business): tabs, line
    breaks and the other characters Python calls white space, and the invisible zero-width space and BOM too,
    which trim() alone (spaces only, on every engine) kept as a name. The characters beyond ASCII only where the
    database holds Unicode: a PostgreSQL database in LATIN1 cannot read them in a query, and one in SQL_ASCII
    translates bytes. -#}
{% test not_blank(model, column_name) %}
    {%- set blanks = '\t\n\v\f\r\x1c\x1d\x1e\x1f' -%}
    {%- if execute and (target.type != 'postgres'
                        or run_query('select getdatabaseencoding()').columns[0].values()[0] == 'UTF8') -%}
        {%- set blanks = blanks ~ '\u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008'
                         ~ '\u2009\u200a\u200b\u2028\u2029\u202f\u205f\u3000\ufeff' -%}
    {%- endif %}

select {{ column_name }}
from {{ model }}
where trim(translate({{ column_name }}, '{{ blanks }}', '{{ " " * blanks | length }}')) = ''

{% endtest %}
