"""The rule registry (macros/rules/rule_sets.sql) and docs/rules.md, generated from it and the vars."""

from __future__ import annotations

import html
import re
from pathlib import Path

import markdown
import yaml

from pytests.report_tables import html_table_rows
from segmentation import PROJECT_ROOT, project_vars
from segmentation.dbt_project import run_dbt
from segmentation.documents import markdown_text
from segmentation.engines import DuckDb

RULES_MD = PROJECT_ROOT / "docs" / "rules.md"
REGENERATE = "dbt run-operation rules_document --quiet --target duckdb > docs/rules.md"


def rules_document(directory: Path, **variables: object) -> str:
    """What `dbt run-operation rules_document` prints (DuckDB in-process: the macro reads no table)."""
    printed: list[str] = []

    def collect(event) -> None:
        if event.info.name == "PrintEvent":
            printed.append(event.data.msg)

    run_dbt(["run-operation", "rules_document"], DuckDb(directory), variables=variables, quiet=True,
            callbacks=[collect])
    assert len(printed) == 1, printed
    return printed[0] + "\n"


def test_docs_rules_md_is_what_the_registry_and_the_vars_render(tmp_path):
    assert RULES_MD.read_text() == rules_document(tmp_path), f"docs/rules.md is stale: regenerate it ({REGENERATE})"
    assert REGENERATE in RULES_MD.read_text()


def test_the_document_renders_the_thresholds_in_force(tmp_path):
    document = rules_document(tmp_path, segmentation__preset="weekly",
                              segmentation__threshold_overrides={"power_reactor_reactions": 12})
    assert "| 1 | Very Active | `messages_last_30d >= 20` |" in document
    assert "| 1 | Power User | `messages_last_30d >= 20 and total_reactions >= 12` | Very active and power reactors |" \
        in document
    assert "| 1 | Power Reactor | `total_reactions >= 12` |" in document
    assert "{" not in document.split("## Thresholds")[0].split("## Persona")[1], "a threshold left unrendered"


def test_labels_stay_in_their_cells(tmp_path):
    """A label with a pipe, a backslash before one, or HTML (found by a review: the Thresholds table's "Read by"
    column escaped nothing, and `\\|` broke the rules tables): every row keeps its columns, the label as written."""
    labels = ["a|b", "x\\|y", "<b>bold</b>", "`t` [x](javascript:alert(2)) *a_b*", "one\u2028two"]
    personas = [{"label": labels[0], "when": "total_reactions >= {power_reactor_reactions}"},
                {"label": labels[1], "when": "messages_last_7d >= {very_active_messages}"},
                {"label": labels[2], "when": "days_since_last_message < {churn_days}"},
                {"label": labels[3], "when": "messages_1on1 > 0"},
                {"label": labels[4], "when": "messages_group > 0"}, {"label": "Other"}]
    document = rules_document(tmp_path, segmentation__personas=personas,
                              segmentation__history_drift_watched_personas=[])
    # the escapes of the report's (markdown_text, in Python) and docs/rules.md's (markdown_cell, in Jinja) are one
    assert all(f"| {markdown_text(label)} |" in document for label in labels)
    page = markdown.markdown(document, extensions=["tables"])
    persona_rows = page.split("<h2>Persona", 1)[1].split("</table>", 1)[0]
    # a line separator (U+2028) joins the lines, as a newline would: the table's row is one line
    assert [html.unescape(row[1]) for row in html_table_rows(persona_rows)] == [*labels[:4], "one two", "Other"]
    assert "<code>days_since_last_message &lt; 60</code>" in persona_rows, "a condition is code, left as written"
    thresholds = page.split("<h2>Thresholds</h2>", 1)[1]
    rows = {row[0]: row for row in html_table_rows(thresholds)}
    assert len({len(row) for row in rows.values()}) == 1, "a row with more or fewer cells than the others"
    assert rows["power_reactor_reactions"][-1] == "Persona: a|b, Reaction: Power Reactor"


def test_every_rule_list_var_is_in_the_registry():
    """A var holding rules ({label, when} ...) that the registry misses would be neither validated nor
    fingerprinted: docs/rules.md (checked fresh above) has a section for each rule set of the registry."""
    rule_lists = {name for name, value in project_vars().items()
                  if isinstance(value, list) and value and all(isinstance(rule, dict) and "label" in rule
                                                               for rule in value)}
    registered = set(re.findall(r"^Var `(\w+)`", RULES_MD.read_text(), re.MULTILINE))
    assert rule_lists == registered
    assert len(registered) == 5


def test_the_persona_prose_is_outside_the_vars_and_describes_every_persona():
    """The rules are vars; what each persona means is persona_definitions' meta (one place), one entry a persona."""
    assert all(set(rule) <= {"label", "when"} for rule in project_vars()["segmentation__personas"])
    properties = yaml.safe_load((PROJECT_ROOT / "models/marts/reporting/_reporting__models.yml").read_text())
    model = next(model for model in properties["models"] if model["name"] == "persona_definitions")
    prose = model["config"]["meta"]["personas"]
    assert list(prose) == [rule["label"] for rule in project_vars()["segmentation__personas"]]
    for label, described in prose.items():
        assert set(described) == {"summary", "characteristics", "value", "purpose", "strategy"}, label
        # a period written out goes stale when a threshold changes (found by a review: At Risk Churn's "two to
        # eight weeks" under churn_days 90 or the monthly preset); the criteria give the numbers
        text = " ".join(str(part) for part in described.values())
        period = re.search(r"\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten)\b[\w\s-]*\b(day|week|month)s?\b",
                           text, re.IGNORECASE)
        assert period is None, f"{label}: {period.group()}"


def test_the_label_docs_name_the_labels_as_shipped_in_their_order():
    """The docs site's column docs list each rule set's labels as shipped (found by a readability review: nothing
    held the prose to the vars)."""
    docs = (PROJECT_ROOT / "models/marts/segmentation/_segmentation__docs.md").read_text()
    blocks = dict(re.findall(r"\{% docs (\w+) %\}(.*?)\{% enddocs %\}", docs, re.DOTALL))
    for column, var in [("engagement_level", "segmentation__engagement_levels"),
                        ("reaction_behavior", "segmentation__reaction_behaviors"),
                        ("conversation_preference", "segmentation__conversation_preferences"),
                        ("persona", "segmentation__personas")]:
        listed = re.search(r"[Bb]y default(?:, in priority order:)? (.*?)(?:: the first|\)\.)", blocks[column])
        assert re.split(r", | or ", listed.group(1)) == [rule["label"] for rule in project_vars()[var]], column
