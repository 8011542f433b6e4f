{#- The per-user metrics the rules of a rule set may read, each with whether it is a whole number (a product of
    whole numbers is computed as an exact decimal: parse_rule_condition). The rules run in
    int_users_segmented_over_time, at as_of and at every period end, so they read what it computes at both; a rule
    set may read more where its registry entry (rule_sets) says so (the time-of-day bands: circular_mean_hour). -#}
{% macro rule_metrics(var_name) %}
    {%- set metrics = {'total_messages_sent': true} -%}
    {%- for window in activity_windows() -%}
        {%- do metrics.update({window: true}) -%}
    {%- endfor -%}
    {#- reaction_rate is a double -#}
    {%- do metrics.update({'days_since_last_message': true, 'messages_1on1': true, 'messages_group': true,
                           'total_reactions': true, 'reaction_rate': false, 'avg_hour_of_day': true}) -%}
    {%- for rule_set in rule_sets() if rule_set.var == var_name -%}
        {%- do metrics.update(rule_set.metrics) -%}
    {%- endfor -%}
    {{ return(metrics) }}
{%- endmacro %}
