"""The report's tables read back by the tests: the Segments Table of its Markdown, an HTML table's rows."""

from __future__ import annotations

import re


def segments_table(document: str) -> list[dict[str, str]]:
    """The rows of the Segments Table, by column name."""
    section = document.split("## Segments Table", 1)[1].split("\n## ", 1)[0]
    lines = [line for line in section.splitlines() if line.startswith("|")]
    header = [cell.strip() for cell in lines[0].strip("|").split(" | ")]
    assert set(lines[1]) <= set("|-: "), "the second line of a Markdown table is its rule"
    return [dict(zip(header, [cell.strip() for cell in line.strip("|").split(" | ")], strict=True))
            for line in lines[2:]]


def html_table_rows(fragment: str) -> list[list[str]]:
    """The body rows of the first HTML table in `fragment` (Python-Markdown's rendering), each its cells' HTML."""
    table = fragment.split("</table>", 1)[0]
    return [cells for row in re.findall(r"<tr>(.*?)</tr>", table, re.DOTALL)
            if (cells := re.findall(r"<td[^>]*>(.*?)</td>", row, re.DOTALL))]
