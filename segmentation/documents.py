"""The report's documents: Jinja2 templates in segmentation/templates/, rendered as plain text (Markdown)."""

from __future__ import annotations

from collections.abc import Callable

from segmentation import PROJECT_ROOT

TEMPLATES = PROJECT_ROOT / "segmentation" / "templates"


def render(template: str, filters: dict[str, Callable], **context: object) -> str:
    """templates/<template> with `context`; an undefined name fails rather than printing nothing."""
    import jinja2

    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), trim_blocks=True,
                                     lstrip_blocks=True, keep_trailing_newline=True, autoescape=False,
                                     undefined=jinja2.StrictUndefined)
    environment.filters.update(filters)
    return environment.get_template(template).render(**context)
