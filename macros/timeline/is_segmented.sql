{#- Whether a row of the timeline's metrics is a user segmented at its instant, as a SQL condition: the
    specification's WHERE and HAVING there (a person who may be segmented, past the message cut). -#}
{% macro is_segmented() %}
    {{- return('is_segmentable and total_messages_sent > ' ~ segmentation_thresholds()['message_cut']) -}}
{% endmacro %}
