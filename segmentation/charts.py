"""The report's charts: PNGs drawn with matplotlib, every axis labelled, the same data giving the same bytes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path


@dataclass(frozen=True)
class Chart:
    file_name: str
    title: str


def _figure(height: float):
    import matplotlib

    matplotlib.use("Agg")
    # labels come from the vars: a `$` in one is text, not the start of a formula (Fan of $^$ failed to draw)
    matplotlib.rcParams["text.parse_math"] = False
    from matplotlib import pyplot

    return pyplot.subplots(figsize=(9, height), dpi=100)


def _save(figure, path: Path) -> None:
    from matplotlib import pyplot

    figure.tight_layout()
    figure.savefig(path, format="png", metadata={"Software": None})  # no version stamp: same data, same bytes
    pyplot.close(figure)


def bar_chart(path: Path, title: str, axis_label: str, bars: Sequence[tuple[str, int, Decimal]]) -> None:
    """Horizontal bars, first on top, each labelled with its count and share."""
    figure, axes = _figure(1.2 + 0.45 * len(bars))
    labels = [label for label, _, _ in bars]
    counts = [count for _, count, _ in bars]
    positions = range(len(bars))
    axes.barh(positions, counts, color="#3b6ea5")
    axes.set_yticks(list(positions), labels)
    axes.invert_yaxis()
    axes.set_xlabel("Segmented users")
    axes.set_ylabel(axis_label)
    axes.set_title(title)
    axes.set_xlim(0, max([*counts, 1]) * 1.25)
    for position, (_, count, percent) in zip(positions, bars, strict=True):
        axes.text(count, position, f"  {count} ({percent}%)", va="center")
    axes.spines[["top", "right"]].set_visible(False)
    _save(figure, path)


def paired_bar_chart(path: Path, title: str, axis_label: str, value_label: str,
                     bars: Sequence[tuple[str, int, int]], names: tuple[str, str]) -> None:
    """Two horizontal bars per label (e.g. one step down and one up), first label on top, each with its value."""
    figure, axes = _figure(1.4 + 0.55 * len(bars))
    height = 0.4
    for offset, index, colour, name in ((-height / 2, 1, "#3b6ea5", names[0]), (height / 2, 2, "#d08c2e", names[1])):
        positions = [i + offset for i in range(len(bars))]
        values = [bar[index] for bar in bars]
        axes.barh(positions, values, height=height, color=colour, label=name)
        for position, value in zip(positions, values, strict=True):
            axes.text(value, position, f" {value}", va="center", fontsize="small")
    axes.set_yticks(range(len(bars)), [bar[0] for bar in bars])
    axes.invert_yaxis()
    axes.set_xlabel(value_label)
    axes.set_ylabel(axis_label)
    axes.set_title(title)
    axes.set_xlim(0, max([value for bar in bars for value in bar[1:]] + [1]) * 1.2)
    axes.xaxis.get_major_locator().set_params(integer=True)  # users are whole
    axes.legend(loc="lower right", frameon=False)
    axes.spines[["top", "right"]].set_visible(False)
    _save(figure, path)


def shares_chart(path: Path, shares: dict[datetime, dict[str, Decimal]], order: Sequence[str]) -> None:
    from matplotlib import dates

    figure, axes = _figure(5.5)
    periods = sorted(shares)
    names = [name for name in order if any(name in shares[period] for period in periods)]
    values = [[float(shares[period].get(name, 0)) for period in periods] for name in names]
    axes.stackplot(periods, values, labels=names)
    axes.set_ylim(0, 100)
    axes.set_xlabel("Period end")
    axes.set_ylabel("Share of segmented users (%)")
    axes.set_title("Persona shares over time")
    axes.xaxis.set_major_formatter(dates.DateFormatter("%Y-%m-%d"))
    handles, labels = axes.get_legend_handles_labels()  # listed top to bottom, as stacked
    axes.legend(handles[::-1], labels[::-1], loc="center left", bbox_to_anchor=(1.0, 0.5), fontsize="small",
                frameon=False)
    figure.autofmt_xdate()
    _save(figure, path)


def heatmap(path: Path, title: str, rows: Sequence[str], columns: Sequence[str], matrix: Sequence[Sequence[int]],
            row_label: str, column_label: str) -> None:
    """Counts in a grid, each non-zero cell labelled, with a colour bar of users."""
    figure, axes = _figure(6.5)
    image = axes.imshow(matrix, cmap="Blues", aspect="auto")
    axes.set_xticks(range(len(columns)), columns, rotation=40, ha="right")
    axes.set_yticks(range(len(rows)), rows)
    axes.set_xlabel(column_label)
    axes.set_ylabel(row_label)
    axes.set_title(title)
    peak = max((max(row) for row in matrix if row), default=0)
    for i, row in enumerate(matrix):
        for j, value in enumerate(row):
            if value:
                axes.text(j, i, str(value), ha="center", va="center",
                          color="white" if value > peak / 2 else "black", fontsize="small")
    figure.colorbar(image, ax=axes, label="Users")
    _save(figure, path)
