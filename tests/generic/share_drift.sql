{#- Drift alert: one row per watched segment and recent period whose share moved too far, in percentage
    points, against the period before (more than max_points) or, when trailing_periods > 0, against its mean
    over the trailing_periods before that (more than trailing_max_points). Only the last lookback_periods
    periods are judged, and only when every period compared has at least min_users users (total_column), so
    an old spike or a tiny early base does not alert on every run.
      share_column, period_column, segment_column, total_column: columns of the model (one row per period and
        segment, a segment with no user present with share 0)
      segments: the segments watched; max_points, trailing_max_points: numbers; trailing_periods,
        lookback_periods, min_users: whole numbers -#}
{% test share_drift(
    model, share_column, period_column, segment_column, total_column, segments, max_points,
    trailing_periods=0, trailing_max_points=none, lookback_periods=1, min_users=0
) %}
{%- if execute -%}
    {#- the numbers reach the SQL: checked when the test runs (on-run-start checked the vars behind them) -#}
    {%- set arguments = {'max_points': max_points, 'trailing_periods': trailing_periods,
                         'trailing_max_points': trailing_max_points, 'lookback_periods': lookback_periods,
                         'min_users': min_users} -%}
    {%- for name, expected, minimum, maximum, whole in share_drift_number_arguments() -%}
        {#- trailing_max_points only with a trailing window (trailing_periods, checked before it) -#}
        {%- if name != 'trailing_max_points' or trailing_periods > 0 -%}
            {%- do checked_number(
                'share_drift argument ' ~ name, arguments[name], expected, minimum, maximum, whole
            ) -%}
        {%- endif -%}
    {%- endfor -%}
{%- endif %}

with

shares as (

    select
        {{ period_column }} as period,
        {{ segment_column }} as segment,
        {{ share_column }} as share,
        {{ total_column }} as period_users
    from {{ model }}
    where {{ segment_column }} in (
        {% for segment in segments %}{{ sql_string(segment) }}{{ ', ' if not loop.last }}{% else %}null{% endfor %}
    )

),

compared as (

    select
        *,
        lag(share) over (partition by segment order by period) as previous_share,
        lag(period_users) over (partition by segment order by period) as previous_period_users,
        {% if trailing_periods | int > 0 %}
        avg(share) over trailing_window as trailing_mean_share,
        count(*) over trailing_window as trailing_count,
        min(period_users) over trailing_window as trailing_min_users,
        {% endif %}
        dense_rank() over (order by period desc) as recency
    from shares
    {% if trailing_periods | int > 0 %}
    window trailing_window as (
        partition by segment order by period rows between {{ trailing_periods | int }} preceding and 1 preceding
    )
    {% endif %}

),

drifted as (

    select
        segment,
        period,
        share,
        previous_share,
        share - previous_share as points_vs_previous,
        {% if trailing_periods | int > 0 %}
        round(trailing_mean_share, 2) as trailing_mean_share,
        round(share - trailing_mean_share, 2) as points_vs_trailing_mean,
        {% endif %}
        period_users
    from compared
    where
        recency <= {{ lookback_periods | int }}
        and period_users >= {{ min_users }}
        and (
            (previous_period_users >= {{ min_users }} and abs(share - previous_share) > {{ max_points }})
            {% if trailing_periods | int > 0 %}
            or (
                trailing_count = {{ trailing_periods | int }}
                and trailing_min_users >= {{ min_users }}
                and abs(share - trailing_mean_share) > {{ trailing_max_points }}
            )
            {% endif %}
        )

)

select * from drifted

{% endtest %}
