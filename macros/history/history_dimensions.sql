{#- The label dimensions that the history, the migration matrix and the distributions follow: the name
    shown in `metric`/`dimension` (as segment_distribution names them), the label column, and its rules. -#}
{% macro history_dimensions() %}
    {{ return([
        {'name': 'Persona', 'column': 'persona', 'rules': var('segmentation__personas')},
        {'name': 'Engagement', 'column': 'engagement_level', 'rules': var('segmentation__engagement_levels')},
        {'name': 'Reaction', 'column': 'reaction_behavior', 'rules': var('segmentation__reaction_behaviors')},
        {'name': 'Conversation', 'column': 'conversation_preference',
         'rules': var('segmentation__conversation_preferences')},
    ]) }}
{%- endmacro %}
