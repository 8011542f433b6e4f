{#- The rule language. A rule's `when`, its {thresholds} replaced by their values, is split into tokens and
    parsed by recursive descent over this grammar (SQL's precedence, so the parse and the database agree):
        condition := conjunction ('or' conjunction)*
        conjunction := negation ('and' negation)*
        negation  := 'not' negation | predicate
        predicate := sum [comparison sum | ['not'] 'between' sum 'and' sum | 'is' ['not'] 'null']
        sum       := product (('+' | '-') product)*
        product   := factor (('*' | '/') factor)*
        factor    := number | metric | '-' factor | '(' condition ')'
    The SQL is rendered from the parse, so only accepted tokens reach it; anything else stops the run naming the
    rule and the token. Returns {sql, text, metrics, terms}: text is the condition as written with the thresholds'
    values (the explanation columns show it); sql differs from it only in division, rendered as a real division
    that is null, so the rule does not hold, where the divisor is 0, and in multiplication, rendered in exact
    decimals where both sides are whole numbers, which do not overflow as counts multiplied as integers did;
    metrics are the metrics read, in order; terms are the parts joined by the top-level `and`s (the whole condition
    when it has none), each a node {sql, text} that a comparison extends with {operator, left, right} and a between
    with {operator, left, low, high} (the nearest miss says which terms fail, in these terms). thresholds (default:
    segmentation_thresholds()) lets threshold_sensitivity render the same rule with one threshold moved;
    parsed_conditions, a dict its caller keeps, memoises the parses by var and condition, so that the rules the
    moved threshold leaves alone are not parsed again for every step (a parse is some milliseconds of Jinja, paid by
    every run). -#}
{% macro parse_rule_condition(var_name, label, when, thresholds=none, parsed_conditions=none) %}
    {%- set rule = "var " ~ var_name ~ ", rule '" ~ label ~ "' (when: " ~ when ~ ")" -%}
    {%- set thresholds = segmentation_thresholds() if thresholds is none else thresholds -%}
    {%- set condition = namespace(text=when) -%}
    {%- for name, value in thresholds.items() -%}
        {%- set condition.text = condition.text.replace('{' ~ name ~ '}', value | string) -%}
    {%- endfor -%}
    {#- read as written: braces left around a known one ({{churn_days}}) are refused by the tokens below -#}
    {%- set unknown = modules.re.findall('\\{(\\w*)\\}', when) | reject('in', thresholds) | list -%}
    {%- if unknown -%}
        {{ exceptions.raise_compiler_error(
            rule ~ " names unknown threshold(s) " ~ unknown | join(', ') ~ "; known: " ~ thresholds.keys() | join(', ')
        ) }}
    {%- endif -%}
    {%- set memo_key = var_name ~ ': ' ~ condition.text -%}
    {%- if parsed_conditions is not none and memo_key in parsed_conditions -%}
        {{ return(parsed_conditions[memo_key]) }}
    {%- endif -%}
    {%- set tokens = [] -%}
    {%- for number, word, symbol, other in modules.re.findall(
        '\\s*(?:((?:[0-9]+(?:\\.[0-9]+)?|\\.[0-9]+)(?:[eE][-+]?[0-9]+)?)|([A-Za-z_][A-Za-z0-9_]*)|(<=|>=|<>|!=|[-+*/()<>=])|(\\S))',
        condition.text
    ) -%}
        {%- if word and word | lower in ['and', 'or', 'not', 'between', 'is', 'null'] -%}
            {%- do tokens.append({'kind': 'keyword', 'value': word | lower}) -%}
        {%- else -%}
            {#- a character of no token (kind other) is refused where the parser meets it -#}
            {%- do tokens.append({'kind': 'number' if number else ('name' if word else ('symbol' if symbol else 'other')),
                                  'value': number or word or symbol or other}) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- set state = {'rule': rule, 'tokens': tokens, 'position': 0, 'metrics': [], 'depth': 0, 'products': 0,
                     'known': rule_metrics(var_name)} -%}
    {%- set node = _rule_condition(state) -%}
    {%- if state.position < tokens | length -%}
        {%- do _rule_syntax_error(state, 'and, or, or the end of the condition') -%}
    {%- endif -%}
    {%- do _rule_operand(state, node, 'boolean') -%}
    {%- set result = {'sql': node.sql, 'text': node.text, 'metrics': state.metrics,
                      'terms': node.terms if node.terms is defined else [node]} -%}
    {%- if parsed_conditions is not none -%}
        {%- do parsed_conditions.update({memo_key: result}) -%}
    {%- endif -%}
    {{ return(result) }}
{%- endmacro %}

{#- The parser's steps, private to it (hence the underscore), one per rule of the grammar: each consumes tokens
    of state and returns the node {sql, text, type} (type: number or boolean). Jinja has no while loop: a repeated
    operator is read by a loop over the tokens (each turn consumes one, so they bound it) that breaks where the
    operator does not follow; a filtered `for ... if` tested every token, so a chain of n terms cost n times the
    whole condition (found by a review: 320 `or`s took over a minute, 2000 held a build's start hook for minutes). -#}
{% macro _rule_condition(state) %}
    {%- set node = namespace(value=_rule_conjunction(state)) -%}
    {%- for _ in state.tokens -%}
        {%- if not _rule_accept(state, 'or') -%}{%- break -%}{%- endif -%}
        {%- set node.value = _rule_binary(state, node.value, 'or', _rule_conjunction(state), 'boolean') -%}
    {%- endfor -%}
    {{ return(node.value) }}
{%- endmacro %}

{% macro _rule_conjunction(state) %}
    {%- set node = namespace(value=_rule_negation(state)) -%}
    {%- set terms = [node.value] -%}
    {%- for _ in state.tokens -%}
        {%- if not _rule_accept(state, 'and') -%}{%- break -%}{%- endif -%}
        {%- set term = _rule_negation(state) -%}
        {%- do terms.append(term) -%}
        {%- set node.value = _rule_binary(state, node.value, 'and', term, 'boolean') -%}
    {%- endfor -%}
    {%- if terms | length > 1 -%}
        {%- do node.value.update({'terms': terms}) -%}
    {%- endif -%}
    {{ return(node.value) }}
{%- endmacro %}

{% macro _rule_negation(state) %}
    {%- if _rule_accept(state, 'not') -%}
        {%- do _rule_nest(state, 1) -%}
        {%- set operand = _rule_operand(state, _rule_negation(state), 'boolean') -%}
        {%- do _rule_nest(state, -1) -%}
        {{ return({'sql': 'not ' ~ operand.sql, 'text': 'not ' ~ operand.text, 'type': 'boolean'}) }}
    {%- endif -%}
    {{ return(_rule_predicate(state)) }}
{%- endmacro %}

{% macro _rule_predicate(state) %}
    {%- set left = _rule_sum(state) -%}
    {%- set upcoming = _rule_peek(state) -%}
    {%- if upcoming in ['=', '<>', '!=', '<', '<=', '>', '>='] -%}
        {%- do _rule_accept(state, upcoming) -%}
        {%- set right = _rule_sum(state) -%}
        {{ return(dict(_rule_binary(state, left, upcoming, right, 'number', 'boolean'),
                       operator=upcoming, left=left, right=right)) }}
    {%- elif upcoming == 'between' or (upcoming == 'not' and _rule_peek(state, 1) == 'between') -%}
        {%- set operator = 'not between' if _rule_accept(state, 'not') else 'between' -%}
        {%- do _rule_accept(state, 'between') -%}
        {%- set low = _rule_operand(state, _rule_sum(state), 'number') -%}
        {%- if not _rule_accept(state, 'and') -%}
            {%- do _rule_syntax_error(state, 'and (between ... and ...)') -%}
        {%- endif -%}
        {%- set high = _rule_operand(state, _rule_sum(state), 'number') -%}
        {%- do _rule_operand(state, left, 'number') -%}
        {{ return({
            'sql': left.sql ~ ' ' ~ operator ~ ' ' ~ low.sql ~ ' and ' ~ high.sql,
            'text': left.text ~ ' ' ~ operator ~ ' ' ~ low.text ~ ' and ' ~ high.text,
            'type': 'boolean', 'operator': operator, 'left': left, 'low': low, 'high': high,
        }) }}
    {%- elif _rule_accept(state, 'is') -%}
        {%- set operator = 'is not null' if _rule_accept(state, 'not') else 'is null' -%}
        {%- if not _rule_accept(state, 'null') -%}
            {%- do _rule_syntax_error(state, 'null (is [not] null)') -%}
        {%- endif -%}
        {{ return({'sql': left.sql ~ ' ' ~ operator, 'text': left.text ~ ' ' ~ operator, 'type': 'boolean'}) }}
    {%- endif -%}
    {{ return(left) }}
{%- endmacro %}

{% macro _rule_sum(state) %}
    {%- set node = namespace(value=_rule_product(state)) -%}
    {%- for _ in state.tokens -%}
        {%- set operator = _rule_peek(state) -%}
        {%- if operator not in ['+', '-'] -%}{%- break -%}{%- endif -%}
        {%- do _rule_accept(state, operator) -%}
        {%- set right = _rule_product(state) -%}
        {%- set node.value = dict(_rule_binary(state, node.value, operator, right, 'number'),
                                  whole=node.value.whole and right.whole) -%}
    {%- endfor -%}
    {{ return(node.value) }}
{%- endmacro %}

{% macro _rule_product(state) %}
    {%- set node = namespace(value=_rule_factor(state)) -%}
    {%- for _ in state.tokens -%}
        {%- set operator = _rule_peek(state) -%}
        {%- if operator not in ['*', '/'] -%}{%- break -%}{%- endif -%}
        {%- do _rule_accept(state, operator) -%}
        {%- set left = node.value -%}
        {%- set right = _rule_factor(state) -%}
        {%- set node.value = dict(_rule_binary(state, left, operator, right, 'number'),
                                  whole=operator == '*' and left.whole and right.whole) -%}
        {%- do state.update({'products': state.products + 1}) -%}
        {%- if state.products > 10 -%}
            {{ exceptions.raise_compiler_error(
                state.rule ~ ": it multiplies or divides more than 10 times; a condition does so at most 10 times, "
                ~ "so that its arithmetic stays in range"
            ) }}
        {%- endif -%}
        {%- if operator == '/' -%}
            {#- the metrics are counts: a whole-number division would truncate, a zero divisor would fail -#}
            {%- do node.value.update(
                {'sql': 'cast(' ~ left.sql ~ ' as ' ~ type_double() ~ ') / nullif(' ~ right.sql ~ ', 0)'}
            ) -%}
        {%- elif node.value.whole -%}
            {#- a product of counts (or of a count and a big number) overflowed their integer type inside a model:
                whole numbers multiply as a decimal of 38 digits, which prints as the integer did -#}
            {%- do node.value.update({'sql': 'cast(' ~ left.sql ~ ' as ' ~ type_decimal(0) ~ ') * ' ~ right.sql}) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(node.value) }}
{%- endmacro %}

{% macro _rule_factor(state) %}
    {%- set token = state.tokens[state.position] if state.position < state.tokens | length else none -%}
    {%- if token is not none and token.kind == 'number' -%}
        {#- 1e999999 overflowed PostgreSQL's numeric inside a model; the bound lies far beyond any count or ratio
            and far inside a double, so every engine reads the number, and on PostgreSQL ten products of such
            numbers (the most a condition has, _rule_product) stay inside a double -#}
        {%- set size = token.value | float -%}
        {%- set bounds = rule_number_range() -%}
        {%- if size > bounds.largest | float
               or (size < bounds.smallest | float and modules.re.match('[0.]*([eE].*)?$', token.value) is none) -%}
            {{ exceptions.raise_compiler_error(
                state.rule ~ ": " ~ token.value ~ " is out of range; a number is 0 or from " ~ bounds.smallest ~ " to "
                ~ bounds.largest ~ " in size"
            ) }}
        {%- endif -%}
        {#- more digits than a double's 17 were read as a double by DuckDB (so 22.99...9 with 40 nines was 23)
            and refused by Spark beyond 38 -#}
        {%- if modules.re.sub('[eE].*$', '', token.value).replace('.', '').lstrip('0') | length > 17 -%}
            {{ exceptions.raise_compiler_error(
                state.rule ~ ": " ~ token.value ~ " has more than 17 significant digits, which every engine reads alike"
            ) }}
        {%- endif -%}
        {%- do state.update({'position': state.position + 1}) -%}
        {{ return({'sql': token.value, 'text': token.value, 'type': 'number',
                   'whole': modules.re.match('[0-9]+$', token.value) is not none}) }}
    {%- elif token is not none and token.kind == 'name' -%}
        {%- if token.value not in state.known -%}
            {{ exceptions.raise_compiler_error(
                state.rule ~ ": " ~ token.value ~ " is not a metric; a rule reads " ~ state.known | join(', ')
                ~ " (functions and other columns are not part of the rule language)"
            ) }}
        {%- endif -%}
        {%- do state.update({'position': state.position + 1}) -%}
        {%- if token.value not in state.metrics -%}
            {%- do state.metrics.append(token.value) -%}
        {%- endif -%}
        {{ return({'sql': token.value, 'text': token.value, 'type': 'number', 'whole': state.known[token.value]}) }}
    {%- elif _rule_accept(state, '-') -%}
        {%- do _rule_nest(state, 1) -%}
        {%- set operand = _rule_operand(state, _rule_factor(state), 'number') -%}
        {%- do _rule_nest(state, -1) -%}
        {#- a space keeps two minus signs from reading as a SQL comment -#}
        {%- set sign = '- ' if operand.sql.startswith('-') else '-' -%}
        {{ return({'sql': sign ~ operand.sql, 'text': sign ~ operand.text, 'type': 'number',
                   'whole': operand.whole}) }}
    {%- elif _rule_accept(state, '(') -%}
        {%- do _rule_nest(state, 1) -%}
        {%- set inner = _rule_condition(state) -%}
        {%- do _rule_nest(state, -1) -%}
        {%- if not _rule_accept(state, ')') -%}
            {%- do _rule_syntax_error(state, ')') -%}
        {%- endif -%}
        {{ return({'sql': '(' ~ inner.sql ~ ')', 'text': '(' ~ inner.text ~ ')', 'type': inner.type,
                   'whole': inner.type == 'number' and inner.whole}) }}
    {%- endif -%}
    {%- do _rule_syntax_error(state, 'a metric, a number, - or (') -%}
{%- endmacro %}

{#- Enters (1) or leaves (-1) a parenthesis, not or unary minus: the parse recurses at each, so that depth is
    bounded (dbt's macros would exceed Python's recursion limit from about 15 parentheses). -#}
{% macro _rule_nest(state, step) %}
    {%- do state.update({'depth': state.depth + step}) -%}
    {%- if state.depth > 10 -%}
        {{ exceptions.raise_compiler_error(
            state.rule ~ ": parentheses, not and unary - nest more than 10 deep; write the condition flatter"
        ) }}
    {%- endif -%}
{%- endmacro %}

{#- The value of the next token (offset further on), or none at the end. -#}
{% macro _rule_peek(state, offset=0) %}
    {%- set index = state.position + offset -%}
    {%- set token = state.tokens[index] if index < state.tokens | length else none -%}
    {{ return(token.value if token is not none and token.kind in ['keyword', 'symbol'] else none) }}
{%- endmacro %}

{#- Consumes the next token when it is the keyword or symbol `value`; true if it did. -#}
{% macro _rule_accept(state, value) %}
    {%- if _rule_peek(state) == value -%}
        {%- do state.update({'position': state.position + 1}) -%}
        {{ return(true) }}
    {%- endif -%}
    {{ return(false) }}
{%- endmacro %}

{#- left <operator> right, both of type operand_type. -#}
{% macro _rule_binary(state, left, operator, right, operand_type, result_type=none) %}
    {%- do _rule_operand(state, left, operand_type) -%}
    {%- do _rule_operand(state, right, operand_type) -%}
    {{ return({
        'sql': left.sql ~ ' ' ~ operator ~ ' ' ~ right.sql,
        'text': left.text ~ ' ' ~ operator ~ ' ' ~ right.text,
        'type': result_type or operand_type,
    }) }}
{%- endmacro %}

{#- The node, when it is of the expected type (a number or a condition). -#}
{% macro _rule_operand(state, node, expected) %}
    {%- if node.type != expected -%}
        {{ exceptions.raise_compiler_error(
            state.rule ~ ": " ~ node.text ~ " is "
            ~ ("a condition where a number is expected" if expected == 'number'
               else "a number where a condition (a comparison, between or is null) is expected")
        ) }}
    {%- endif -%}
    {{ return(node) }}
{%- endmacro %}

{% macro _rule_syntax_error(state, expected) %}
    {%- set token = state.tokens[state.position] if state.position < state.tokens | length else none -%}
    {%- if token is none -%}
        {{ exceptions.raise_compiler_error(state.rule ~ ": the condition ends where " ~ expected ~ " is expected") }}
    {%- elif token.kind == 'other' -%}
        {{ exceptions.raise_compiler_error(
            state.rule ~ ": " ~ token.value ~ " is not part of the rule language (metrics, {thresholds}, numbers, "
            ~ "comparisons, and/or/not, + - * /, parentheses, between, is [not] null)"
        ) }}
    {%- endif -%}
    {{ exceptions.raise_compiler_error(state.rule ~ ": unexpected " ~ token.value ~ "; expected " ~ expected) }}
{%- endmacro %}
