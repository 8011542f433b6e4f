"""The segments report: its table equals the marts, its charts are real PNGs, its page opens in Chromium."""

from __future__ import annotations

import filecmp
import html
import re
import resource
import signal
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from PIL import Image

from pytests import edge_cases
from pytests.browser import Browser
from pytests.conftest import fetch
from pytests.report_tables import html_table_rows, segments_table
from segmentation import cli, demo, localdb, targets
from segmentation.dbt_project import dbt_output_in
from segmentation.report import EM_DASH, EN_DASH, MARTS, ReportFiles, write_report

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def report(sample, connection, tmp_path_factory) -> ReportFiles:
    return write_report(connection, tmp_path_factory.mktemp("report"), sample.schema)


def test_table_rows_and_counts_equal_the_marts(report, sample, connection):
    rows = segments_table(report.document.read_text())
    _, marts = fetch(connection, f"""
        select d.persona, d.criteria, d.purpose, coalesce(s.user_count, 0),
               round(100.0 * coalesce(s.user_count, 0) / sum(coalesce(s.user_count, 0)) over (), 1)
        from {sample.schema}.persona_definitions as d
        left join {sample.schema}.persona_summary as s on d.persona = s.persona
        order by d.priority""")
    assert list(rows[0]) == ["Segment Name", "Criteria", "Purpose", "Users", "Share"]
    assert [row["Segment Name"] for row in rows] == [persona for persona, *_ in marts]
    for row, (persona, criteria, purpose, users, share) in zip(rows, marts, strict=True):
        assert row["Criteria"] == (f"`{criteria}`" if criteria else "None of the rules above holds"), persona
        assert row["Purpose"] == purpose
        assert int(row["Users"]) == users, persona
        assert Decimal(row["Share"].rstrip("%")) == share, persona
    segmented = fetch(connection, f"select count(*) from {sample.schema}.user_segments")[1][0][0]
    assert sum(int(row["Users"]) for row in rows) == segmented


def test_criteria_carry_the_live_thresholds(report, sample):
    """The rule of each persona as the build rendered it: no `{threshold}` is left, the numbers are in."""
    rows = segments_table(report.document.read_text())
    assert not any("{" in row["Criteria"] for row in rows)
    assert rows[0]["Criteria"] == "`messages_last_7d >= 50 and total_reactions >= 10`"


def test_details_give_each_segment_its_five_parts_and_measured_averages(report, sample, connection):
    document = report.document.read_text()
    details = document.split("## Segment Details", 1)[1]
    _, summary = fetch(connection, f"select persona, user_count, avg_total_messages, pct_1on1 "
                                   f"from {sample.schema}.persona_summary")
    for persona, users, avg_total_messages, pct_1on1 in summary:
        block = details.split(f"**{persona}**{EM_DASH}", 1)[1].split("\n\n**", 1)[0]
        for part in ("Criteria", "Characteristics", "Messaging Focus", "Channels", "Goals"):
            assert f"- **{part}**: " in block, (persona, part)
        assert f"{users} of " in block and f"{int(avg_total_messages):,} message" in block and f"{pct_1on1}%" in block


def test_typography_follows_the_document_format(report):
    """En dash with spaces for ranges, em dash without spaces for breaks, no hyphen standing in for either."""
    prose = [line.removeprefix("- ") for line in report.document.read_text().splitlines()
             if not line.startswith("|")]
    text = "\n".join(re.sub(r"`[^`]*`", "", line) for line in prose)  # code spans keep SQL as written
    assert EN_DASH in text and EM_DASH in text
    assert not re.search(r" - | -- |--", text), "a hyphen used as a dash"
    assert not re.search(f" {EM_DASH}|{EM_DASH} ", text), "em dash with spaces"
    assert all(re.fullmatch(rf".* {EN_DASH} .*", line) for line in text.splitlines() if EN_DASH in line)
    assert not re.search(rf"\S{EN_DASH}|{EN_DASH}\S", text), "en dash without spaces"


def test_every_chart_is_a_valid_non_empty_png(report, sample, connection):
    _, [(history,)] = fetch(connection, "select count(*) from information_schema.tables where table_schema = %s "
                                        "and table_name in ('segment_distribution_history', 'segment_migration')",
                            (sample.schema,))
    names = {path.name for path in report.charts}
    assert {"persona_distribution.png", "engagement_distribution.png", "reaction_distribution.png",
            "conversation_distribution.png", "threshold_sensitivity.png", "persona_clusters.png"} <= names
    assert len(names) == 6 + history
    for path in report.charts:
        assert_png(path)


def assert_png(path: Path) -> None:
    assert path.read_bytes()[:8] == PNG_SIGNATURE, path
    with Image.open(path) as image:
        image.verify()
    with Image.open(path) as image:
        assert image.width >= 600 and image.height >= 250, (path, image.size)
        extrema = image.convert("L").getextrema()
        assert extrema[1] - extrema[0] > 100, f"{path.name} is blank"


def test_same_marts_give_the_same_files(report, sample, connection, tmp_path):
    again = write_report(connection, tmp_path, sample.schema)
    for first, second in zip([report.document, *report.charts, report.page],
                             [again.document, *again.charts, again.page], strict=True):
        assert filecmp.cmp(first, second, shallow=False), first.name


def test_page_opens_in_chromium_with_the_document_and_every_chart(report):
    with Browser() as browser:
        page = browser.open(report.page.as_uri())
        loaded = page.wait_for("Array.from(document.images).every(i => i.complete) && "
                               "Array.from(document.images).map(i => [i.getAttribute('src'), i.naturalWidth])")
        rows = page.evaluate("document.querySelector('table').querySelectorAll('tbody tr').length")
        items = page.evaluate("document.querySelectorAll('ul > li').length")
        headings = page.evaluate("Array.from(document.querySelectorAll('h1, h2')).map(h => h.textContent)")
        validation = page.evaluate("""(() => {
            const start = Array.from(document.querySelectorAll('h2')).find(h => h.textContent == 'Validation');
            const parts = {headings: [], images: [], tables: []};
            for (let node = start.nextElementSibling; node; node = node.nextElementSibling) {
                if (node.tagName == 'H3') parts.headings.push(node.textContent);
                node.querySelectorAll('img').forEach(i => parts.images.push([i.getAttribute('src'), i.naturalWidth]));
                if (node.tagName == 'TABLE') parts.tables.push(node.querySelectorAll('tbody tr').length);
            }
            return parts;
        })()""")
        assert browser.exceptions == []
    assert sorted(src for src, _ in loaded) == sorted(path.name for path in report.charts)
    assert all(width > 0 for _, width in loaded), loaded
    assert rows == len(segments_table(report.document.read_text()))
    assert items == 5 * rows, "each segment's details: a list of five"
    assert headings == ["Customer Segments", "Introduction", "Segments Table", "Charts", "Segment Details",
                        "Validation"]
    assert validation["headings"] == ["Threshold sensitivity", "Small personas", "Nearest misses of Other",
                                      "Data-driven cross-check"]
    assert validation["images"] == [["threshold_sensitivity.png", 900], ["persona_clusters.png", 900]]
    assert len(validation["tables"]) == 3, "sensitivity, nearest misses of Other, cluster centres"


def test_validation_section_shows_the_marts(report, sample, connection):
    """Its tables: every threshold step of threshold_sensitivity, each Other with its nearest miss, the small
    personas of persona_summary; the cluster centres one row per cluster."""
    section = report.document.read_text().split("## Validation", 1)[1]
    _, steps = fetch(connection, f"select threshold, step, max(step_user_count) from {sample.schema}."
                                 "threshold_sensitivity group by threshold, step")
    table = section.split("### Threshold sensitivity", 1)[1].split("###", 1)[0]
    for threshold, step, users in steps:
        row = next(line for line in table.splitlines() if line.startswith(f"| `{threshold}` |"))
        cells = [cell.strip() for cell in row.strip("|").split(" | ")]
        assert int(cells[3 if step == "down" else 5]) == users, (threshold, step)
    _, others = fetch(connection, f"select name, persona_nearest_miss from {sample.schema}.user_personas "
                                  "where persona = 'Other'")
    misses = section.split("### Nearest misses of Other", 1)[1].split("###", 1)[0]
    assert others and all(f"| {name} | {persona} | " in misses for name, persona in others)
    _, small = fetch(connection, f"select persona, user_count from {sample.schema}.persona_summary "
                                 "where is_small_sample")
    smalls = section.split("### Small personas", 1)[1].split("###", 1)[0]
    assert all(f"{persona} ({users})" in smalls for persona, users in small)
    k = int(re.search(r"\*\*(\d) clusters\*\*", section).group(1))
    centres = section.split("Each cluster's centre", 1)[1]
    assert [int(line.split(" | ")[0].strip("| ")) for line in centres.splitlines()
            if re.match(r"\| \d+ \|", line)] == list(range(1, k + 1))


@pytest.fixture
def history_schema(sample, connection):
    """The sample's marts seen through views, plus history marts of two weekly period ends."""
    schema = "report_history"
    as_of: datetime = sample.as_of
    with connection.cursor() as cursor:
        cursor.execute(f"drop schema if exists {schema} cascade; create schema {schema}")
        for mart in MARTS:
            cursor.execute(f"create view {schema}.{mart} as select * from {sample.schema}.{mart}")
        cursor.execute(f"""
            create table {schema}.segment_distribution_history as
            select period_end_at, 'Persona' as metric, persona as segment, count(*) as user_count,
                   round(100.0 * count(*) / sum(count(*)) over (partition by period_end_at), 1) as percentage
            from {sample.schema}.user_segments
            cross join (values (%s::timestamptz), (%s::timestamptz)) as periods (period_end_at)
            group by period_end_at, persona""",
            (as_of - timedelta(days=14), as_of - timedelta(days=7)))
        cursor.execute(f"""
            create table {schema}.segment_migration as
            select 'Persona' as dimension, %s::timestamptz as from_period_end_at, %s::timestamptz as to_period_end_at,
                   persona as from_segment, persona as to_segment, count(*) as users
            from {sample.schema}.user_segments group by persona
            union all select 'Persona', %s, %s, '(entered)', 'New User', 2""",
            (as_of - timedelta(days=14), as_of - timedelta(days=7)) * 2)
    connection.commit()
    yield schema
    with connection.cursor() as cursor:
        cursor.execute(f"drop schema {schema} cascade")
    connection.commit()


def test_history_marts_add_the_shares_over_time_and_the_migration_heatmap(history_schema, connection, tmp_path):
    files = write_report(connection, tmp_path, history_schema)
    names = [path.name for path in files.charts]
    assert names[-4:] == ["persona_shares_over_time.png", "migration_heatmap.png", "threshold_sensitivity.png",
                          "persona_clusters.png"]
    for path in files.charts[-4:-2]:
        assert_png(path)


def test_channels_name_the_labels_most_of_each_personas_users_have(report, sample, connection):
    """From the rule registry's labels (persona_report), not from cut-offs of its own."""
    details = report.document.read_text().split("## Segment Details", 1)[1].split("\n## ", 1)[0]
    _, rows = fetch(connection, f"""
        select distinct on (persona) persona, engagement_level, round(100.0 * count(*) / sum(count(*)) over
               (partition by persona), 1)
        from {sample.schema}.user_segments group by persona, engagement_level
        order by persona, count(*) desc, engagement_level""")
    assert rows
    for persona, level, level_share in rows:
        block = details.split(f"**{persona}**{EM_DASH}", 1)[1].split("\n\n**", 1)[0]
        channels = next(line for line in block.splitlines() if line.startswith("- **Channels**: "))
        assert f" and {level} ({level_share}%)" in channels, (persona, channels)


@pytest.mark.slow  # a build of its own: make test stays under ten minutes
def test_users_with_identical_metrics_get_a_report_that_says_why_they_are_not_clustered(build_project, connection,
                                                                                        tmp_path):
    """Every user with the same messages at the same instants: one point, so no clustering; the rest of the
    report as usual, and the cross-check a sentence instead of the scikit-learn error the report stopped with."""
    b = edge_cases.EdgeCaseBuilder()
    for i in range(5):
        b.user(f"twin_{i}", (3, edge_cases.AS_OF - edge_cases.DAY))
    build = build_project("identical_users", b.tables(), edge_cases.AS_OF)
    columns, rows = fetch(connection, f"select * from {build.schema}.user_personas")
    assert len(rows) == 5 and len({tuple(value for column, value in zip(columns, row, strict=True)
                                         if column not in ("person_id", "name")) for row in rows}) == 1
    files = write_report(connection, tmp_path, build.schema)
    section = files.document.read_text().split("### Data-driven cross-check", 1)[1]
    assert section.strip() == ("Every one of the 5 segmented users has the same metrics, so there are no groups "
                               "for k-means to find (the silhouette needs at least 2 distinct users).")
    assert [path.name for path in files.charts][-1] == "threshold_sensitivity.png"
    assert not (tmp_path / "persona_clusters.png").exists()
    assert sum(int(row["Users"]) for row in segments_table(files.document.read_text())) == 5


# labels and a user's name as a hostile configuration or raw table might give them (found by a review: the HTML
# reached the page, a backslash before a pipe moved the Share column onto the user count, and a `$` pair was read as
# a formula that failed to draw)
HOSTILE_LABELS = ("<script>alert(1)</script>", "Power x\\|y", "`t` [x](javascript:alert(2))", "Fan of $^$")
HOSTILE_NAME = "<img src=x onerror=alert(1)>|x\nnext line\u2028third\x0cfourth"  # U+2028, form feed: line ends too


def test_labels_and_names_are_text_in_the_document_and_on_the_page(build_project, connection, tmp_path):
    b = edge_cases.EdgeCaseBuilder()
    b.user("heavy", (60, edge_cases.AS_OF - edge_cases.DAY))
    b.user("recent", (15, edge_cases.AS_OF - 3 * edge_cases.DAY))
    b.user(HOSTILE_NAME)  # 15 messages 45 days back: the fallback, so among its nearest misses
    personas = [{"label": HOSTILE_LABELS[0], "when": "messages_last_7d >= {very_active_messages}"},
                {"label": HOSTILE_LABELS[1], "when": "messages_last_7d >= 1"},
                {"label": HOSTILE_LABELS[2], "when": "days_since_last_message > {churn_days}"},
                {"label": HOSTILE_LABELS[3], "when": "total_reactions >= {power_reactor_reactions}"},
                {"label": "Other"}]
    build = build_project("hostile_labels", b.tables(), edge_cases.AS_OF, exclude=("tag:shipped_rules",),
                          segmentation__personas=personas, segmentation__history_drift_watched_personas=[])
    files = write_report(connection, tmp_path, build.schema)
    # personas of the vars have no prose: the details say where it goes, not "Goals: . Value: ." (a review)
    document = files.document.read_text()
    assert document.count("not described yet: its summary") == len(HOSTILE_LABELS)
    assert not re.search(rf"{EM_DASH}\n|\*\*: \.|: \. ", document), document
    page = files.page.read_text()
    assert "<script>alert" not in page and "<img src=x" not in page and 'href="javascript' not in page
    # each row of the Segments Table on the page: five cells, the label as written, a share in the last
    rows = html_table_rows(page.split("<h2>Segments Table</h2>", 1)[1])
    assert [html.unescape(row[0]) for row in rows] == [*HOSTILE_LABELS, "Other"]
    assert all(len(row) == 5 and row[4].endswith("%") for row in rows), rows
    assert [int(row[3]) for row in rows] == [1, 1, 0, 0, 1]
    misses = page.split("Nearest misses of Other", 1)[1].split("</table>", 1)[0]
    assert html.escape("<img src=x onerror=alert(1)>|x next line third fourth", quote=False) in misses
    table = document.split("Nearest misses of Other", 1)[1].split("\n\n", 3)[2]
    assert all(line.startswith("|") for line in table.splitlines()), table


def test_a_report_that_fails_to_render_leaves_the_one_before_whole(monkeypatch, tmp_path, sample, connection):
    """Found by a review: the document was rewritten and the charts deleted before a chart failed, leaving an
    index.html that pointed at charts no longer there."""
    out = tmp_path / "report"
    write_report(connection, out, sample.schema)
    before = contents(out)

    def fail(*_: object) -> None:
        raise ValueError("a chart failed")

    monkeypatch.setattr("segmentation.validation.render_charts", fail)
    with pytest.raises(ValueError, match="a chart failed"):
        write_report(connection, out, sample.schema)
    assert contents(out) == before


def contents(directory: Path) -> dict[Path, bytes | None]:
    """Everything under `directory`: a file's bytes, None for a directory."""
    return {path.relative_to(directory): path.read_bytes() if path.is_file() else None
            for path in directory.rglob("*")}


@pytest.mark.parametrize("limit", [100, 20_000])  # segments.md, then a chart, is the first file too large
def test_a_report_that_cannot_be_written_is_named_and_the_report_before_left_whole(limit, tmp_path, sample,
                                                                                  connection):
    """A full disk, played by a limit on the size of the files this process writes (an OS error, as a full disk
    gives): the report ended in a traceback. It names the directory and the error, and leaves the report before
    it whole."""
    out = tmp_path / "report"
    write_report(connection, out, sample.schema)
    before = contents(out)
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    ignored = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # the write fails, rather than the process
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, hard))
    try:
        with pytest.raises(ValueError, match=f"^cannot write the report into {re.escape(str(out))}: .*File too large"
                                             ".*; the report there is left as it was$"):
            write_report(connection, out, sample.schema)
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, ignored)
    assert contents(out) == before


@pytest.mark.parametrize("name", ["index.html", "segments.md", "persona_distribution.png"])
def test_a_directory_where_the_report_writes_a_file_is_named_and_the_report_before_left_whole(name, tmp_path, sample,
                                                                                             connection):
    """Found by a tester: a directory of a report file's name ended in IsADirectoryError, index.html's after some
    charts had been replaced and the rest deleted."""
    out = tmp_path / "report"
    write_report(connection, out, sample.schema)
    (out / name).unlink()
    (out / name / "sub").mkdir(parents=True)
    before = contents(out)
    with pytest.raises(ValueError, match=f"^{out} holds a directory where the report writes a file: {name}; "):
        write_report(connection, out, sample.schema)
    assert contents(out) == before


def test_a_directory_named_like_a_chart_the_report_does_not_write_is_left_alone(tmp_path, sample, connection):
    """Found by a tester: the charts of an earlier report are deleted (*.png), and a directory of such a name
    ended the report in IsADirectoryError."""
    (tmp_path / "photos.png" / "sub").mkdir(parents=True)
    files = write_report(connection, tmp_path, sample.schema)
    assert (tmp_path / "photos.png" / "sub").is_dir() and files.page.is_file()


@pytest.mark.slow  # a build of its own for each: make test stays under ten minutes
@pytest.mark.parametrize("segmented", [0, 1])
def test_a_report_on_no_user_or_one_counts_and_explains_them(segmented, build_project, connection, tmp_path):
    """Found by a review: with no segmented user the cross-check blamed the rules ("no persona rule reads a
    metric"), and one user was "the 1 users", "1 of 1 users"."""
    b = edge_cases.EdgeCaseBuilder()
    b.user("below_the_cut", old=3)
    for i in range(segmented):
        b.user(f"user_{i}", (3, edge_cases.AS_OF - edge_cases.DAY))
    build = build_project(f"segmented_{segmented}", b.tables(), edge_cases.AS_OF)
    document = write_report(connection, tmp_path, build.schema).document.read_text()
    noun = "user" if segmented == 1 else "users"
    assert f"These segments sort the {segmented} {noun} by behaviour" in document
    assert ("1 of 1 user (100.0%)" in document) == (segmented == 1)
    cross_check = document.split("### Data-driven cross-check", 1)[1].strip()
    assert cross_check == (f"Too few users to cluster: {segmented} segmented, k-means with the silhouette needs at "
                           "least 3.")


@pytest.mark.slow  # a local server of its own and a build of the sample: about a minute
def test_the_report_builds_the_local_sample_with_the_vars(tmp_path, monkeypatch):
    """Found by a review: `make report` built the sample with the defaults whatever vars the user gave, so its
    criteria never showed an override (docs/bi-tools.md says they do)."""
    monkeypatch.delenv("DBT_TARGET", raising=False)
    data_dir, out = tmp_path / "data", tmp_path / "report"
    try:
        with dbt_output_in(tmp_path / "dbt"):
            assert cli.main(["report", "--data-dir", str(data_dir), "--out", str(out),
                             "--vars", "{segmentation__threshold_overrides: {churn_days: 90}}"]) == 0
    finally:
        localdb.stop(data_dir)
    criteria = {row["Segment Name"]: row["Criteria"] for row in segments_table((out / "segments.md").read_text())}
    assert criteria["Churned"] == "`days_since_last_message > 90`"


@pytest.mark.parametrize(("mart", "dropped", "lacks"), [
    ("persona_report", ["percentage"], "column 'percentage'"),
    ("segment_distribution", ["percentage"], "column 'percentage'"),
    ("persona_report", ["criteria", "is_small_sample"], "columns 'criteria', 'is_small_sample'"),
    ("threshold_sensitivity", ["step", "threshold_kind"], "columns 'step', 'threshold_kind'"),
    ("user_personas", ["persona_nearest_miss_gap"], "column 'persona_nearest_miss_gap'"),
])
def test_a_mart_built_by_another_version_is_named_with_the_columns_it_lacks(mart, dropped, lacks, sample,
                                                                            connection, tmp_path):
    """Found by a review: a persona_report without a column the report reads raised a bare KeyError; and by a
    tester: so did a user_personas without one, the other marts being read unchecked."""
    schema = "report_older"
    with connection.cursor() as cursor:
        cursor.execute(f"drop schema if exists {schema} cascade; create schema {schema}")
        for other in set(MARTS) - {mart}:
            cursor.execute(f"create view {schema}.{other} as select * from {sample.schema}.{other}")
        cursor.execute(f"create table {schema}.{mart} as select * from {sample.schema}.{mart}; "
                       f"alter table {schema}.{mart} {', '.join(f'drop column {name}' for name in dropped)}")
    connection.commit()
    try:
        with pytest.raises(ValueError, match=f"^{schema}.{mart} has no {lacks}: it was built by another version of "
                                             "the project; build the marts again"):
            write_report(connection, tmp_path, schema)
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"drop schema {schema} cascade")
        connection.commit()


@pytest.mark.parametrize("where", ["a file", "beneath a file"])
def test_an_out_directory_that_cannot_be_made_is_named_before_any_build(where, tmp_path, monkeypatch, capsys):
    """Found by a review: `report --out` a file, or a path beneath one, ended in a traceback after the build."""
    for module in (targets, demo):  # resolve wherever it is bound (demo binds it when imported), and only here
        monkeypatch.setattr(module, "resolve", lambda *_: pytest.fail("--out is checked before the target"))
    (tmp_path / "file").write_text("")
    out = tmp_path / "file" if where == "a file" else tmp_path / "file" / "report"
    assert cli.main(["report", "--no-build", "--out", str(out), "--data-dir", str(tmp_path / "data")]) == 1
    err = capsys.readouterr().err
    assert f"report failed: --out {out}: cannot create the directory: [Errno" in err
    assert "Traceback" not in err
