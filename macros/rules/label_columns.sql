{#- Every label dimension's column, `<CASE …> as <column>`, comma-separated. To go once the intermediate models
    name each label explicitly ({{ first_matching_label(segmentation_rules('<var>')) }} as <column>). -#}
{% macro label_columns() %}
    {%- for dimension in segmentation_dimensions() %}
        {{ first_matching_label(dimension.rules) }} as {{ dimension.column }}{{ ',' if not loop.last }}
    {%- endfor %}
{%- endmacro %}
