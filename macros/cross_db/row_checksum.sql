{#- A 64-bit hash of some columns of a row, as an integer that sums without overflow into decimal(38, 0): the
    same values give the same number, any change gives another one but by chance (one in 2^64). The columns
    must have types (a bare literal such as 'a' has none on PostgreSQL). -#}
{% macro row_checksum(columns) %}
    {{- return(adapter.dispatch('row_checksum', 'user_segmentation')(columns)) -}}
{% endmacro %}

{#- PostgreSQL (14 or later): the row hashed as it is, column by column, without writing it out as text first
    (twice as fast over millions of messages); a null hashes apart from an empty string. -#}
{% macro default__row_checksum(columns) -%}
    hash_record_extended(row({{ columns | join(', ') }}), 0)
{%- endmacro %}

{% macro duckdb__row_checksum(columns) -%}
    hash({{ columns | join(', ') }})
{%- endmacro %}
