{#- Whether this dbt command builds marts of the as-of path (those under models/marts/ and models/semantic/ without
    the tag history) and no model of the history: `--exclude tag:history`, say. A full build of the halves of
    int_persons_activity_aggregated then computes as_of alone, not the period ends, and records no digest; any other
    command computes them too (the timeline alone, or what the history reads: `--select +tag:history --exclude
    tag:history`), and so does every incremental run. False under dbt retry, which gives no selection: what it
    retries may be the history's. -#}
{% macro builds_the_as_of_path_alone() %}
    {%- if not execute or not selected_resources -%}
        {{ return(false) }}
    {%- endif -%}
    {%- set as_of_marts = namespace(found=false) -%}
    {%- for unique_id in selected_resources -%}
        {%- set node = graph.nodes.get(unique_id) -%}
        {%- if node and node.resource_type == 'model' and 'history' in node.tags -%}
            {{ return(false) }}
        {%- elif node and node.resource_type == 'model' and node.fqn[1] in ['marts', 'semantic'] -%}
            {%- set as_of_marts.found = true -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(as_of_marts.found) }}
{%- endmacro %}
