{#- Whether a row of the timeline (int_persons_activity_aggregated, or a view over it, read as `alias`) is in the
    as_of slice, as a SQL condition: is_as_of, at the instant of its half's as_of rows. Every run of a half replaces
    all of its as_of rows (is_replaced_in_timeline), so they share one instant, the latest of them: PostgreSQL looks
    it up for each half through the index on observed_at, then reads the slice through that index, instead of every
    period end of the history. Neither the timeline's latest instant (where a local midnight comes twice, a period
    end can fall after as_of) nor the as_of var (the halves may have been built at another as_of) would do. -#}
{% macro is_in_as_of_slice(alias) %}
    {%- set instants = [] -%}
    {%- for half in timeline_halves() -%}
        {%- do instants.append(
            alias ~ '.observed_at = (select max(as_of_rows.observed_at) from '
            ~ aliased(half, 'as_of_rows') ~ ' where as_of_rows.is_as_of)'
        ) -%}
    {%- endfor -%}
    {{- return(alias ~ '.is_as_of and (' ~ instants | join(' or ') ~ ')') -}}
{% endmacro %}
