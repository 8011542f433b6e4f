{#- What a threshold counts, by its name: `ratio` (ending in _ratio: any non-negative number), `days` (ending in
    _days) or `count`, both whole numbers. -#}
{% macro threshold_kind(name) %}
    {{- return('ratio' if name.endswith('_ratio') else ('days' if name.endswith('_days') else 'count')) -}}
{% endmacro %}
