{#- The timeline: the per-user metrics of the specification's Query 1 at every observed instant, the union of
    its two halves by person (persons_activity_timeline), which dbt builds side by side. -#}
{{ config(materialized='view') }}

-- the linter cannot see a table's columns: both halves have those of the macro persons_activity_timeline
select * from {{ ref('int_persons_activity_aggregated_half_0') }}  -- noqa: AM04
union all
select * from {{ ref('int_persons_activity_aggregated_half_1') }}
