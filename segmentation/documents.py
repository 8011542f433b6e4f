"""The report's documents: Jinja2 templates in segmentation/templates/, rendered as plain text (Markdown)."""

from __future__ import annotations

import re
from collections.abc import Callable

from segmentation import PROJECT_ROOT

TEMPLATES = PROJECT_ROOT / "segmentation" / "templates"


def markdown_text(text: str) -> str:
    """`text` (a label, a user's name, a description) as Markdown that shows it as written, in a sentence or a table
    cell, on one line: no emphasis, code, link or column break, and no HTML (a label `<script>…` stays text on
    the page). Every character that ends a line somewhere (U+2028 and form feed too, which Python's splitlines and
    editors break at) joins the lines. The same escapes as docs/rules.md's (macros/rules/markdown_cell.sql)."""
    text = re.sub(r"([\\`*_\[\]|])", r"\\\1", re.sub(r"\s*[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]+\s*", " ", text))
    return re.sub(r"&(?=#?\w+;)", "&amp;", text).replace("<", "&lt;")


def render(template: str, filters: dict[str, Callable], **context: object) -> str:
    """templates/<template> with `context` and the filter `text` (markdown_text); an undefined name fails rather
    than printing nothing."""
    import jinja2

    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), trim_blocks=True,
                                     lstrip_blocks=True, keep_trailing_newline=True, autoescape=False,
                                     undefined=jinja2.StrictUndefined)
    environment.filters.update({"text": markdown_text, **filters})
    return environment.get_template(template).render(**context)
