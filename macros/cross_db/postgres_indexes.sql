{#- The `indexes` config of a model: on PostgreSQL the b-tree indexes that incremental runs and the history read
    through; none elsewhere. DuckDB builds an ART index when the transaction commits (the message table's two
    took 7 s of its 10 s at 5 million messages) and prunes its scans by zone maps without one. -#}
{% macro postgres_indexes(indexes) %}
    {{- return(indexes if target.type == 'postgres' else []) -}}
{% endmacro %}
