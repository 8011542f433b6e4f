{#- docs/rules.md: every rule set of the registry (rule_sets) with its rules in order, each condition rendered
    with the thresholds in force, then the thresholds and the presets. A run-operation that queries nothing
    (with --vars it shows the rules of that configuration); pytests/test_rules_document.py fails when the file
    is stale. -#}
{% macro rules_document() %}
    {%- set thresholds = segmentation_thresholds() -%}
    {%- set prose = persona_descriptions() -%}
    {#- rule_metrics('') below: the metrics of no particular rule set, which every rule may read -#}
    {%- set lines = [
        '# Rules',
        '',
        '<!-- Generated from macros/rules/rule_sets.sql and the vars (macro rules_document): do not edit.',
        '     Regenerate: dbt run-operation rules_document --quiet --target duckdb > docs/rules.md',
        '     (it reads no table: DuckDB, in-process, needs no server; every target renders the same).',
        '     pytests/test_rules_document.py fails while this file is stale. -->',
        '',
        'Every rule set of the registry (`macros/rules/rule_sets.sql`), its rules as the vars in `dbt_project.yml` '
        ~ 'hold them, with the thresholds in force written in (the defaults, unless --vars say otherwise). Each '
        ~ 'user gets, in each set, the label of the first rule whose condition holds; the last rule has no '
        ~ 'condition and takes everyone else. What each persona means (summary, characteristics, value, purpose, strategy) is the '
        ~ '`meta.personas` of `persona_definitions` in `models/marts/reporting/_reporting__models.yml`; the '
        ~ 'persona_definitions mart serves it with the rules. To add a persona, insert its rule in '
        ~ '`segmentation__personas` (its place is its priority) and its prose under that meta.',
        '',
        'A condition is in the rule language: the per-user metrics ' ~ rule_metrics('') | join(', ')
        ~ '; numbers; comparisons (`= <> != < <= > >=`); `+ - * /` (a division by 0 is null, so the rule does '
        ~ 'not hold); `and`, `or`, `not`; parentheses; `between ... and ...`; `is [not] null`. Anything else '
        ~ 'stops the run naming the rule and the token (macros/rules/parse_rule_condition.sql).',
    ] -%}
    {%- for rule_set in rule_sets() -%}
        {%- do lines.extend([
            '',
            '## ' ~ rule_set.name ~ ': `' ~ rule_set.column ~ '`',
            '',
            'Var `' ~ rule_set.var ~ '`' ~ ('' if rule_set.dimension else '; not a label dimension: no '
                                             ~ 'distribution or history')
            ~ ('; its rules may also read ' ~ rule_set.metrics | join(', ') if rule_set.metrics else '') ~ '.',
            '',
            '| # | Label | Condition |' ~ (' Summary |' if rule_set.var == 'segmentation__personas' else ''),
            '|--:|---|---|' ~ ('---|' if rule_set.var == 'segmentation__personas' else ''),
        ]) -%}
        {%- for rule in segmentation_rules(rule_set.var) -%}
            {%- set cells = [loop.index, markdown_cell(rule.label), '`' ~ rule.condition.text ~ '`' if rule.condition
                                                                    else '(none: the fallback)'] -%}
            {%- if rule_set.var == 'segmentation__personas' -%}
                {%- do cells.append(markdown_cell(prose.get(rule.label, {}).get('summary', ''))) -%}
            {%- endif -%}
            {%- do lines.append('| ' ~ cells | map('string') | join(' | ') ~ ' |') -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- set presets = project_var('segmentation__presets') -%}
    {%- do lines.extend([
        '',
        '## Thresholds',
        '',
        'From var `segmentation__thresholds`, then the preset chosen by `segmentation__preset` (now '
        ~ project_var('segmentation__preset') ~ '), then `segmentation__threshold_overrides`. A rule names a '
        ~ 'threshold in braces: `{very_active_messages}`. A preset shows only the thresholds it replaces.',
        '',
        '| Threshold | In force | ' ~ presets.keys() | map('string') | join(' | ') ~ ' | Read by |',
        '|---|--:|' ~ '--:|' * presets | length ~ '---|',
    ]) -%}
    {#- the rules that read each threshold, in the order of the rule sets and their rules -#}
    {%- set readers = {} -%}
    {%- for rule_set in rule_sets() -%}
        {%- for rule in rule_list(rule_set.var) -%}
            {%- for name in rule_threshold_names([rule]) -%}
                {%- do readers.setdefault(name, []).append(rule_set.name ~ ': ' ~ rule.label) -%}
            {%- endfor -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- for name, value in thresholds.items() -%}
        {%- set columns = [name, value] -%}
        {%- for preset in presets.values() -%}
            {%- do columns.append(preset.get(name, '')) -%}
        {%- endfor -%}
        {%- do columns.append(markdown_cell(readers.get(name, []) | join(', ')) or '(no rule: a model)') -%}
        {%- do lines.append('| ' ~ columns | map('string') | join(' | ') ~ ' |') -%}
    {%- endfor -%}
    {{ print(lines | join('\n')) }}
{%- endmacro %}
