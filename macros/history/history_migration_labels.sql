{#- segment_migration's segments for users not segmented before or after a move (vars
    segmentation__history_entered_label and segmentation__history_left_label), as {entered, left}, checked: each
    non-empty text without control characters (a NUL cut the SQL literal short) or a blank at its start or end
    (label_shown: ' Churned' would look like the persona), the two different, and neither a label of a dimension's
    rules, since a migration row to or from it would read either way. -#}
{% macro history_migration_labels() %}
    {%- set labels = {} -%}
    {%- for side, example in [('entered', '(entered)'), ('left', '(left)')] -%}
        {%- set name = 'segmentation__history_' ~ side ~ '_label' -%}
        {%- set value = project_var(name) -%}
        {%- if value is not string or value == '' or value != label_shown(value)
               or modules.re.search('[\\x00-\\x1f\\x7f]', value) -%}
            {{ exceptions.raise_compiler_error(
                "var " ~ passed_var(name) ~ " = " ~ ("'" ~ value.encode('unicode_escape').decode() ~ "'"
                if value is string else value) ~ " is not a label: expected non-empty text without control characters "
                ~ "or a blank at its start or end, e.g. '" ~ example ~ "'"
            ) }}
        {%- endif -%}
        {%- do labels.update({side: value}) -%}
    {%- endfor -%}
    {%- if labels.entered == labels.left -%}
        {{ exceptions.raise_compiler_error(
            "var " ~ passed_var('segmentation__history_entered_label') ~ " and var "
            ~ passed_var('segmentation__history_left_label') ~ " are both " ~ labels.entered
            ~ "; segment_migration needs two different labels, for users who entered and users who left"
        ) }}
    {%- endif -%}
    {%- for dimension in segmentation_dimensions() -%}
        {%- for side, value in labels.items() if value in dimension.labels -%}
            {{ exceptions.raise_compiler_error(
                "var " ~ passed_var('segmentation__history_' ~ side ~ '_label') ~ " = " ~ value
                ~ " is also a label of " ~ dimension.var ~ "; segment_migration would not tell users who "
                ~ side ~ " from those " ~ ("coming from" if side == 'entered' else "going to") ~ " " ~ value
                ~ ": choose a label that no rule gives"
            ) }}
        {%- endfor -%}
    {%- endfor -%}
    {{ return(labels) }}
{%- endmacro %}
