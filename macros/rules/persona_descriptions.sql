{#- What each persona means, by label: {summary, characteristics, value, purpose, strategy}, the prose of the one
    persona definition. It is the `meta.personas` of the persona_definitions model (its properties file,
    models/marts/reporting/_reporting__models.yml): dbt reads it, the docs site shows it, the mart serves it. Only
    describes: no label depends on it, nor the definitions fingerprint. Empty while dbt parses (no graph yet). -#}
{% macro persona_descriptions() %}
    {%- set node = graph.nodes.get('model.user_segmentation.persona_definitions') if execute else none -%}
    {{ return(node.config.meta.get('personas', {}) if node else {}) }}
{%- endmacro %}
