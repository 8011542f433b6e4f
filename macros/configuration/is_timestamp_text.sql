{#- A condition: the text `column` reads as a timestamp with time zone, as staging's cast reads it (dispatched). -#}
{% macro is_timestamp_text(column) %}
    {{- return(adapter.dispatch('is_timestamp_text', 'user_segmentation')(column)) -}}
{% endmacro %}

{#- The ISO 8601 forms alone, as on PostgreSQL (DuckDB's cast read '2026-06-27 12:00 Europe/Paris', Spark's '2024'
    and '2024-5-1', which PostgreSQL's check refuses), and what the engine's cast reads of them. -#}
{% macro default__is_timestamp_text(column) -%}
    (lower(trim({{ column }})) in ('infinity', '-infinity') or {{ matches_regex(column, _iso_8601_timestamp()) }})
    and {{ cast_or_null(column, type_instant()) }} is not null
{%- endmacro %}

{#- PostgreSQL 14 has no pg_input_is_valid, and a cast raises: the ISO 8601 forms (and infinity), which PostgreSQL
    reads in any DateStyle, and the day checked against its month in a CASE reached by matching text only, so it
    cannot raise. Other forms PostgreSQL reads ('May 1 2024') are refused too: the check never lets through what
    the cast fails on. -#}
{% macro postgres__is_timestamp_text(column) -%}
    {%- set year = "cast(substring(" ~ column ~ " from '^\\s*([0-9]{4})') as integer)" -%}
    {%- set month = "cast(substring(" ~ column ~ " from '^\\s*[0-9]{4}-([0-9]{2})') as integer)" -%}
    {%- set day = "cast(substring(" ~ column ~ " from '^\\s*[0-9]{4}-[0-9]{2}-([0-9]{2})') as integer)" -%}
    {#- 1 BC, 5 BC, … are leap years (the proleptic Gregorian calendar has a year 0) -#}
    {%- set leap = "(" ~ year ~ " - case when " ~ column ~ " ~ 'BC\\s*$' then 1 else 0 end)" -%}
    case
        when lower(trim({{ column }})) in ('infinity', '-infinity') then true
        when {{ matches_regex(column, _iso_8601_timestamp()) }}
            then {{ day }} <= case
                    when {{ month }} in (4, 6, 9, 11) then 30
                    when {{ month }} = 2 and {{ leap }} % 4 = 0 and ({{ leap }} % 100 <> 0 or {{ leap }} % 400 = 0)
                        then 29
                    when {{ month }} = 2 then 28
                    else 31
                end
        else false
    end
{%- endmacro %}

{#- The regular expression of the ISO 8601 forms: a date from the year 1 (DuckDB read 0000 as 1 BC, Spark as a year
    0), a time to the minute, second or fraction, an offset or Z, BC. -#}
{% macro _iso_8601_timestamp() -%}
    {%- set date = '([0-9]{3}[1-9]|[0-9]{2}[1-9]0|[0-9][1-9]00|[1-9]000)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])' -%}
    {%- set time = '([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\\.[0-9]+)?)?' -%}
    {%- set offset = '(Z|[-+](0[0-9]|1[0-5])(:?[0-5][0-9])?)' -%}
    {{- return('^\\s*' ~ date ~ '([T ]' ~ time ~ '\\s*' ~ offset ~ '?)?(\\s+BC)?\\s*$') -}}
{%- endmacro %}
