{#- The drift alert's numeric vars and watched personas (segmentation__history_drift_*), checked: a bad value
    stops the run naming the var, the value and the expected form; the watched personas must be labels of
    segmentation__personas, the severity warn or error. -#}
{% macro history_drift_settings() %}
    {%- set prefix = 'segmentation__history_drift_' -%}
    {%- set points = 'a number of percentage points from 0 to 100' -%}
    {%- set settings = {'watched_personas': project_var(prefix ~ 'watched_personas')} -%}
    {%- for name, expected, minimum, maximum, whole in [
        ('max_points', points, 0, 100, false),
        ('trailing_periods', 'a whole number of periods, 0 (off) or more', 0, none, true),
        ('trailing_max_points', points, 0, 100, false),
        ('lookback_periods', 'a whole number of periods, 1 or more', 1, none, true),
        ('min_users', 'a whole number of users, 0 or more', 0, none, true),
    ] -%}
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
    {%- set personas = rule_list('segmentation__personas') | map(attribute='label') | list -%}
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
