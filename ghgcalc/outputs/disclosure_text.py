"""A disclosure laid out for reading: the terminal text and the markdown of ``ghgcalc disclose``.

Why two lines per datapoint: a standard's labels run to a hundred characters and the
source of each figure (file, row, vintage) matters as much as the figure, so the label
gets its own line and the figure its own, and the text fits a 100-column terminal.
"""

from __future__ import annotations

import textwrap

import pandas as pd

from ghgcalc.outputs.disclosure import MISSING, Disclosure
from ghgcalc.outputs.tables import render_markdown

WIDTH = 100
INDENT = " " * 4


def _heading(disclosure: Disclosure) -> list[str]:
    c = disclosure.citation
    filled = len(disclosure.cells) - len(disclosure.missing)
    return [*textwrap.wrap(f"{disclosure.workspace}: {disclosure.title}, {disclosure.year}", WIDTH),
            *textwrap.wrap(f"Source: {c.get('document', '')} ({c.get('edition', '')}).", WIDTH),
            f"{filled} of {len(disclosure.cells)} datapoints filled; the rest are listed as missing, never as zero."]


def render_disclosure_text(disclosure: Disclosure, *, wide: bool = False) -> str:
    """Each of the standard's tables: per datapoint its id and label, then its value and where it came from."""
    lines = _heading(disclosure)
    for name, cells in _by_table(disclosure).items():
        lines += ["", f"== {name} =="]
        for cell in cells:
            lines += textwrap.wrap(f"{cell.datapoint}  {cell.label}", WIDTH, subsequent_indent=INDENT)
            if cell.status == MISSING:
                what = f"missing: {cell.source}"
            else:
                source = cell.source if wide else _short(cell.source)
                said = source.startswith(cell.status)  # "computed from activity.csv": not "computed: computed from"
                what = f"{cell.text} {cell.unit}  ({source if said else cell.status + ': ' + source})"
            lines += textwrap.wrap(what, WIDTH, initial_indent=INDENT, subsequent_indent=INDENT * 2)
            if wide:
                lines += textwrap.wrap(f"{cell.paragraph}; {cell.condition}", WIDTH, initial_indent=INDENT,
                                       subsequent_indent=INDENT * 2)
    return "\n".join(lines)


def _short(source: str) -> str:
    """A derived figure's sources name each input; the terminal shows the first two and a count."""
    parts = source.split("; ")
    return source if len(parts) <= 2 else "; ".join(parts[:2]) + f"; and {len(parts) - 2} more (--wide)"


def _by_table(disclosure: Disclosure) -> dict:
    tables: dict[str, list] = {}
    for cell in disclosure.cells:
        tables.setdefault(cell.table, []).append(cell)
    return tables


def display_frame(disclosure: Disclosure, table: str | None = None) -> pd.DataFrame:
    """datapoint, label, value (as text), unit, status, source: the columns a reader checks."""
    cells = [c for c in disclosure.cells if table is None or c.table == table]
    return pd.DataFrame([{"datapoint": c.datapoint, "label": c.label, "value": c.text, "unit": c.unit,
                          "status": c.status, "source": c.source, "paragraph": c.paragraph} for c in cells],
                        columns=["datapoint", "label", "value", "unit", "status", "source", "paragraph"])


def render_disclosure_markdown(disclosure: Disclosure) -> str:
    """A heading, then one markdown table per table of the standard."""
    lines = [f"**{line}**" if i == 0 else line for i, line in enumerate(_heading(disclosure))]
    for name in _by_table(disclosure):
        lines += ["", f"### {name}", "", render_markdown(display_frame(disclosure, name))]
    return "\n".join(lines) + "\n"


def workbook_tables(disclosure: Disclosure) -> dict[str, pd.DataFrame]:
    """One sheet per table of the standard: the value as a number, with its unit in its own column."""
    out = {}
    for name, frame in disclosure.tables().items():
        shown = frame[["datapoint", "label", "value", "unit", "status", "source", "paragraph", "condition"]]
        out[name] = shown
    return out
