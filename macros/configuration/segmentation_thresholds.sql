{#- Every threshold by name: segmentation__thresholds, then the chosen preset, then single overrides; checked
    (each a non-negative number, counts and days whole: threshold_kind; each ladder strictly decreasing), so
    that a bad value stops the run with a message naming the var, the value and what is expected. -#}
{% macro segmentation_thresholds() %}
    {%- set presets = project_var('segmentation__presets') -%}
    {%- set preset = project_var('segmentation__preset') -%}
    {%- for name, value, expected in [
        ('segmentation__presets', presets, 'preset names to mappings of threshold names to numbers'),
        ('segmentation__thresholds', project_var('segmentation__thresholds'), 'threshold names to numbers'),
    ] if value is not mapping -%}
        {{ exceptions.raise_compiler_error("var " ~ name ~ " = " ~ value ~ " is not a mapping of " ~ expected) }}
    {%- endfor -%}
    {%- if preset is not string or preset not in presets -%}
        {{ exceptions.raise_compiler_error(
            "var segmentation__preset = " ~ preset ~ " is not a preset; expected one of: " ~ presets.keys() | join(', ')
        ) }}
    {%- endif -%}
    {%- set thresholds = dict(project_var('segmentation__thresholds')) -%}
    {%- set overrides = project_var('segmentation__threshold_overrides') -%}
    {%- for source_var, changes in [('segmentation__presets.' ~ preset, presets[preset]),
                                    ('segmentation__threshold_overrides', overrides)] -%}
        {%- if changes is not mapping -%}
            {{ exceptions.raise_compiler_error("var " ~ source_var ~ " = " ~ changes ~ " is not a mapping of threshold names to numbers") }}
        {%- endif -%}
        {%- for name, value in changes.items() -%}
            {%- if name not in thresholds -%}
                {{ exceptions.raise_compiler_error(
                    "var " ~ source_var ~ " names unknown threshold " ~ name ~ "; known: " ~ thresholds.keys() | join(', ')
                ) }}
            {%- endif -%}
            {%- do thresholds.update({name: value}) -%}
        {%- endfor -%}
    {%- endfor -%}
    {#- each a non-negative number (counts and days whole), each ladder strictly decreasing. Needed whatever the
        rules read: message_cut and top_user_messages (the SQL reads them by name), engagement_window_days (checked
        below against the windows measured) and the rungs of the shipped ladders (their order checked below). -#}
    {%- set needed = ['message_cut', 'engagement_window_days', 'very_active_messages', 'active_messages',
                      'moderate_messages', 'power_reactor_reactions', 'regular_reactor_reactions',
                      'occasional_reactor_reactions', 'churn_days', 'at_risk_days', 'top_user_messages'] -%}
    {%- set missing = needed | reject('in', thresholds) | list -%}
    {%- if missing -%}
        {#- and those the rules name, which their parse would name one round later -#}
        {%- for rule_set in rule_sets() -%}
            {%- for name in rule_threshold_names(rule_list(rule_set.var))
                    if name not in thresholds and name not in missing -%}
                {%- do missing.append(name) -%}
            {%- endfor -%}
        {%- endfor -%}
        {{ exceptions.raise_compiler_error(
            "var segmentation__thresholds lacks " ~ missing | join(', ')
            ~ "; to change single thresholds, pass var segmentation__threshold_overrides instead"
        ) }}
    {%- endif -%}
    {#- YAML reads a number in quotes, or with an exponent and no decimal point (1e-3), as text -#}
    {%- set written_number = '^\\s*[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?\\s*$' -%}
    {%- set origin = " (var segmentation__thresholds, preset or overrides)" -%}
    {%- for name, value in thresholds.items() -%}
        {%- if value is string and modules.re.match(written_number, value) -%}
            {{ exceptions.raise_compiler_error(
                "threshold " ~ name ~ " = '" ~ value ~ "' is text, not a number" ~ origin ~ ": write it without "
                ~ "quotes, and an exponent after a decimal point and with a sign (1.0e-3 or 1.0e+3, not 1e-3 or 1.0e3, "
                ~ "which YAML reads as text)"
            ) }}
        {%- endif -%}
        {%- set whole = threshold_kind(name) != 'ratio' -%}
        {%- do checked_number(
            "threshold " ~ name, value,
            ("a non-negative whole number" if whole else "a finite non-negative number") ~ origin, 0, whole=whole
        ) -%}
    {%- endfor -%}
    {%- set window_days = activity_windows().values() | sort | list -%}
    {%- if thresholds.engagement_window_days not in window_days -%}
        {{ exceptions.raise_compiler_error(
            "threshold engagement_window_days = " ~ thresholds.engagement_window_days ~ " must be "
            ~ window_days | join(' or ') ~ " (the windows measured)"
        ) }}
    {%- endif -%}
    {%- for higher, lower in [
        ('very_active_messages', 'active_messages'), ('active_messages', 'moderate_messages'),
        ('power_reactor_reactions', 'regular_reactor_reactions'),
        ('regular_reactor_reactions', 'occasional_reactor_reactions'),
        ('churn_days', 'at_risk_days'),
    ] -%}
        {%- if thresholds[higher] <= thresholds[lower] -%}
            {{ exceptions.raise_compiler_error(
                "threshold " ~ higher ~ " = " ~ thresholds[higher] ~ " must be greater than " ~ lower ~ " = "
                ~ thresholds[lower] ~ " (the rungs of a ladder are in decreasing order)"
            ) }}
        {%- endif -%}
    {%- endfor -%}
    {{ return(thresholds) }}
{%- endmacro %}
