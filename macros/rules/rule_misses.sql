{#- For the nearest miss: a select of one row per user of `relation` and rule above the one it matched (its
    label in `label_column`; for the fallback, every rule), with the rule's terms (the parts joined by its
    top-level `and`s, parse_rule_condition) that fail for the user:
      unmet_terms  how many fail (a term whose value is null fails, as it does in the rule)
      distance     the sum over them of the distance to the bound relative to the bound, |value - bound| / |bound|
                   (|value - bound| where the bound is 0; for a between, to the nearer end; 1 for any other term
                   and where a value is null)
      missing      each failing term in the rule's own words, e.g. 'messages_last_7d = 46, needs >= 50'
    The reader keeps, per user, the rule with the fewest unmet terms, then the smallest distance, then the
    higher. The column persona_nearest_miss_gap of user_personas is `missing`: what the rule lacks. -#}
{% macro rule_misses(rules, relation, label_column) %}
    {%- for rule in rules[:-1] %}
    {%- set below = [] %}
    {%- for later in rules[loop.index:] %}{% do below.append(sql_string(later.label)) %}{% endfor %}
    select
        person_id,
        {{ loop.index }} as rule_priority,
        {{ sql_string(rule.label) }} as rule_label,
        {%- set unmet, distances, missing = [], [], [] %}
        {%- for term in rule.condition.terms %}
            {%- set fails = 'not coalesce(' ~ term.sql ~ ', false)' %}
            {%- do unmet.append('case when ' ~ fails ~ ' then 1 else 0 end') %}
            {%- do distances.append(
                'case when ' ~ fails ~ ' then coalesce(' ~ _rule_term_distance(term) ~ ', 1) else 0 end'
            ) %}
            {%- do missing.append('case when ' ~ fails ~ ' then ' ~ _rule_term_missing(term) ~ ' end') %}
        {%- endfor %}
        {{ unmet | join(' + ') }} as unmet_terms,
        {{ distances | join(' + ') }} as distance,
        nullif(concat_ws('; ', {{ missing | join(', ') }}), '') as missing
    from {{ relation }}
    where {{ label_column }} in ({{ below | join(', ') }})
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}
{%- endmacro %}

{#- The distance of a failing term from holding, relative to its bound (see rule_misses); null: 1. -#}
{% macro _rule_term_distance(term) %}
    {#- the bound in parentheses: a sum (messages_group - 5) is subtracted whole -#}
    {%- set relative = 'abs(cast({value} as ' ~ type_double() ~ ') - ({bound}))'
        ~ ' / coalesce(nullif(abs({bound}), 0), 1)' -%}
    {%- if term.operator is defined and term.operator == 'between' -%}
        {{ return('case when ' ~ term.left.sql ~ ' < ' ~ term.low.sql ~ ' then '
                  ~ relative.format(value=term.left.sql, bound=term.low.sql) ~ ' else '
                  ~ relative.format(value=term.left.sql, bound=term.high.sql) ~ ' end') }}
    {%- elif term.right is defined -%}
        {{ return(relative.format(value=term.left.sql, bound=term.right.sql)) }}
    {%- endif -%}
    {{ return('1') }}
{%- endmacro %}

{#- A failing term in the rule's own words: '<left> = <its value>, needs <operator> <right>', the right side's
    value added when it is not a plain number; 'needs <term>' for any other term. -#}
{% macro _rule_term_missing(term) %}
    {%- set number = '^[0-9.eE+-]+$' -%}
    {%- if term.operator is defined and term.operator in ['between', 'not between'] -%}
        {%- set parts = [sql_string(term.left.text ~ ' = '), shown_value(term.left.sql),
                         sql_string(', needs ' ~ term.operator ~ ' ' ~ term.low.text ~ ' and ' ~ term.high.text)] -%}
    {%- elif term.right is defined -%}
        {%- set parts = [sql_string(term.left.text ~ ' = '), shown_value(term.left.sql),
                         sql_string(', needs ' ~ term.operator ~ ' ' ~ term.right.text)] -%}
        {%- if not modules.re.match(number, term.right.text) -%}
            {%- do parts.extend([sql_string(' (= '), shown_value(term.right.sql), sql_string(')')]) -%}
        {%- endif -%}
    {%- else -%}
        {%- set parts = [sql_string('needs ' ~ term.text)] -%}
    {%- endif -%}
    {{ return(dbt.concat(parts)) }}
{%- endmacro %}
