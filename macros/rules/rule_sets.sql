{#- The rule registry: every rule set (an ordered list of {label, when} in a var, first match wins) and where its
    label goes. The one list that the validation, the definitions fingerprint, the label dimensions, the metrics a
    rule may read and docs/rules.md follow. Each rule set:
      var        the var holding its rules
      column     the label column it gives
      name       its name: the `metric` of segment_distribution, the `dimension` of the history marts
      dimension  whether it is a label dimension (distributions, history, migration); the time-of-day band is not
      metrics    per-user metrics its rules may read beyond rule_metrics' common ones, each with whether it is a
                 whole number -#}
{% macro rule_sets() %}
    {{ return([
        {'var': 'segmentation__personas', 'column': 'persona', 'name': 'Persona', 'dimension': true, 'metrics': {}},
        {'var': 'segmentation__engagement_levels', 'column': 'engagement_level', 'name': 'Engagement',
         'dimension': true, 'metrics': {}},
        {'var': 'segmentation__reaction_behaviors', 'column': 'reaction_behavior', 'name': 'Reaction',
         'dimension': true, 'metrics': {}},
        {'var': 'segmentation__conversation_preferences', 'column': 'conversation_preference', 'name': 'Conversation',
         'dimension': true, 'metrics': {}},
        {'var': 'segmentation__time_of_day_bands', 'column': 'time_of_day_preference', 'name': 'Time of day',
         'dimension': false, 'metrics': {'circular_mean_hour': false}},
    ]) }}
{%- endmacro %}
