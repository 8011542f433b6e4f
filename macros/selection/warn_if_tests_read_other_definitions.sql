{#- Run at the start of `dbt test` (on-run-start): a warning when the labels it tests were computed by other definitions
    than those of its own vars (definitions_version, segmentation_definitions_version): the tests of labels and
    thresholds (accepted_values on a renamed persona, say) read this command's vars, and would fail on rows that are
    right, with nothing but "Got 1 result". Names both versions and what to run. -#}
{% macro warn_if_tests_read_other_definitions() %}
    {%- if not execute or flags.WHICH != 'test' -%}
        {{ return('') }}
    {%- endif -%}
    {%- set labels = graph.nodes.values() | selectattr('name', 'equalto', 'int_users_segmented') | first -%}
    {%- set built = labels_as_built(strict=false, table=api.Relation.create(
        database=labels.database, schema=labels.schema, identifier=labels.alias
    )) -%}
    {%- if built.definitions_version is not none and built.definitions_version != segmentation_definitions_version() -%}
        {%- do exceptions.warn(
            "the labels under test were computed with definitions_version " ~ built.definitions_version
            ~ " (the last dbt run or build of int_users_segmented), and this command's vars give "
            ~ segmentation_definitions_version() ~ ": a test of a label or a threshold reads this command's vars and "
            ~ "may fail on rows that are right. Run dbt test with the --vars of that build, or dbt build with these."
        ) -%}
    {%- endif -%}
    {{ return('') }}
{% endmacro %}
