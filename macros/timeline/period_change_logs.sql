{#- The logs of period changes (record_period_changes) that a mart over the history recomputes periods from: the
    timeline's halves', and that of the model of the mart's config `rebuilt_from`. Relations, that may not exist
    yet; the refs are recorded when dbt parses the mart. -#}
{% macro period_change_logs() %}
    {%- set models = timeline_halves() -%}
    {%- if config.get('rebuilt_from') -%}
        {%- do models.append(ref(config.get('rebuilt_from'))) -%}
    {%- endif -%}
    {%- set logs = [] -%}
    {%- for model in models -%}
        {%- do logs.append(side_table(model, 'period_changes')) -%}
    {%- endfor -%}
    {{- return(logs) -}}
{% endmacro %}
