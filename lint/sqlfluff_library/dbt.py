"""Stand-ins for dbt's cross-database macros, so sqlfluff's jinja templater can render models offline.

Each returns PostgreSQL of the same shape as the real macro; only the layout is linted, never the values.
"""


def type_timestamp() -> str:
    return "timestamp"


def type_float() -> str:
    return "float"


def datediff(first_date: str, second_date: str, datepart: str) -> str:
    return f"(({second_date})::date - ({first_date})::date)"


def type_string() -> str:
    return "text"


def date_spine(datepart: str, start_date: str, end_date: str) -> str:
    return (f"select cast(day as timestamp) as date_{datepart} "
            f"from generate_series({start_date}, {end_date}, interval '1 {datepart}') as days (day)")


def type_numeric() -> str:
    return "numeric(28, 6)"
