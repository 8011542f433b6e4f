{#- Whether a row of the timeline (int_persons_activity_aggregated, or a view over it, read as `alias`) is in the
    as_of slice, as a SQL condition: is_as_of, at the timeline's latest instant (every period end is at or before
    as_of), which PostgreSQL looks up and then reads the slice through the halves' index on observed_at, instead of
    reading every period end of the history for the few rows of as_of. -#}
{% macro is_in_as_of_slice(alias) %}
    {{- return(
        alias ~ '.is_as_of and ' ~ alias ~ '.observed_at = (select max(timeline.observed_at) from '
        ~ ref('int_persons_activity_aggregated') ~ ' as timeline)'
    ) -}}
{% endmacro %}
