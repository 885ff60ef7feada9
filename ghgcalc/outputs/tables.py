"""Tables for people (aligned text, markdown) and values for machines (JSON-ready).

Why here: a report's text rendering (:mod:`ghgcalc.outputs.report`) and the commands draw
tables the same way; click stays in :mod:`ghgcalc.cli`.
"""

from __future__ import annotations

import math
import re
import textwrap
import unicodedata

import numpy as np
import pandas as pd

from ghgcalc import columns as C
from ghgcalc.core.intervals import SIGNIFICANT, show_half_up, show_significant

# a cell that reads as a figure: 82,820.16, -3.5 %, 2.1 pp, 7.50 ±0.50 %, 16.3 ±1.4 % cut, 1.2-3.4; "-" for none
NUMBERISH = re.compile(r"^(?:[+-]?\d[\d,]*(?:\.\d+)?(?:e[+-]?\d+)?(?:\s?±\s?\d[\d,]*(?:\.\d+)?)?"
                       r"(?:\s?(?:-|to)\s?[+-]?\d[\d,]*(?:\.\d+)?)?(?:\s?(?:%|pp))?(?:\s[a-z]+)?(?:\s\([a-z ]+\))?|-)$")
HIDDEN_NOTE = "(--wide also shows: {columns})"
# a number typed with spaces between its thousands ("12 180,0", "1 234 567.89"): one word when text is wrapped
SPACED_NUMBER = re.compile(r"(?<![\w.,])[+-]?\d{1,3}(?: \d{3})+(?:[.,]\d+)?(?![\w])")
GLUE = "\ue000"  # a private-use character standing for such a number's spaces while lines are cut


def cell_width(text) -> int:
    """Columns ``text`` takes on a terminal: East Asian wide and full-width characters (億円) take two. Used to
    align; whether a line fits is :func:`most_columns`."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in str(text))


def most_columns(text) -> int:
    """Columns ``text`` may take on any terminal: East Asian ambiguous characters (±, °) take one column on most
    terminals and two on a CJK one, so a line fits only if it fits with them counted as two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WFA" else 1 for ch in str(text))


def format_number(value, decimals: int = 2, significant: int | None = SIGNIFICANT) -> str:
    """A number for people: thousands commas, ``decimals`` decimals rounded half-up on the decimal value (the one
    rule of every printed figure), and a number below one keeps ``significant`` digits (0.000001583 t CO2e per
    rupee, 0.003456 t CO2e: never 0.00); ``significant=None`` shows exactly ``decimals``.

    Why here, once: text tables, markdown and explained totals all print through this, so a small figure
    reads the same in each (workbooks apply the same rule as a number format, outputs/workbook.py)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, (int, np.integer)):
        return f"{value:,}"
    if isinstance(value, (float, np.floating)):
        return show_half_up(value, decimals) if significant is None else show_significant(value, decimals, significant)
    return str(value)


LONGEST_FIGURE = 27  # characters of 1e18 with two decimals (999,999,999,999,999,999.99); longer, an exponent


def _short_figure(text: str) -> str:
    """A figure cell as typed, or with an exponent where it is longer than any real figure ("1,000,...,000" of
    61 digits is 1e+60): a figure is never wrapped, so one such cell would widen the table past the terminal."""
    if len(text) <= LONGEST_FIGURE or not re.fullmatch(r"[+-]?\d[\d,]*(?:\.\d+)?", text):
        return text
    return format(float(text.replace(",", "")), ".6g")


def _figures_or_na(values: pd.Series) -> bool:
    """A column of figures where some are not applicable ("n/a": a total published as CO2e has no gas mass):
    its figures are formatted as figures are, not printed as Python writes a float."""
    if values.dtype != object:
        return False
    cells = [v for v in values if v is not None]
    figures = [v for v in cells if isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool)]
    return bool(figures) and len(figures) + sum(1 for v in cells if v == C.NOT_APPLICABLE) == len(cells)


def _numberish(values) -> bool:
    """A text column of figures: every cell reads as one and one at least has a decimal point, a thousands
    separator or a percent sign (a column of codes such as scope "1", "2" stays left-aligned)."""
    cells = [str(v).strip() for v in values if v not in ("", None)]
    return (bool(cells) and all(NUMBERISH.match(v) for v in cells)
            and any(mark in v for v in cells for mark in ".,%"))


def _total(widths: dict, extra: dict | None = None) -> int:
    """The columns a table's line takes at most: its columns, two spaces between each, and the ``extra``
    columns a CJK terminal gives a column's ambiguous-width characters."""
    return sum(widths.values()) + 2 * (len(widths) - 1) + sum((extra or {}).get(c, 0) for c in widths)


def _leave_out(widths: dict, columns: list, keep: tuple, width: int, extra: dict) -> list:
    """The columns left out so that the rest fit ``width``: the rightmost first, those named in ``keep``
    last (the last named first), the first column never."""
    kept = [c for c in keep if c in columns[1:]]
    order = [c for c in columns[1:] if c not in kept][::-1] + kept[::-1]
    shown, hidden = list(columns), []
    while order and _total({c: widths[c] for c in shown}, extra) > width:
        hidden.append(order.pop(0))
        shown.remove(hidden[-1])
    return [c for c in columns if c in hidden]


def render_table(frame: pd.DataFrame, decimals: int = 2, width: int | None = None, notes: str | None = None,
                 keep: tuple | None = None, significant: int | None = SIGNIFICANT, whole: tuple = ()) -> str:
    """An aligned text table with thousands separators; numbers (and text that reads as one) right-aligned.

    With ``width``, text cells wrap (at spaces, after ``_`` or ``/``), widest column first, until the table
    fits in that many columns. With ``keep`` too, columns are first left out (the most needed, named in
    ``keep``, last) and a line under the table names them: a table of figures is read across, not wrapped.
    The column named ``notes`` is printed under its row, indented, instead of as a column. A number below one
    keeps ``significant`` significant digits (format_number). A column named in ``whole`` (ids) is never
    narrowed below its longest word, so an id is not cut while other cells can wrap at spaces."""
    if frame.empty:
        return "(no rows)"
    shown = frame.copy()
    below = [str(v) if v is not None else "" for v in shown.pop(notes)] if notes in shown else None
    numeric = [c for c in shown.columns if (pd.api.types.is_numeric_dtype(shown[c]) or _figures_or_na(shown[c]))
               and c != "year"]
    for column in shown.columns:
        shown[column] = [format_number(v, decimals, significant) if column in numeric else ("" if v is None else str(v))
                         for v in shown[column]]
    numeric += [c for c in shown.columns if c not in numeric and _numberish(shown[c])]
    for column in numeric:
        shown[column] = [_short_figure(v) for v in shown[column]]
    widths = {c: max(cell_width(c), *(cell_width(v) for v in shown[c])) for c in shown.columns}
    # a wrapped line of a cell holds at most the cell's ambiguous characters: a CJK terminal widens it by as many
    extra = {c: max(most_columns(v) - cell_width(v) for v in [str(c), *shown[c]]) for c in shown.columns}
    hidden = []
    if width is not None and _total(widths, extra) > width:  # a long heading over short figures wraps first
        for c in numeric:
            widths[c] = max([cell_width(v) for v in shown[c]] + [cell_width(p.rstrip()) for p in _pieces(str(c))])
    if width is not None and keep is not None:
        hidden = _leave_out(widths, list(shown.columns), keep, width, extra)
        shown = shown.drop(columns=hidden)
        widths = {c: widths[c] for c in shown.columns}
    if width is not None:
        _fit(widths, shown, [c for c in shown.columns if c not in numeric], width, extra, whole)

    def fmt(column, text):
        padding = " " * max(0, widths[column] - cell_width(text))
        return padding + text if column in numeric else text + padding

    def lines_of(cells: dict) -> list[str]:
        wrapped = {c: wrap_cell(cells[c], widths[c]) for c in shown.columns}  # a figure always fits
        height = max(len(w) for w in wrapped.values())
        return ["  ".join(fmt(c, wrapped[c][i] if i < len(wrapped[c]) else "") for c in shown.columns)
                for i in range(height)]

    lines = lines_of({c: str(c) for c in shown.columns}) + ["  ".join("-" * widths[c] for c in shown.columns)]
    for position, (_, row) in enumerate(shown.iterrows()):
        lines += lines_of(dict(row))
        if below and below[position]:
            room = (width or 10**6) - 4 - (most_columns(below[position]) - cell_width(below[position]))
            lines += ["    " + piece for piece in wrap_cell(below[position], room)]
    if hidden:
        lines += fit_lines(HIDDEN_NOTE.format(columns=", ".join(map(str, hidden))), width).splitlines()
    return "\n".join(line.rstrip() for line in lines)


def fit_lines(text: str, width: int | None) -> str:
    """Each line longer than ``width`` wrapped at spaces, its continuation indented 4 more than the line;
    with no ``width`` (``--wide``), the text as it is."""
    if width is None:
        return text
    out = []
    for line in text.splitlines():
        if most_columns(line) <= width:
            out.append(line)
            continue
        indent = " " * (len(line) - len(line.lstrip(" ")))
        out += wrap_to_columns(line.strip(), width, indent, indent + "    ", hyphens=False) or [line]
    return "\n".join(out)


_RULE = re.compile(r"^-+(?:  -+)*$")  # the rule under a table's header: a run of dashes per column


def fit_prose(text: str, width: int) -> str:
    """``--wide``: every table whole however wide, and every other line (a title, a note, a sentence) wrapped at
    ``width`` as :func:`fit_lines` wraps it. A table is found by its rule: the header above it and the rows below
    it are the lines with blanks where the rule has its gaps between columns."""
    lines = text.splitlines()
    kept: set[int] = set()
    for r, line in enumerate(lines):
        if not _RULE.match(line):
            continue
        gaps = [m.start() for m in re.finditer("  ", line)]
        kept.add(r)
        for step in (-1, 1):
            i = r + step
            while 0 <= i < len(lines) and i not in kept and _in_columns(lines[i], len(line), gaps):
                kept.add(i)
                i += step
    return "\n".join(line if i in kept else fit_lines(line, width) for i, line in enumerate(lines))


def _in_columns(line: str, width: int, gaps: list[int]) -> bool:
    """Whether ``line`` (counted in terminal columns) lies within a table's ``width`` with blanks at its ``gaps``."""
    columns = "".join(ch + "\0" * (cell_width(ch) - 1) for ch in line)  # a character per column
    return bool(line.strip()) and len(columns) <= width and all(not columns[g:g + 2].strip(" ") for g in gaps)


def wrap_to_columns(text: str, width: int, indent: str = "", subsequent: str = "", hyphens: bool = True) -> list[str]:
    """textwrap counts characters; a terminal counts columns (a wide character takes two, an ambiguous one may):
    narrow until it fits. A number typed with spaces between its thousands stays on one line ("12 180,0", never
    "12" / "180,0")."""
    text = _glued(text)
    for limit in range(width, min(width, max(width // 2, 10)) - 1, -1):
        lines = textwrap.wrap(text, limit, initial_indent=indent, subsequent_indent=subsequent,
                              break_on_hyphens=hyphens, break_long_words=True)
        lines = [line.replace(GLUE, " ") for line in lines]
        if all(most_columns(line) <= width for line in lines):
            break
    return lines


def _glued(text: str) -> str:
    """``text`` with the spaces inside each :data:`SPACED_NUMBER` written as :data:`GLUE`, where no line is cut."""
    return SPACED_NUMBER.sub(lambda number: number[0].replace(" ", GLUE), str(text))


def _fit(widths: dict, shown: pd.DataFrame, text_columns: list, width: int, extra: dict, whole: tuple = ()) -> None:
    """Narrow text columns one character at a time until the table fits ``width`` (or nothing can): each time
    the column where the fewest cells would have to wrap, the widest of those."""
    least = {c: max(4, min(12, max([cell_width(p) for v in shown[c] for p in _pieces(v)] or [0])),
                    min(cell_width(c), 12), max(cell_width(p.rstrip()) for p in _pieces(str(c)) or [""])) for c in text_columns}
    for c in set(whole) & set(text_columns):  # ids: never cut inside a word
        least[c] = max(least[c], *(cell_width(p.rstrip()) for v in shown[c] for p in _pieces(v)))
    lengths = {c: [cell_width(v) for v in shown[c]] + [cell_width(c)] for c in text_columns}
    while _total(widths, extra) > width:
        narrowable = [c for c in text_columns if widths[c] > least[c]]
        if not narrowable:
            return
        cheapest = min(narrowable, key=lambda c: (sum(n >= widths[c] for n in lengths[c]), -widths[c]))
        widths[cheapest] -= 1


def _pieces(text: str) -> list[str]:
    """Text cut after each space, underscore or slash: where a cell may wrap."""
    return [p.replace(GLUE, " ") for p in re.findall(r"[^ _/]*(?:[ _/]|$)", _glued(text)) if p]


def wrap_cell(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` terminal columns (a wide character takes two), cut where
    :func:`_pieces` allows, else anywhere."""
    if cell_width(text) <= width:
        return [text]
    lines, line = [], ""
    for piece in _pieces(text):
        if line and cell_width(line) + cell_width(piece.rstrip()) > width:
            lines.append(line.rstrip())
            line = ""
        while cell_width(piece.rstrip()) > width:
            head = _columns_head(piece, width)
            lines.append(head)
            piece = piece[len(head):]
        line += piece
    if line.strip():
        lines.append(line.rstrip())
    return lines or [""]


def _columns_head(text: str, width: int) -> str:
    """The longest start of ``text`` that fits ``width`` columns (one character at least, so a cut always moves on)."""
    used = 0
    for position, ch in enumerate(text):
        used += cell_width(ch)
        if used > width:
            return text[:max(position, 1)]
    return text


def render_markdown(frame: pd.DataFrame, decimals: int = 2) -> str:
    """A markdown table; numbers right-aligned and shown as format_number shows them, and text columns that
    read as figures right-aligned too."""
    if frame.empty:
        return "_(no rows)_"
    numeric = [c for c in frame.columns if pd.api.types.is_numeric_dtype(frame[c]) and c != "year"]
    figures = [c for c in frame.columns if c not in numeric and c != "year" and _numberish(frame[c])]
    head = "| " + " | ".join(map(str, frame.columns)) + " |"
    rule = "| " + " | ".join("---:" if c in numeric or c in figures else "---" for c in frame.columns) + " |"
    cells = {c: [format_number(v, decimals) if c in numeric else str(v) for v in frame[c].tolist()] for c in frame.columns}
    # column by column: iterating rows would upcast a row of numbers, turning the year 2030 into 2030.0
    body = ["| " + " | ".join(cells[c][i] for c in frame.columns) + " |" for i in range(len(frame))]
    return "\n".join([head, rule, *body])


def to_jsonable(value):
    """Numbers as JSON numbers (NaN and infinities as null: strict parsers refuse them), numpy and
    pandas scalars as plain Python."""
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return float(value) if math.isfinite(value) else None
    if isinstance(value, (np.bool_,)):
        return bool(value)
    if value is None or isinstance(value, (str, int, bool)):
        return value
    return str(value)  # a date, a decimal or any other cell as read: as text, never a failure to print
