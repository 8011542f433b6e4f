{#- The keys of the rows of `relation` dated on a day this run rebuilds (the table find_rebuilt_days wrote, or a
    CTE of that name), as a query: the rows whose local day `local_date` (an expression over the alias `dated`)
    is a rebuilt day, and the rows for which `undated` holds (a condition over the alias `undated`) when the
    undated day is rebuilt. A dated row is looked up within the span of the rebuilt days, widened by two days on
    each side (more than any time zone's offset and the session's together), on the instant `range_instant`, so
    that an index on it serves: a daily run reads a few days through it instead of every message. The columns
    default to those of int_messages_joined_to_senders. -#}
{% macro ids_on_rebuilt_days(
    relation, rebuilt_days='rebuilt_days', key='message_id', local_date=none, range_instant='sent_at',
    undated='undated.sent_at is null'
) %}
    {%- set local_date = local_date or 'cast(dated.sent_at_local as date)' %}
    select dated.{{ key }}
    from {{ aliased(relation, 'dated') }}
    where
        dated.{{ range_instant }} >= (
            select cast({{ dbt.dateadd('day', -2, 'min(activity_date)') }} as {{ type_instant() }})
            from {{ rebuilt_days }}
        )
        and dated.{{ range_instant }} < (
            select cast({{ dbt.dateadd('day', 3, 'max(activity_date)') }} as {{ type_instant() }})
            from {{ rebuilt_days }}
        )
        and {{ local_date }} in (select activity_date from {{ rebuilt_days }})
    union all
    select undated.{{ key }}
    from {{ aliased(relation, 'undated') }}
    where {{ undated }} and exists (select 1 from {{ rebuilt_days }} where activity_date is null)
{% endmacro %}
