{#- The semantic layer's metric filters and measures compare the persona with labels written in their YAML, which
    MetricFlow reads without vars: a persona list that renames or drops such a label leaves the metric counting
    nobody. Each comparison `persona = '<label>'` whose label segmentation__personas does not name is said once. -#}
{% macro warn_if_semantic_personas_unknown() %}
    {%- set personas = rule_labels('segmentation__personas') -%}
    {%- set comparisons = [] -%}
    {%- for metric in graph.metrics.values() -%}
        {%- for where in (metric.filter or {}).get('where_filters', []) -%}
            {%- do comparisons.append(('metric ' ~ metric.name, where.where_sql_template)) -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- for model in graph.semantic_models.values() -%}
        {%- for measure in model.measures if measure.expr -%}
            {%- do comparisons.append(('measure ' ~ measure.name ~ ' of ' ~ model.name, measure.expr)) -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- for what, text in comparisons -%}
        {#- `persona = '…'` or `{{ Dimension('…__persona') }} = '…'`, a quote in the label doubled -#}
        {%- for written in modules.re.findall("(?:\\bpersona|__persona'\\)\\s*\\}\\})\\s*=\\s*'((?:[^']|'')*)'", text)
                if written.replace("''", "'") not in personas -%}
            {%- set label = written.replace("''", "'") -%}
            {%- do exceptions.warn(
                "the semantic layer's " ~ what ~ " counts the persona '" ~ label ~ "', which var "
                ~ "segmentation__personas does not name: it counts nobody until its filter or "
                ~ "measure in models/semantic/ names a persona of the list (MetricFlow reads no var)"
            ) -%}
        {%- endfor -%}
    {%- endfor -%}
{%- endmacro %}
