{#- Pre-hook of the incremental history marts. Their shares and ratios were built, before they were typed
    decimal(38, n) (type_decimal), as numeric without precision on PostgreSQL and DOUBLE on DuckDB, holding the
    same values rounded to n places. Each such column of a table built then takes the type its contract declares,
    in place, so that the run goes on where on_schema_change: fail would stop it and ask for a full refresh. -#}
{% macro adopt_declared_decimal_types() %}
    {%- if not execute or config.get('materialized') != 'incremental' or should_full_refresh() -%}
        {{- return('') -}}
    {%- endif -%}
    {%- set existing = load_relation(this) -%}
    {%- set unsized = {} -%}
    {%- for column in (adapter.get_columns_in_relation(existing) if existing is not none else []) -%}
        {%- set declared = (model.columns.get(column.name) or {}).get('data_type') or '' -%}
        {%- set built = column.dtype | lower -%}
        {%- if declared.startswith('numeric(')
              and (built == 'double' or built == 'numeric' and column.numeric_precision is none) -%}
            {%- do unsized.update({column.name: declared}) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- set readers = _views_reading_columns(existing, unsized.keys() | list) if unsized else [] -%}
    {%- if readers -%}
        {{- exceptions.raise_compiler_error(
            this.identifier ~ ": this version of user_segmentation types " ~ unsized.keys() | join(', ')
            ~ " as " ~ unsized.values() | unique | join(', ') ~ ", and PostgreSQL changes a column's type only"
            ~ " when no view reads it, and these do: " ~ readers | join(', ') ~ ". Drop them, run dbt again, then"
            ~ " create them again (dbt run --full-refresh would drop them too, with cascade)."
        ) -}}
    {%- endif -%}
    {%- for name, declared in unsized.items() -%}
        alter table {{ existing }} alter column {{ adapter.quote(name) }} type {{ declared }};
    {% endfor -%}
{% endmacro %}

{#- The views that read any of `columns` of `relation`, as schema.name, on PostgreSQL; none elsewhere. -#}
{% macro _views_reading_columns(relation, columns) %}
    {%- if target.type != 'postgres' -%}
        {{- return([]) -}}
    {%- endif -%}
    {%- set literals = [] -%}
    {%- for name in [relation.include(database=false) | string] + columns -%}
        {%- do literals.append(sql_string(name)) -%}
    {%- endfor -%}
    {%- set query -%}
        select distinct reader_schema.nspname || '.' || reader.relname
        from pg_depend as dependency
        inner join pg_rewrite as view_rule on dependency.objid = view_rule.oid
        inner join pg_class as reader on view_rule.ev_class = reader.oid
        inner join pg_namespace as reader_schema on reader.relnamespace = reader_schema.oid
        inner join pg_attribute as read_column
            on dependency.refobjid = read_column.attrelid and dependency.refobjsubid = read_column.attnum
        where dependency.classid = 'pg_rewrite'::regclass
            and dependency.refobjid = {{ literals[0] }}::regclass
            and read_column.attname in ({{ literals[1:] | join(', ') }})
        order by 1
    {%- endset -%}
    {{- return(run_query(query).columns[0].values() | list) -}}
{% endmacro %}
