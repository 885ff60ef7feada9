"""A disclosure laid out for reading: the terminal text and the markdown of ``ghgcalc disclose``.

Why two lines per datapoint: a standard's labels run to a hundred characters and the
source of each figure (file, row, vintage) matters as much as the figure, so the label
gets its own line and the figure its own, and the text fits a 100-column terminal.
"""

from __future__ import annotations

import re

import pandas as pd

from ghgcalc.core.intervals import show_half_up
from ghgcalc.outputs.disclosure import MISSING, Disclosure, show_number
from ghgcalc.outputs.tables import render_markdown, wrap_to_columns

WIDTH = 100
INDENT = " " * 4


def _heading(disclosure: Disclosure) -> list[str]:
    c = disclosure.citation
    filled = len(disclosure.cells) - len(disclosure.missing)
    return [*wrap_to_columns(f"{disclosure.workspace}: {disclosure.title}, {disclosure.label(disclosure.year)}", WIDTH),
            *wrap_to_columns(f"Source: {c.get('document', '')} ({c.get('edition', '')}).", WIDTH),
            f"{filled} of {len(disclosure.cells)} datapoints filled; the rest are listed as missing, never as zero.",
            *wrap_to_columns(_columns(disclosure), WIDTH),
            *wrap_to_columns(getattr(disclosure, "prefer_note", ""), WIDTH)]


def _columns(disclosure: Disclosure) -> str:
    label = disclosure.label
    base = (f", the base year {label(disclosure.base_year)}" if disclosure.base_year not in (None, disclosure.previous_year)
            else "")
    return (f"Each figure of {label(disclosure.year)} is followed by {label(disclosure.previous_year)}'s with the change "
            f"(from the "
            f"unrounded figures){base}, where the workspace has them.")


def render_disclosure_text(disclosure: Disclosure, *, wide: bool = False) -> str:
    """Each of the standard's tables: per datapoint its id and label, then its value and where it came from."""
    lines = _heading(disclosure)
    for name, cells in _by_table(disclosure).items():
        lines += ["", f"== {name} =="]
        for cell in cells:
            lines += wrap_to_columns(f"{cell.datapoint}  {cell.label}", WIDTH, "", INDENT)
            if cell.status == MISSING:
                what = f"missing: {cell.source}"
            else:
                source = cell.source if wide else _short(cell.source)
                said = source.startswith(cell.status)  # "computed from activity.csv": not "computed: computed from"
                method = f", Scope 2 {cell.scope2_method}" if cell.scope2_method else ""
                what = f"{_with_unit(cell.text, cell.unit)}{method}  ({source if said else cell.status + ': ' + source})"
            lines += wrap_to_columns(what, WIDTH, INDENT, INDENT * 2)
            for failing in cell.fails_audit:  # a printed figure the audit finds wrong, said where it is used
                lines += wrap_to_columns(f"! {failing}", WIDTH, INDENT, INDENT * 2)
            history = history_text(cell, disclosure)
            if history:
                lines += wrap_to_columns(history, WIDTH, INDENT, INDENT * 2)
            if wide:
                lines += wrap_to_columns(f"{cell.paragraph}; {cell.condition}", WIDTH, INDENT, INDENT * 2)
    if disclosure.notes:
        lines += ["", "== Notes =="]
        lines += [line for note in disclosure.notes for line in wrap_to_columns(note, WIDTH, "", INDENT)]
    return "\n".join(lines)


def _with_unit(text: str, unit: str) -> str:
    """A value and its unit; a fact's sentence that names the unit already ("16.41 % of 231,500.00 MWh: PPA ...")
    is not followed by it again."""
    if not unit or re.search(rf"(?<!\S){re.escape(unit)}(?!\S)", text):
        return text
    return f"{text} {unit}"


def _shown(value: float, decimals: int | None) -> str:
    """A figure of another year as printed (5,310.4), or a sum of printed figures at its parts' precision; else two
    decimals."""
    return show_number(value) if decimals is None else show_half_up(value, decimals)


def history_text(cell, disclosure: Disclosure) -> str:
    """The previous year's and the base year's value and the change, from the unrounded figures."""
    parts = []
    if cell.previous_value is not None:
        change = f", {show_half_up(cell.change_percent, 1, sign=True)} %" if cell.change_percent is not None else ""
        parts.append(f"{disclosure.label(disclosure.previous_year)}: "
                     f"{_shown(cell.previous_value, cell.previous_decimals)}{change}")
    if cell.base_year_value is not None and disclosure.base_year != disclosure.previous_year:
        parts.append(f"base year {disclosure.label(disclosure.base_year)}: "
                     f"{_shown(cell.base_year_value, cell.base_year_decimals)}")
    if cell.note:
        parts.append(cell.note)
    return "; ".join(parts)


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
    """One sheet per table of the standard: a figure as a number with its unit beside it, a list or a
    statement as text; the previous and base years' figures and the change as numbers."""
    previous, base = disclosure.label(disclosure.previous_year), disclosure.label(disclosure.base_year)
    out = {}
    for name in _by_table(disclosure):
        rows = []
        for c in (c for c in disclosure.cells if c.table == name):
            figure = c.unit != "" and c.value is not None
            row = {"datapoint": c.datapoint, "label": c.label,
                   "value": c.value if figure else (None if c.status == MISSING else c.text),
                   "unit": c.unit, "Scope 2 method": c.scope2_method,
                   f"value {previous}": c.previous_value, f"change from {previous} (%)": c.change_percent}
            if base and base != previous:
                row[f"value {base} (base year)"] = c.base_year_value
            row.update({"status": c.status, "source": c.source, "note": c.note, "paragraph": c.paragraph,
                        "condition": c.condition, "fails audit": "; ".join(c.fails_audit)})
            rows.append(row)
        out[name] = pd.DataFrame(rows)
    return out
