{#- The vars renamed into the project's one namespace, segmentation__ (issue 15): old name -> new name. A user
    who still passes an old name has it honoured (project_var) with a warning at the run's start
    (check_var_names); YAML that dbt renders without macros reads the two names itself. -#}
{% macro renamed_vars() %}
    {{ return({
        'as_of': 'segmentation__as_of',
        'source_database': 'segmentation__source_database',
        'source_schema': 'segmentation__source_schema',
        'persons_identifier': 'segmentation__persons_identifier',
        'person_contacts_identifier': 'segmentation__person_contacts_identifier',
        'conversation_identifier': 'segmentation__conversation_identifier',
        'message_identifier': 'segmentation__message_identifier',
        'postgres__work_mem': 'segmentation__postgres_work_mem',
        'bi_reader_role': 'segmentation__bi_reader_role',
        'history__grain': 'segmentation__history_grain',
        'history__start_date': 'segmentation__history_start_date',
        'history__entered_label': 'segmentation__history_entered_label',
        'history__left_label': 'segmentation__history_left_label',
        'history__drift_watched_personas': 'segmentation__history_drift_watched_personas',
        'history__drift_max_points': 'segmentation__history_drift_max_points',
        'history__drift_trailing_periods': 'segmentation__history_drift_trailing_periods',
        'history__drift_trailing_max_points': 'segmentation__history_drift_trailing_max_points',
        'history__drift_lookback_periods': 'segmentation__history_drift_lookback_periods',
        'history__drift_min_users': 'segmentation__history_drift_min_users',
        'history__drift_severity': 'segmentation__history_drift_severity',
    }) }}
{%- endmacro %}
