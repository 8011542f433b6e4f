"""`make report`: the customer-segments document, its charts and one page with both, from the live marts.

    segmentation report [--target local] [--data-dir DIR] [--out reports] [--no-build] [--vars YAML]

Writes `segments.md` (the customer-segments document: Introduction, Segments Table, Segment Details, and a
Validation section from segmentation.validation), one PNG
per chart and `index.html`. Every criterion comes from the `persona_report` mart (the persona rules as the
build rendered them), every number from the marts; the same marts give the same files, byte for byte.
History charts are drawn when the history marts (`segment_distribution_history`, `segment_migration`) exist.
On the target `local` the sample is loaded and built first (as `make demo`, with --vars) unless --no-build; on any
other target of the profile the report reads the marts as they are, in the schema that target builds into.
"""

from __future__ import annotations

import argparse
import html
import re
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import psycopg2
from psycopg2 import errors, sql

from segmentation import (
    PERSONA_DIMENSION,
    PROJECT_ROOT,
    documents,
    fetch_rows,
    make_directory,
    mart_columns,
    step,
    validation,
)
from segmentation.charts import Chart, bar_chart, heatmap, shares_chart
from segmentation.raw_tables import RawSchemaInUse

DEFAULT_OUT_DIR = PROJECT_ROOT / "reports"
EN_DASH, EM_DASH = "\u2013", "\u2014"


# --------------------------------------------------------------------------------------------------------------
# What the marts say


@dataclass(frozen=True)
class Persona:
    """One persona: its definition as the build rendered it, and what the marts measured for it."""

    priority: int
    name: str
    criteria: str | None  # None for the fallback
    summary: str
    characteristics: tuple[str, ...]
    business_value: str
    purpose: str
    strategy: tuple[str, ...]
    users: int
    share: Decimal  # percent of the segmented users, one decimal
    avg_total_messages: Decimal | None = None
    avg_weekly_messages: Decimal | None = None
    avg_reactions: Decimal | None = None
    pct_1on1: Decimal | None = None
    avg_active_hour: Decimal | None = None
    min_days_since: int | None = None
    max_days_since: int | None = None
    avg_days_since: Decimal | None = None
    main_engagement_level: str | None = None  # the label most of its users have, and their share
    main_engagement_share: Decimal | None = None
    main_conversation_preference: str | None = None
    main_conversation_share: Decimal | None = None


@dataclass(frozen=True)
class Segment:
    label: str
    users: int
    percentage: Decimal


@dataclass(frozen=True)
class Migration:
    """Users moving between personas from one period end to the next (segment_migration)."""

    from_period: datetime
    to_period: datetime
    from_labels: tuple[str, ...]
    to_labels: tuple[str, ...]
    users: dict[tuple[str, str], int]


@dataclass(frozen=True)
class Segmentation:
    schema: str
    as_of: datetime
    total_users: int
    personas: tuple[Persona, ...]
    # by segment_distribution.metric: the label dimensions of the rule registry (macros/rules/rule_sets.sql)
    distributions: dict[str, tuple[Segment, ...]]
    shares_over_time: dict[datetime, dict[str, Decimal]] | None  # period end -> persona -> share; None: no history
    migration: Migration | None


def _columns(connection, schema: str, table: str) -> set[str]:
    """The columns of schema.table, empty when it does not exist (or is not readable)."""
    query = sql.SQL("select column_name from information_schema.columns where table_schema = %s and table_name = %s")
    return {row["column_name"] for row in fetch_rows(connection, query, (schema, table))}


PERSONAS_QUERY = "select * from {schema}.persona_report order by priority"

# the marts the report and its Validation section read; not the history marts, whose charts are drawn only when
# they have the columns they show
MARTS = ("persona_report", "segment_distribution", "threshold_sensitivity", "user_personas")


def check_columns(connection, schema: str) -> None:
    """A mart built by another version of the project may lack columns that its YAML declares, which the report
    reads: all of them named before anything is read, not the first as a KeyError or UndefinedColumn. An absent
    mart is left to its query, whose UndefinedTable `run` explains."""
    declared = mart_columns()
    for mart in MARTS:
        if (columns := _columns(connection, schema, mart)) and (missing := sorted(declared[mart] - columns)):
            raise ValueError(f"{schema}.{mart} has no column{'s' if len(missing) > 1 else ''} "
                             f"{', '.join(map(repr, missing))}: it was built by another version of the project; "
                             "build the marts again (dbt build)")


def read_segmentation(connection, schema: str) -> Segmentation:
    """Everything the report shows, read from the marts in `schema`."""
    name = sql.Identifier(schema)
    rows = fetch_rows(connection, sql.SQL(PERSONAS_QUERY).format(schema=name))
    if not rows:
        raise ValueError(f"{schema}.persona_report is empty: build the marts first")
    total = sum(int(row["user_count"]) for row in rows)
    personas = tuple(
        Persona(
            priority=row["priority"], name=row["persona"], criteria=row["criteria"], summary=row["summary"],
            characteristics=tuple(row["characteristics"].splitlines()), business_value=row["business_value"],
            purpose=row["purpose"], strategy=tuple(row["strategy"].splitlines()), users=int(row["user_count"]),
            share=row["percentage"], avg_total_messages=row["avg_total_messages"],
            avg_weekly_messages=row["avg_weekly_messages"], avg_reactions=row["avg_reactions"],
            pct_1on1=row["pct_1on1"], avg_active_hour=row["avg_active_hour"], min_days_since=row["min_days_since"],
            max_days_since=row["max_days_since"], avg_days_since=row["avg_days_since"],
            main_engagement_level=row["main_engagement_level"], main_engagement_share=row["main_engagement_share"],
            main_conversation_preference=row["main_conversation_preference"],
            main_conversation_share=row["main_conversation_share"],
        )
        for row in rows
    )
    distribution_rows = fetch_rows(connection, sql.SQL(
        "select metric, segment, user_count, percentage from {}.segment_distribution "
        "order by metric, user_count desc, segment"
    ).format(name))
    distributions: dict[str, tuple[Segment, ...]] = {}
    for r in distribution_rows:
        segment = Segment(r["segment"], int(r["user_count"]), r["percentage"])
        distributions[r["metric"]] = (*distributions.get(r["metric"], ()), segment)
    return Segmentation(
        schema=schema, as_of=rows[0]["as_of"], total_users=total, personas=personas, distributions=distributions,
        shares_over_time=_read_shares_over_time(connection, schema), migration=_read_migration(connection, schema),
    )


def _read_shares_over_time(connection, schema: str) -> dict[datetime, dict[str, Decimal]] | None:
    """Persona shares at every period end, from segment_distribution_history (the personas with users); None when
    that mart is absent."""
    if not _columns(connection, schema, "segment_distribution_history") >= {"period_end_at", "metric", "segment",
                                                                           "user_count", "percentage"}:
        return None
    rows = fetch_rows(connection, sql.SQL(
        "select period_end_at, segment, percentage from {}.segment_distribution_history "
        "where metric = %s and user_count > 0 order by period_end_at, segment"
    ).format(sql.Identifier(schema)), (PERSONA_DIMENSION,))
    shares: dict[datetime, dict[str, Decimal]] = {}
    for row in rows:
        shares.setdefault(row["period_end_at"], {})[row["segment"]] = row["percentage"]
    return shares or None


MIGRATION_COLUMNS = {"dimension", "from_period_end_at", "to_period_end_at", "from_segment", "to_segment", "users"}


def _read_migration(connection, schema: str) -> Migration | None:
    """The persona moves into the latest period end of segment_migration; None when that mart is absent or empty."""
    if not _columns(connection, schema, "segment_migration") >= MIGRATION_COLUMNS:
        return None
    rows = fetch_rows(connection, sql.SQL(
        "select from_period_end_at, to_period_end_at, from_segment, to_segment, users from {}.segment_migration "
        "where dimension = %s and to_period_end_at = (select max(to_period_end_at) from {}.segment_migration)"
    ).format(sql.Identifier(schema), sql.Identifier(schema)), (PERSONA_DIMENSION,))
    if not rows:
        return None
    return Migration(
        from_period=rows[0]["from_period_end_at"], to_period=rows[0]["to_period_end_at"],
        from_labels=tuple(sorted({row["from_segment"] for row in rows})),
        to_labels=tuple(sorted({row["to_segment"] for row in rows})),
        users={(row["from_segment"], row["to_segment"]): int(row["users"]) for row in rows},
    )


# --------------------------------------------------------------------------------------------------------------
# The document


# the Segment Details of a persona that meta.personas does not describe (a persona of the vars)
UNDESCRIBED = ("not described yet: its summary, characteristics, value, purpose and strategy go under "
               "`meta.personas` of `persona_definitions` (models/marts/reporting/_reporting__models.yml).")


def _number(value: Decimal | int | None) -> str:
    return "n/a" if value is None else f"{int(value):,}"


def _count(value: Decimal | int | None, noun: str) -> str:
    """'1 reaction', '165 reactions', '1,761 messages'."""
    return f"{_number(value)} {noun}{'' if value is not None and int(value) == 1 else 's'}"


def _sentence(items: Sequence[str]) -> str:
    """'A; b; c.' from items, each lower-cased at the start but for the first."""
    parts = [item if i == 0 else item[:1].lower() + item[1:] for i, item in enumerate(items)]
    return "; ".join(parts) + "."


def _break(text: str) -> str:
    """The definition's 'Extremely high; potential advocates' written with the document's em dash for a break."""
    head, separator, rest = text.partition("; ")
    return f"{head}{EM_DASH}{rest}" if separator else text


def _criteria(persona: Persona) -> str:
    return f"`{persona.criteria}`" if persona.criteria else "None of the rules above holds"


def _rule_order(persona: Persona, count: int) -> str:
    if persona.criteria is None:
        return f"{EM_DASH}the fallback, last of {count}: every user no rule took"
    if persona.priority == 1:
        return f", rule 1 of {count}: checked first"
    return f", rule {persona.priority} of {count}: only for users no earlier rule took"


def _day(instant: datetime) -> str:
    return f"{instant:%-d %B %Y}"


def _measured(persona: Persona, total: int) -> str:
    if persona.users == 0:
        return "No user has this persona today."
    hour = f"{int(persona.avg_active_hour):02d}:00" if persona.avg_active_hour is not None else "n/a"
    text = (
        f"{persona.users} of {_count(total, 'user')} ({persona.share}%). "
        f"On average {_count(persona.avg_total_messages, 'message')} in all, "
        f"{_number(persona.avg_weekly_messages)} in the last 7 days and "
        f"{_count(persona.avg_reactions, 'reaction')}; {persona.pct_1on1}% of their messages are 1:1; "
        f"most active around {hour}."
    )
    low, high = persona.min_days_since, persona.max_days_since
    if low is not None and high is not None:
        if high == 0:
            text += " All of them wrote on the last day."
        elif low == high:
            text += f" They last wrote {_count(low, 'day')} ago."
        else:
            text += f" They last wrote {low} {EN_DASH} {high} days ago."
    return text


def _channels(persona: Persona) -> str:
    """Where to reach them, from what most of them do: their engagement level and conversation preference (the
    rule registry's labels, persona_report), how much they wrote lately and when."""
    if persona.users == 0 or persona.main_engagement_level is None:
        return "None measured yet."
    hour = f", most active around {int(persona.avg_active_hour):02d}:00" if persona.avg_active_hour is not None else ""
    conversations, engagement = (documents.markdown_text(label) for label in
                                 (persona.main_conversation_preference, persona.main_engagement_level))
    return (f"Where most of them are: {conversations} ({persona.main_conversation_share}% of them) and "
            f"{engagement} ({persona.main_engagement_share}%); "
            f"{_count(persona.avg_weekly_messages, 'message')} in the last 7 days on average{hour}; "
            f"they last wrote {_count(persona.avg_days_since, 'day')} ago on average.")


def render_markdown(segmentation: Segmentation) -> str:
    """The customer-segments document (templates/segments.md.j2), in the structure and typography of the
    customer-segments format."""
    filters = {"lower_first": lambda text: text[:1].lower() + text[1:]}
    return documents.render(
        "segments.md.j2", filters, total=segmentation.total_users, as_of=segmentation.as_of,
        personas=segmentation.personas, EM_DASH=EM_DASH, UNDESCRIBED=UNDESCRIBED,
        count=_count, day=_day, criteria=_criteria, rule_order=_rule_order, sentence=_sentence,
        measured=_measured, channels=_channels, break_=_break,
    )


# --------------------------------------------------------------------------------------------------------------
# The charts


def _migration_chart(path: Path, migration: Migration, order: Sequence[str]) -> None:
    """From-persona rows, to-persona columns, in rule order; 'entered' and 'left' (not personas) at the edges."""

    def ordered(labels: Sequence[str], others_first: bool) -> list[str]:
        rank = {name: i for i, name in enumerate(order)}
        edge = -1 if others_first else len(order)
        return sorted(labels, key=lambda label: (rank.get(label, edge), label))

    sources, targets = ordered(migration.from_labels, True), ordered(migration.to_labels, False)
    heatmap(path, "Persona migration between the last two period ends (users)", sources, targets,
            [[migration.users.get((source, target), 0) for target in targets] for source in sources],
            f"Persona at {migration.from_period:%Y-%m-%d}", f"Persona at {migration.to_period:%Y-%m-%d}")


def render_charts(segmentation: Segmentation, out_dir: Path) -> list[Chart]:
    """Write the PNG charts into out_dir; the ones written, in page order."""
    day = _day(segmentation.as_of)
    charts = [Chart("persona_distribution.png", f"Users by persona, {day}")]
    bar_chart(out_dir / charts[0].file_name, charts[0].title, "Persona (in rule order)",
              [(p.name, p.users, p.share) for p in segmentation.personas])
    for metric, segments in segmentation.distributions.items():
        file_name = re.sub(r"\W+", "_", metric.lower()) + "_distribution.png"
        chart = Chart(file_name, f"Users by {metric.lower()}, {day}")
        bar_chart(out_dir / file_name, chart.title, metric, [(s.label, s.users, s.percentage) for s in segments])
        charts.append(chart)
    if segmentation.shares_over_time:
        chart = Chart("persona_shares_over_time.png", "Persona shares over time")
        shares_chart(out_dir / chart.file_name, segmentation.shares_over_time,
                     [p.name for p in segmentation.personas])
        charts.append(chart)
    if segmentation.migration:
        chart = Chart("migration_heatmap.png", "Persona migration between the last two period ends")
        _migration_chart(out_dir / chart.file_name, segmentation.migration, [p.name for p in segmentation.personas])
        charts.append(chart)
    return charts


# --------------------------------------------------------------------------------------------------------------
# The page

PAGE_STYLE = """
body { font-family: system-ui, sans-serif; max-width: 68rem; margin: 2rem auto; padding: 0 1rem; color: #1d2630; }
table { border-collapse: collapse; margin: 1rem 0; }
th, td { border: 1px solid #c8d0d8; padding: 0.35rem 0.6rem; vertical-align: top; }
th { background: #eef2f6; text-align: left; }
code { background: #f3f5f7; padding: 0 0.2rem; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(36rem, 1fr)); gap: 1.5rem; }
figure { margin: 0; } figure img { width: 100%; height: auto; border: 1px solid #e1e6eb; }
"""


def render_page(document: str, charts: Sequence[Chart]) -> str:
    """index.html: the document, with the charts between its Segments Table and its Segment Details."""
    import markdown

    body = markdown.markdown(document, extensions=["tables"], output_format="html")
    figures = "\n".join(
        f'<figure><img src="{html.escape(chart.file_name)}" alt="{html.escape(chart.title)}">'
        f"<figcaption>{html.escape(chart.title)}</figcaption></figure>"
        for chart in charts
    )
    charts_section = f'<h2 id="charts">Charts</h2>\n<div class="charts">\n{figures}\n</div>\n'
    marker = "<h2>Segment Details</h2>"
    body = body.replace(marker, charts_section + marker, 1) if marker in body else body + charts_section
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>Customer Segments</title>\n<style>{PAGE_STYLE}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


@dataclass(frozen=True)
class ReportFiles:
    document: Path
    charts: list[Path]
    page: Path


def write_report(connection, out_dir: Path, schema: str) -> ReportFiles:
    """Read the marts in `schema` and write segments.md, the charts and index.html into out_dir."""
    check_columns(connection, schema)
    segmentation = read_segmentation(connection, schema)
    checks = validation.read_validation(connection, schema)
    out_dir.mkdir(parents=True, exist_ok=True)
    # every file is rendered first, beside out_dir's, so that a failure leaves the report before it whole
    with tempfile.TemporaryDirectory(prefix=".rendering-", dir=out_dir) as rendering:
        staged = Path(rendering)
        try:
            # the Validation section shows its own charts as images, in segments.md as on the page
            document = render_markdown(segmentation) + "\n" + validation.render_markdown(checks)
            (staged / "segments.md").write_text(document, encoding="utf-8")
            charts = render_charts(segmentation, staged)
            validation_charts = validation.render_charts(checks, staged)
            (staged / "index.html").write_text(render_page(document, charts), encoding="utf-8")
        except OSError as error:  # a full disk, a quota: nothing of out_dir's was touched yet
            raise ValueError(f"cannot write the report into {out_dir}: {error}; the report there is left as it "
                             "was") from error
        # a directory of a name the report writes would stop the moves halfway: named before anything is moved
        if in_the_way := sorted(rendered.name for rendered in staged.iterdir() if (out_dir / rendered.name).is_dir()):
            raise ValueError(f"{out_dir} holds a directory where the report writes a file: {', '.join(in_the_way)}; "
                             "move it away and run the report again (the report there is left as it was)")
        for stale in out_dir.glob("*.png"):
            if not stale.is_dir():  # an earlier report's chart; a directory of such a name is none
                stale.unlink()
        for rendered in staged.iterdir():
            rendered.replace(out_dir / rendered.name)
    return ReportFiles(out_dir / "segments.md", [out_dir / chart.file_name for chart in charts + validation_charts],
                       out_dir / "index.html")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from segmentation.targets import add_target_arguments, add_vars_argument

    add_target_arguments(parser)
    add_vars_argument(parser, "those to build the local sample's marts with (a threshold override, a preset); on "
                              "another target the report reads the marts as they were built")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT_DIR, help="default: %(default)s")
    parser.add_argument("--no-build", action="store_true", help="report on the local marts as they are")


def run(args: argparse.Namespace) -> int:
    from segmentation.dbt_project import DbtError
    from segmentation.demo import prepare
    from segmentation.localdb import LocalDbError
    from segmentation.targets import TargetError, resolve

    try:
        make_directory("--out", args.out, ValueError)  # named before the server starts and the marts are built
        target = resolve(args.target, args.data_dir.resolve())
        target.connect_kwargs()  # a target the report cannot read is refused before anything is built
        if target.local and not args.no_build:
            target = prepare(target.target, args.data_dir.resolve(), args.vars)
        elif args.vars:
            step(f"--vars left unused: the report reads the marts of target {target.target} as they were built")
        step(f"writing the segments report on target {target.target}, schema {target.schema}, into {args.out}")
        connection = psycopg2.connect(**target.connect_kwargs())
        try:
            files = write_report(connection, args.out.resolve(), target.schema)
        finally:
            connection.close()
    except errors.UndefinedTable as error:
        print(f"\nreport failed: {error.pgerror.splitlines()[0]}: the marts are not built in schema {target.schema} of "
              f"target {target.target}; build them first (dbt build --target {target.target}), or name the schema "
              f"they are in (DBT_SCHEMA)", file=sys.stderr)
        return 1
    except (LocalDbError, TargetError, RawSchemaInUse, DbtError, ValueError, psycopg2.Error) as error:
        print(f"\nreport failed: {error}", file=sys.stderr)
        return 1
    for path in [files.document, *files.charts, files.page]:
        print(f"    {path}", file=sys.stderr)
    print(f"\nOpen file://{files.page}", file=sys.stderr)
    return 0
