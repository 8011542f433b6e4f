{#- The label dimensions: the name shown in `metric` (as segment_distribution names them, after the
    specification's Query 2), the label column, and the rules that give it. The one list that the label
    columns, the distributions, the history and the migration matrix follow. -#}
{% macro segmentation_dimensions() %}
    {{ return([
        {'name': 'Persona', 'column': 'persona', 'rules': segmentation_rules('segmentation__personas')},
        {'name': 'Engagement', 'column': 'engagement_level', 'rules': segmentation_rules('segmentation__engagement_levels')},
        {'name': 'Reaction', 'column': 'reaction_behavior', 'rules': segmentation_rules('segmentation__reaction_behaviors')},
        {'name': 'Conversation', 'column': 'conversation_preference',
         'rules': segmentation_rules('segmentation__conversation_preferences')},
    ]) }}
{%- endmacro %}

{#- Every dimension's label column: the first matching rule of its list in dbt_project.yml. -#}
{% macro label_columns() %}
    {%- for dimension in segmentation_dimensions() %}
        {{ first_matching_label(dimension.rules) }} as {{ dimension.column }}{{ ',' if not loop.last }}
    {%- endfor %}
{%- endmacro %}
