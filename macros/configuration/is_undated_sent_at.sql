{#- Whether a message whose source timestamp is `instant` is undated: it has none, or one before var
    segmentation__plausible_sent_at (a broken clock). stg_raw__messages nulls such a message's sent_at, and the
    incremental runs look undated messages up by it, on the raw column an index serves. -#}
{% macro is_undated_sent_at(instant) %}
    {{- return('(' ~ instant ~ ' is null or ' ~ instant ~ ' < ' ~ plausible_sent_at().earliest ~ ')') -}}
{% endmacro %}
