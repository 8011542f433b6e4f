{#- The drift alert's numeric vars and watched personas (segmentation__history_drift_*), checked: a bad value
    stops the run naming the var, the value and the expected form; the watched personas must be labels of
    segmentation__personas, the severity warn or error. -#}
{% macro history_drift_settings() %}
    {%- set prefix = 'segmentation__history_drift_' -%}
    {%- set settings = {'watched_personas': project_var(prefix ~ 'watched_personas')} -%}
    {%- for name, expected, minimum, maximum, whole in share_drift_number_arguments() -%}
        {%- do settings.update({name: checked_number(
            'var ' ~ passed_var(prefix ~ name), project_var(prefix ~ name), expected, minimum, maximum, whole
        )}) -%}
    {%- endfor -%}
    {%- set severity = project_var(prefix ~ 'severity') -%}
    {%- if severity not in ['warn', 'error'] -%}
        {{ exceptions.raise_compiler_error(
            "var " ~ passed_var(prefix ~ "severity") ~ " = " ~ severity ~ " is not a severity: warn or error"
        ) }}
    {%- endif -%}
    {%- set personas = rule_labels('segmentation__personas') -%}
    {%- set watched = settings.watched_personas -%}
    {%- if watched is string or watched is mapping or watched is not iterable
           or watched | reject('in', personas) | list -%}
        {{ exceptions.raise_compiler_error(
            "var " ~ passed_var(prefix ~ "watched_personas") ~ " = " ~ watched ~ " is not a list of persona labels"
            ~ (" (" ~ watched | reject('in', personas) | join(', ') ~ " is no persona)"
               if watched is not string and watched is iterable and watched is not mapping else "")
            ~ "; the personas: " ~ personas | join(', ')
        ) }}
    {%- endif -%}
    {{ return(settings) }}
{%- endmacro %}
