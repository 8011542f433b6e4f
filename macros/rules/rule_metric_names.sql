{#- The per-user metrics the rules of a rule set may read: the rules run in int_users_segmented_over_time, at
    as_of and at every period end, so they read what it computes at both; a rule set may read more where its
    registry entry (rule_sets) says so (the time-of-day bands: circular_mean_hour). -#}
{% macro rule_metric_names(var_name) %}
    {%- set metrics = ['total_messages_sent'] + activity_windows().keys() | list + [
        'days_since_last_message', 'messages_1on1', 'messages_group', 'total_reactions', 'reaction_rate',
        'avg_hour_of_day',
    ] -%}
    {%- for rule_set in rule_sets() if rule_set.var == var_name -%}
        {%- do metrics.extend(rule_set.metrics) -%}
    {%- endfor -%}
    {{ return(metrics) }}
{%- endmacro %}
