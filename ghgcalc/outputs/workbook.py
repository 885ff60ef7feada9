"""Workbooks people open in Excel: one sheet per table, numbers as numbers, and a sources sheet.

Why not ``DataFrame.to_excel``: it leaves numbers unformatted, columns narrow and headers
scrolling away, and it writes a text cell starting with ``=`` as a formula. Here every
number is a numeric cell with a number format (thousands separators; four decimals for small
figures, none for years and counts), the header row is bold and frozen, columns are fitted
to their text, and every text cell is a text cell, never a formula (OWASP: CSV injection
applies to workbooks too). Text that would start a formula is marked as text by the cell's
quote-prefix style, as Excel does when one types an apostrophe, so the reader sees the text
as it is and no apostrophe. A text that reads as a plain number ("82,820.16", "2030") is
written as the number: a spreadsheet sums numbers, not text that looks like them.
"""

from __future__ import annotations

import io
import math
import re
from pathlib import Path

import numpy as np
import pandas as pd

from ghgcalc.core.files import FORMULA_STARTS, write_atomic
from ghgcalc.core.intervals import show_significant, significant_places

INTEGER_FORMAT = "#,##0"
YEAR_FORMAT = "0"
NUMBER_FORMAT = "#,##0.00"
SMALL_FORMAT = "#,##0.0000"  # intensities and rates below 10: 0.43 t CO2e / million RMB, 0.1762 %
NUMBER_DECIMALS, SMALL_DECIMALS = 2, 4
MAX_WIDTH = 60
SHEET_NAME_LIMIT = 31
_BAD_SHEET_CHARACTERS = re.compile(r"[\[\]:*?/\\]")
HEADER_COLOUR = "DDE6EE"
NUMERIC_TEXT = re.compile(r"^[+-]?(?:0|[1-9]\d{0,2}(?:,\d{3})+|[1-9]\d*)(?:\.\d+)?$")  # 2030, -82,820.16, 0.43
BOOLEAN_TEXT = {"true": True, "false": False}


def is_numeric_text(value) -> bool:
    """Text a reader takes for a number: digits, thousands commas, a decimal point, a sign (no leading zeros)."""
    return isinstance(value, str) and bool(NUMERIC_TEXT.match(value.strip()))


def _typed(value):
    """A text cell that reads as a number or a boolean, as that number or boolean; anything else as it is."""
    if is_numeric_text(value):
        number = float(value.strip().replace(",", ""))
        return int(number) if number.is_integer() and "." not in value else number
    if isinstance(value, str) and value.strip().lower() in BOOLEAN_TEXT:
        return BOOLEAN_TEXT[value.strip().lower()]
    return value


def _cut(text: str, limit: int) -> str:
    """At most ``limit`` characters, cut at a word's end where one is near (not "E1-6 Gross Scopes 1 2 3 and tot")."""
    if len(text) <= limit:
        return text
    head = text[:limit + 1].rsplit(" ", 1)[0].rstrip(" ,;:-(")
    return head if len(head) >= limit // 2 else text[:limit]


def sheet_name(name: str, taken: set[str]) -> str:
    """A valid, unique sheet name: no ``[]:*?/\\``, at most 31 characters, cut between words."""
    base = _BAD_SHEET_CHARACTERS.sub(" ", str(name)).strip().strip("'") or "sheet"
    candidate, number = _cut(base, SHEET_NAME_LIMIT), 2
    while candidate.lower() in taken:
        suffix = f" ({number})"
        candidate, number = _cut(base, SHEET_NAME_LIMIT - len(suffix)) + suffix, number + 1
    taken.add(candidate.lower())
    return candidate


def sheet_names(names) -> list[str]:
    """The sheet names a workbook of tables named ``names`` has, in order ("headline FY2023/24" is written
    "headline FY2023 24": Excel allows no "/"), for a message to name the sheets as the file has them."""
    taken: set[str] = set()
    return [sheet_name(name, taken) for name in names]


def _is_year_column(name) -> bool:
    return "year" in str(name).lower()


def _number_format(column, value: float, small: bool) -> str:
    """A year as typed, a count whole, a figure with 2 decimals (4 in a column of small figures), and a figure
    below one with 4 significant digits as text tables show it (format_number): 0.000001583 keeps its digits
    ("#,##0.0000#####": the optional places show only digits that are there), never 0.0000."""
    if _is_year_column(column):
        return YEAR_FORMAT
    if isinstance(value, (int, np.integer)):
        return INTEGER_FORMAT
    decimals = SMALL_DECIMALS if small else NUMBER_DECIMALS
    base = SMALL_FORMAT if small else NUMBER_FORMAT
    return base + "#" * (significant_places(value, decimals) - decimals)


def _plain(value):
    """A cell value openpyxl writes as it is: numpy scalars as Python, NaN and NA as an empty cell."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, (np.bool_, bool)):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return None if not math.isfinite(float(value)) else float(value)
    return value


def _text_cell(sheet, row: int, column: int, text: str):
    """A text cell, never a formula: one starting like a formula gets the quote-prefix style, not an apostrophe."""
    cell = sheet.cell(row=row, column=column)
    cell.value = text
    cell.data_type = "s"
    if text.startswith(FORMULA_STARTS):
        cell.quotePrefix = True
    return cell


def _write_sheet(sheet, frame: pd.DataFrame) -> None:
    """Header, cells and formats of one table; why long: each column's format and width are found as it is written."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    header_fill = PatternFill("solid", fgColor=HEADER_COLOUR)
    columns = list(frame.columns)
    widths = [len(str(c)) for c in columns]
    for j, column in enumerate(columns, start=1):
        cell = _text_cell(sheet, 1, j, str(column))
        cell.font = Font(bold=True)
        cell.fill = header_fill
        cell.alignment = Alignment(vertical="top", wrap_text=False)
    for j, column in enumerate(columns, start=1):
        values = [_typed(_plain(v)) for v in frame[column].tolist()]
        numbers = [abs(v) for v in values if isinstance(v, (int, float)) and not isinstance(v, bool)]
        small = bool(numbers) and max(numbers) < 10
        for i, value in enumerate(values, start=2):
            if isinstance(value, bool):
                sheet.cell(row=i, column=j, value=value)
                shown = str(value)
            elif isinstance(value, (int, float)):
                cell = sheet.cell(row=i, column=j, value=value)
                cell.number_format = _number_format(column, value, small)
                shown = show_significant(value, SMALL_DECIMALS if small else NUMBER_DECIMALS)
            elif value is None:
                continue
            else:
                shown = str(value)
                _text_cell(sheet, i, j, shown)
            widths[j - 1] = max(widths[j - 1], min(len(shown), MAX_WIDTH))
    for j, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(j)].width = min(width + 2, MAX_WIDTH + 2)
    sheet.freeze_panes = "A2"
    if len(frame):
        sheet.auto_filter.ref = f"A1:{get_column_letter(max(1, len(columns)))}{len(frame) + 1}"


def workbook_bytes(tables: dict[str, pd.DataFrame], sources: pd.DataFrame | None = None) -> bytes:
    """The workbook of ``tables`` (one sheet each, in order) and a last "sources" sheet, as bytes.

    openpyxl is imported here, not with the module: a command loads it only when it writes a workbook.
    """
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    frames = [*tables.values(), *([sources] if sources is not None else [])]
    for name, frame in zip(sheet_names([*tables, *(["sources"] if sources is not None else [])]), frames):
        _write_sheet(book.create_sheet(name), frame)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write_workbook(path: str | Path, tables: dict[str, pd.DataFrame], sources: pd.DataFrame | None = None) -> Path:
    """Write the workbook atomically (a half-written file never replaces a good one)."""
    return write_atomic(path, workbook_bytes(tables, sources))


def sources_frame(rows: list[tuple[str, str]]) -> pd.DataFrame:
    """A sources sheet from (what, where it comes from) pairs."""
    return pd.DataFrame(rows, columns=["item", "source"])
