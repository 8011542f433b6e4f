{#- The configured time zone (segmentation_time_zone) as the engine's conversion functions take it, a SQL string
    literal. PostgreSQL's timezone() reads a name as an abbreviation first: 'CET' as a fixed +01:00 without the
    zone's summer time and, since PostgreSQL 18, 'UTC' as the session zone's own abbreviation (-05:00 in a session
    set to the POSIX zone 'UTC+5'). There the UTC family is given as its Etc/ zone, which no abbreviation can be,
    and another name without a region that is an abbreviation of the server stops the run. segmentation_time_zone
    keeps the name as given: the definitions' fingerprint holds it, and a new spelling would start a new snapshot
    version for every user. -#}
{% macro time_zone_for_conversion() %}
    {{- return(adapter.dispatch('time_zone_for_conversion', 'user_segmentation')()) -}}
{% endmacro %}

{% macro default__time_zone_for_conversion() %}
    {{- return(segmentation_time_zone()) -}}
{% endmacro %}

{% macro postgres__time_zone_for_conversion() %}
    {%- set literal, zone = segmentation_time_zone(), project_var('segmentation__time_zone') | string -%}
    {%- if zone in ['UTC', 'UCT', 'GMT', 'Zulu', 'Universal', 'Greenwich'] -%}
        {{- return(sql_string('Etc/' ~ zone)) -}}
    {%- endif -%}
    {%- if execute and '/' not in zone -%}
        {%- set abbreviation = run_query(
            "select abbrev, utc_offset from pg_timezone_abbrevs where lower(abbrev) = lower(" ~ literal ~ ")"
        ).rows -%}
        {%- if abbreviation -%}
            {{ exceptions.raise_compiler_error(
                "var segmentation__time_zone = " ~ zone ~ " is also a time zone abbreviation, which PostgreSQL reads "
                ~ "before the zone of that name: a fixed offset of " ~ abbreviation[0][1] ~ " from UTC, without the "
                ~ "zone's changes of clock. Name the zone by its region instead, e.g. Europe/Paris or America/New_York"
            ) }}
        {%- endif -%}
    {%- endif -%}
    {{- return(literal) -}}
{% endmacro %}
