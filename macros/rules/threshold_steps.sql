{#- One step down and one up of every threshold that the rules of `var_name` read, for threshold_sensitivity:
    [{threshold, kind, step, value, shifted, thresholds}], thresholds being those in force with that one moved.
    The step follows the kind, read from the name: a ratio (`*_ratio`) moves by 10 % of its value (rounded to 6
    decimals), a count or a number of days by 1. A step below 0 or above the largest number a rule may write
    (rule_number_range) is left out; engagement_window_days is too: it chooses a measured window (7 or 30 days),
    it is no cut-off to move. Each step is applied alone, even where it would cross the next rung of a ladder. -#}
{% macro threshold_steps(var_name) %}
    {%- set thresholds = segmentation_thresholds() -%}
    {#- an unknown name is left to segmentation_rules, which names it -#}
    {%- set read = rule_threshold_names(rule_list(var_name)) | reject('equalto', 'engagement_window_days')
                   | select('in', thresholds) | list -%}
    {%- set steps = [] -%}
    {%- for name in read -%}
        {%- set value = thresholds[name] -%}
        {%- set kind = threshold_kind(name) -%}
        {%- for step, shifted in [
            ('down', (value * 0.9) | round(6) if kind == 'ratio' else value - 1),
            ('up', (value * 1.1) | round(6) if kind == 'ratio' else value + 1),
        ] if 0 <= shifted <= rule_number_range().largest | float -%}
            {%- do steps.append({'threshold': name, 'kind': kind, 'step': step, 'value': value, 'shifted': shifted,
                                 'thresholds': dict(thresholds, **{name: shifted})}) -%}
        {%- endfor -%}
    {%- endfor -%}
    {{ return(steps) }}
{%- endmacro %}
