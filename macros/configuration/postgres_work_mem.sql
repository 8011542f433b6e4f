{#- PostgreSQL's work_mem for the models that sort or hash every message or person-day, e.g. '512MB'; '' for
    the server's. Within the range PostgreSQL accepts, 64kB to 2147483647kB, so that no model stops on it. -#}
{% macro postgres_work_mem() %}
    {%- set work_mem = project_var('segmentation__postgres_work_mem') -%}
    {%- set is_size = work_mem is string and modules.re.fullmatch('([1-9][0-9]*(kB|MB|GB|TB))?', work_mem) -%}
    {%- set kilobytes = (work_mem[:-2] | int) * {'kB': 1, 'MB': 1024, 'GB': 1024 ** 2, 'TB': 1024 ** 3}[work_mem[-2:]]
                        if is_size and work_mem else none -%}
    {%- if not is_size or (kilobytes is not none and not 64 <= kilobytes <= 2147483647) -%}
        {{ exceptions.raise_compiler_error(
            "var " ~ passed_var('segmentation__postgres_work_mem')
            ~ " = " ~ work_mem ~ " is not a PostgreSQL memory size such as '256MB' "
            ~ "(a whole number and kB, MB, GB or TB, from 64kB to 2147483647kB), nor '' for the server's setting"
        ) }}
    {%- endif -%}
    {{ return(work_mem) }}
{% endmacro %}
