"""The specification's three queries as written: only NOW() is replaced by a fixed instant.

The verbatim copies live in analyses/specification/; pytests/test_specification_copies.py checks them
against the specification document when it is present.
"""

from __future__ import annotations

import re
from datetime import datetime

from segmentation import PROJECT_ROOT

QUERY_FILES = {
    "user_metrics": PROJECT_ROOT / "analyses/specification/query_1_user_behavioral_metrics.sql",
    "segment_distribution": PROJECT_ROOT / "analyses/specification/query_2_segment_distribution.sql",
    "personas": PROJECT_ROOT / "analyses/specification/query_3_user_personas.sql",
}


def specification_query(name: str, as_of: datetime) -> str:
    """Query `name` with NOW() fixed at `as_of` and Query 1's LIMIT 100 dropped (the marts keep every user)."""
    if as_of.tzinfo is None:
        raise ValueError("as_of needs a time zone")
    text = QUERY_FILES[name].read_text()
    text = text.replace("NOW()", f"'{as_of.isoformat()}'::timestamptz")
    text = re.sub(r"\n\s*LIMIT 100;", "\n;", text)
    return text.strip().rstrip(";")
