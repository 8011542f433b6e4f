{#- Pre-hook of the incremental history marts. Their shares and ratios were built, before they were typed
    decimal(38, n) (type_decimal), as numeric without precision on PostgreSQL and DOUBLE on DuckDB, holding the
    same values rounded to n places. Each such column of a table built then takes the type its contract declares,
    in place, so that the run goes on where on_schema_change: fail would stop it and ask for a full refresh. -#}
{% macro adopt_declared_decimal_types() %}
    {%- if not execute or config.get('materialized') != 'incremental' or should_full_refresh() -%}
        {{- return('') -}}
    {%- endif -%}
    {%- set existing = load_relation(this) -%}
    {%- set statements = [] -%}
    {%- for column in (adapter.get_columns_in_relation(existing) if existing is not none else []) -%}
        {%- set declared = (model.columns.get(column.name) or {}).get('data_type') or '' -%}
        {%- set unsized = column.dtype | lower in ['double', 'numeric'] and column.numeric_precision is none -%}
        {%- if declared.startswith('numeric(') and unsized -%}
            {%- do statements.append(
                'alter table ' ~ existing ~ ' alter column ' ~ adapter.quote(column.name) ~ ' type ' ~ declared
            ) -%}
        {%- endif -%}
    {%- endfor -%}
    {{- statements | join(';\n') -}}
{% endmacro %}
