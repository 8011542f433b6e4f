"""analyses/specification/ holds the specification's three queries verbatim."""

from __future__ import annotations

import re

import pytest

from segmentation import PROJECT_ROOT
from segmentation.specification import QUERY_FILES

SPECIFICATION = PROJECT_ROOT.parent / "shared/seeds/000_75a8aac296fbf374.txt"


@pytest.mark.skipif(not SPECIFICATION.exists(), reason="the specification document is not beside this checkout")
def test_copies_are_the_specifications_sql_blocks_verbatim():
    blocks = re.findall(r"```sql\n(.*?)```", SPECIFICATION.read_text(), re.S)[:3]
    assert [path.read_text() for path in QUERY_FILES.values()] == blocks
