{#- Whether this dbt command builds a model of the history (tag history): only then do
    the halves of int_persons_activity_aggregated compute the period ends. A command that leaves the history out
    (`--exclude tag:history`) computes as_of alone; the next one that builds the history adds the period ends
    it lacks. True under dbt retry, which gives no selection. -#}
{% macro history_is_built() %}
    {#- dbt retry gives no selection to read: what it retries may be the history's -#}
    {%- if not execute or not selected_resources -%}
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
