{#- Of `names`, the one `name` is likely a misspelling of, or none: the one sharing the longest start and end with
    it (a letter missed, doubled, changed or swapped leaves both), when each has at most three letters besides; the
    first alphabetically of equals. -#}
{% macro nearest_name(name, names) %}
    {%- set nearest = namespace(name=none, shared=-1) -%}
    {%- for candidate in names | sort -%}
        {%- set longest = [name | length, candidate | length] | min -%}
        {%- set start = namespace(length=longest) -%}
        {%- for position in range(longest) if name[position] != candidate[position] -%}
            {%- set start.length = position -%}
            {%- break -%}
        {%- endfor -%}
        {%- set end = namespace(length=longest - start.length) -%}
        {%- for position in range(1, longest - start.length + 1) if name[-position] != candidate[-position] -%}
            {%- set end.length = position - 1 -%}
            {%- break -%}
        {%- endfor -%}
        {%- set shared = start.length + end.length -%}
        {%- if shared > nearest.shared and [name | length, candidate | length] | max - shared <= 3 -%}
            {%- set nearest.name = candidate -%}
            {%- set nearest.shared = shared -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(nearest.name) }}
{%- endmacro %}
