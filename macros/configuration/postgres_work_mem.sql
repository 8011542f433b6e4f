{#- PostgreSQL's work_mem for the models that sort or hash every message or person-day, e.g. '512MB'; '' for
    the server's. -#}
{% macro postgres_work_mem() %}
    {%- set work_mem = project_var('segmentation__postgres_work_mem') -%}
    {%- if work_mem is not string or not modules.re.fullmatch('([1-9][0-9]*(kB|MB|GB|TB))?', work_mem) -%}
        {{ exceptions.raise_compiler_error(
            "var " ~ passed_var('segmentation__postgres_work_mem')
            ~ " = " ~ work_mem ~ " is not a PostgreSQL memory size such as '256MB' "
            ~ "(a whole number and kB, MB, GB or TB), nor '' for the server's setting"
        ) }}
    {%- endif -%}
    {{ return(work_mem) }}
{% endmacro %}
