{#- A 64-bit hash of some columns of a row, as an integer that sums without overflow into decimal(38, 0): the
    same values give the same number, any change gives another one but by chance (one in 2^64). -#}
{% macro row_checksum(columns) %}
    {{- return(adapter.dispatch('row_checksum', 'user_segmentation')(columns)) -}}
{% endmacro %}

{#- PostgreSQL: the row's text (a null stays apart from an empty string), hashed to a bigint. -#}
{% macro default__row_checksum(columns) -%}
    hashtextextended(cast(row({{ columns | join(', ') }}) as text), 0)
{%- endmacro %}

{% macro duckdb__row_checksum(columns) -%}
    hash({{ columns | join(', ') }})
{%- endmacro %}
