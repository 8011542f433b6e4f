{#- The one persona definition as a table: its labels and rules (var segmentation__personas), each rule rendered
    with the thresholds this build used, so that reports and dashboards show the criteria the marts were computed
    with; and what each means (persona_descriptions: this model's meta.personas). -#}
{%- set personas = segmentation_rules('segmentation__personas') -%}
{%- set prose = persona_descriptions() -%}

with

definitions as (

    {% for persona in personas -%}
        {%- set described = prose.get(persona.label, {}) -%}
        {{ 'union all' if not loop.first }}
        select
            {{ loop.index }} as priority,
            {{ sql_string(persona.label) }} as persona,
            {{ sql_string(persona.condition.text) if persona.condition else 'null' }} as criteria,
            {{ sql_string(described.get('summary', '')) }} as summary,
            {{ sql_string(described.get('characteristics', []) | join('\n')) }} as characteristics,
            {{ sql_string(described.get('value', '')) }} as business_value,
            {{ sql_string(described.get('purpose', '')) }} as purpose,
            {{ sql_string(described.get('strategy', []) | join('\n')) }} as strategy
    {% endfor %}

),

final as (

    select
        -- ids
        cast(priority as integer) as priority,
        cast(persona as {{ dbt.type_string() }}) as persona,
        -- the rule, as the marts ran it
        cast(criteria as {{ dbt.type_string() }}) as criteria,
        -- the specification's definition, lists one item a line
        cast(summary as {{ dbt.type_string() }}) as summary,
        cast(characteristics as {{ dbt.type_string() }}) as characteristics,
        cast(business_value as {{ dbt.type_string() }}) as business_value,
        cast(purpose as {{ dbt.type_string() }}) as purpose,
        cast(strategy as {{ dbt.type_string() }}) as strategy,
        -- timestamps
        {{ segmentation_as_of() }} as as_of
    from definitions

)

select * from final
