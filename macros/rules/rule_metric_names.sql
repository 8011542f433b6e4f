{#- The per-user metrics the rules of a rule list var may read. The label dimensions' rules run in
    int_users_segmented and, at every period end, in int_users_segmented_by_period, so they read what both
    compute; the time-of-day bands run in int_users_segmented only and also read circular_mean_hour. -#}
{% macro rule_metric_names(var_name) %}
    {%- set metrics = ['total_messages_sent'] + activity_windows().keys() | list + [
        'days_since_last_message', 'messages_1on1', 'messages_group', 'total_reactions', 'reaction_rate',
        'avg_hour_of_day',
    ] -%}
    {{ return(metrics + (['circular_mean_hour'] if var_name == 'segmentation__time_of_day_bands' else [])) }}
{%- endmacro %}
