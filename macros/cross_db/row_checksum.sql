{#- A 64-bit hash of some columns of a row, as an integer that sums without overflow into decimal(38, 0): the
    same values give the same number, any change gives another one but by chance (one in 2^64), and so does a sum
    of them over rows whose values were swapped between two rows. `key` is a bigint column that tells the rows
    apart (none where the rows summed are one a day). The columns must have types (a bare literal such as 'a' has
    none on PostgreSQL). -#}
{% macro row_checksum(columns, key=none) %}
    {{- return(adapter.dispatch('row_checksum', 'user_segmentation')(columns, key)) -}}
{% endmacro %}

{#- PostgreSQL (14 or later): the row hashed as it is, column by column, without writing it out as text first
    (twice as fast over millions of messages); a null hashes apart from an empty string. hash_record_extended adds
    up its columns' hashes with fixed factors, so a sum of it over a day's rows depends only on which values each
    column holds that day: a reaction and a plain message of the same day that swapped their texts summed as before
    (found by a review). Each row's key seeds its columns' hashes, which makes them differ from row to row. -#}
{% macro default__row_checksum(columns, key) -%}
    hash_record_extended(row({{ columns | join(', ') }}), {{ 'coalesce(' ~ key ~ ', 0)' if key else '0' }})
{%- endmacro %}

{#- DuckDB's hash of several values mixes them, not a sum with fixed factors: the key is among the columns. -#}
{% macro duckdb__row_checksum(columns, key) -%}
    hash({{ columns | join(', ') }})
{%- endmacro %}
