{#- Whether this dbt command builds a model of the history (tag history): only then do
    the halves of int_persons_activity_aggregated compute the period ends. A command that leaves the history out
    (`--exclude tag:history`) computes as_of alone; the next one that builds the history adds the period ends
    it lacks. -#}
{% macro history_is_built() %}
    {%- if not execute -%}
        {{ return(true) }}
    {%- endif -%}
    {%- for unique_id in selected_resources -%}
        {%- set node = graph.nodes.get(unique_id) -%}
        {%- if node and node.resource_type == 'model' and 'history' in node.tags -%}
            {{ return(true) }}
        {%- endif -%}
    {%- endfor -%}
    {{ return(false) }}
{%- endmacro %}
