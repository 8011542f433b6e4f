{#- The share_drift test's numeric arguments and what each must be: [(name, expected, minimum, maximum, whole)].
    share_drift checks its arguments by it, history_drift_settings the vars behind them. -#}
{% macro share_drift_number_arguments() %}
    {%- set points = 'a number of percentage points from 0 to 100' -%}
    {{ return([
        ('max_points', points, 0, 100, false),
        ('trailing_periods', 'a whole number of periods, 0 (off) or more', 0, none, true),
        ('trailing_max_points', points, 0, 100, false),
        ('lookback_periods', 'a whole number of periods, 1 or more', 1, none, true),
        ('min_users', 'a whole number of users, 0 or more', 0, none, true),
    ]) }}
{% endmacro %}
