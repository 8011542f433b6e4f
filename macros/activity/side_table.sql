{#- A table an incremental model keeps beside its own, in its schema: <model>__digest (what its rows were built
    from, day by day) or <model>__rebuilt_days (the days the current run rebuilds). -#}
{% macro side_table(relation, suffix) %}
    {{- return(api.Relation.create(
        database=relation.database, schema=relation.schema, identifier=relation.identifier ~ '__' ~ suffix,
        type='table',
    )) -}}
{% endmacro %}
