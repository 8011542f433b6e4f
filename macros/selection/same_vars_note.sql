{#- Said after a command that a message tells the user to run: with the --vars of this command, without which it
    would read the default vars (the raw schema among them) and fail or build something else. -#}
{% macro same_vars_note() %}
    {{- return(' (with the same --vars)' if invocation_args_dict.get('vars') else '') -}}
{% endmacro %}
