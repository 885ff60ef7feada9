"""The number format of a whole table (activity, FX): declared, or read off its cells when that is unambiguous.

Why per table, and refused when unclear: German and French tables write 79.683 for 79,683 and
12,7 for 12.7. A cell alone cannot say which it is ("79.683" reads both ways), but the table
can: a cell that reads only with a decimal comma ("12,7") says the table uses decimal commas.
A table that has such cells and cells that read only with a decimal point mixes conventions,
and a cell like "79.683" in a decimal-comma table is 79,683 or 79.683 depending on who typed
it; both are refused in one line naming the cell and the key that settles it
(``[data] decimal``), never read 1,000 times too small. Thousands may be grouped by commas or
points (opposite the decimal mark), spaces, no-break and thin spaces, or "'", and under a decimal
point in lakhs and crores ("1,65,811")
(:func:`ghgcalc.core.intervals.parse_printed`, the one parser of printed numbers).

Speed: a column of plain numbers (what a large table holds) is read by pandas at once; only
cells pandas cannot read, and under a declared or found decimal comma every cell, go through
the parser.
"""

from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np
import pandas as pd

from ghgcalc.core.intervals import parse_printed, readings
from ghgcalc.core.printed_marks import read_cell
from ghgcalc.errors import InputError, Problem, quoted

POINT, COMMA = ".", ","
# A whole number grouped by points ("79.683", "1.234.567"): under a decimal point, a decimal number
_GROUPED_BY_POINTS = r"^\s*[+-]?\d{1,3}(?:\.\d{3})+\s*$"


def declare_hint(name: str) -> str:
    return (f"declare the table's number format: decimal = \",\" (or \".\") under [data] in ghgcalc.toml "
            f"(this table only: decimal = {{ \"{name}\" = \",\" }})")


def read_number_columns(table: pd.DataFrame, columns: Sequence[str], name: str, declared: str | None) -> pd.DataFrame:
    """``table`` with each of ``columns`` read under the table's decimal mark: a cell that reads becomes a float,
    one that does not (``lots``, ``12 kg``) stays as typed for the row checks to refuse. Raises InputError, one
    line, when the mark is undeclared and unclear, or a cell reads only under the other mark than the declared."""
    present = [c for c in columns if c in table.columns]
    if declared != COMMA:  # plain numbers throughout (a large table): pandas reads them at once
        fast = _all_plain(table, present)
        if fast is not None:
            return table.assign(**fast)
    cells = {c: _text(table[c]) for c in present}
    mark = declared or _found_mark(cells, name)
    out = table.copy()
    for column, text in cells.items():
        out[column] = _read(text, mark, name, column)
    out.attrs[TYPED] = {**out.attrs.get(TYPED, {}), **cells}  # as typed ("-40 000,0"), for messages to quote
    return out


TYPED = "typed"  # DataFrame.attrs key: {column: its cells as typed}, where the parser read them


def typed_text(table: pd.DataFrame, column: str) -> pd.Series | None:
    """A column's cells as typed, where :func:`read_number_columns` parsed the column; else None."""
    typed = table.attrs.get(TYPED, {}).get(column)
    return typed if typed is not None and len(typed) == len(table) else None


def as_typed(values: pd.Series, typed: pd.Series | None):
    """``values`` (a column's cells for messages) with each text cell as it was typed ("-40 000,0", not -40000.0)."""
    if typed is None:
        return values
    raw = np.asarray(values, dtype=object).copy()
    text = np.asarray(typed, dtype=object)
    is_text = np.fromiter((isinstance(v, str) for v in text), dtype=bool, count=len(text))
    raw[is_text] = text[is_text]
    return raw


def _all_plain(table: pd.DataFrame, columns: Sequence[str]) -> dict[str, pd.Series] | None:
    """Each column as numbers when every filled cell of every one is a plain number; else None."""
    out = {}
    for column in columns:
        values = table[column]
        if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
            out[column] = values
            continue
        if pd.api.types.infer_dtype(values, skipna=False) != "string":  # an XLSX cell typed as a date, ...
            return None
        text = values.str.strip()
        try:
            numbers = pd.to_numeric(text.where(text != "", None), errors="raise")
        except (ValueError, TypeError):
            return None
        if numbers.abs().eq(float("inf")).any():  # "1e400": the cell stays as typed, for its message to quote
            return None
        out[column] = numbers
    return out


def _text(values: pd.Series) -> pd.Series:
    """Text cells stripped; numbers (an XLSX cell typed as a number) stay numbers."""
    return values.map(lambda v: v.strip() if isinstance(v, str) else v)


def _strings(text: pd.Series) -> pd.Series:
    return text[text.map(lambda v: isinstance(v, str) and v != "")]


def _plain(text: pd.Series) -> pd.Series:
    """The cells pandas reads as they stand ("12.7", "1000", "1e3"), as floats (NaN where it cannot, and for a
    text beyond a float's range, "1e400", which would otherwise become inf and be quoted so)."""
    numbers = pd.to_numeric(text.map(lambda v: v if isinstance(v, str) else None), errors="coerce")
    return numbers.where(numbers.abs() != float("inf"))


def _found_mark(cells: Mapping[str, pd.Series], name: str) -> str:
    """The decimal mark the cells show: a comma when some cell reads only with one, else a point."""
    comma_only = point_only = None
    for column, text in cells.items():
        strings = _strings(text)
        plain = _plain(strings)
        for row, value in strings[plain.isna()].items():
            marks = set(readings(value))
            if marks == {COMMA} and comma_only is None:
                comma_only = (row, column, value)
            elif marks == {POINT} and point_only is None:
                point_only = (row, column, value)
        if point_only is None:
            decimals = strings[plain.notna() & strings.str.contains(".", regex=False)]
            point_only = next(((row, column, value) for row, value in
                               decimals[~decimals.str.match(_GROUPED_BY_POINTS)].items()
                               if set(readings(value)) == {POINT}), None)
    if comma_only is None:
        return POINT
    if point_only is not None:
        row, column, value = point_only
        raise InputError([Problem(name, row, column, value,
                                  f"{quoted(value)} reads only with a decimal point, but {quoted(comma_only[2])} (row {comma_only[0]}, "
                                  f"column {comma_only[1]}) only with a decimal comma: the table mixes number formats; "
                                  f"write its numbers one way and {declare_hint(name)}")])
    for column, text in cells.items():
        for row, value in _strings(text).items():
            both = readings(value)
            if len(both) == 2 and both[POINT].value != both[COMMA].value:
                raise InputError([Problem(name, row, column, value,
                                          f"{quoted(value)} is {both[COMMA].value:,g} with a decimal comma, as "
                                          f"{quoted(comma_only[2])} (row {comma_only[0]}) is written, or {both[POINT].value:,g} "
                                          f"with a decimal point, 1,000 times apart; {declare_hint(name)}")])
    return COMMA


def _read(text: pd.Series, mark: str, name: str, column: str) -> pd.Series:
    """The cells as floats under ``mark``; a cell no mark reads stays as typed."""
    strings = _strings(text)
    values = text.map(lambda v: float("nan") if v == "" else v).astype(object)
    if not len(strings):
        return values
    todo = strings
    if mark == POINT:
        plain = _plain(strings)
        values.loc[plain.index[plain.notna()]] = plain[plain.notna()]
        todo = strings[plain.isna()]
    for row, value in todo.items():
        try:
            values.at[row] = _negative_in_parentheses(value, mark)
        except ValueError:
            if set(readings(value)) - {mark}:  # a number only under the other mark: the declaration says no
                other = "point" if mark == COMMA else "comma"
                raise InputError([Problem(name, row, column, value,
                                          f"{quoted(value)} reads only with a decimal {other}, but the table is declared "
                                          f"with decimal = \"{mark}\"; write it as the table's other numbers are, or "
                                          f"{declare_hint(name)}")]) from None
    return values


def _negative_in_parentheses(value: str, mark: str) -> float:
    """A cell as a number, "(120)" as -120 as accounts print a negative: the row checks then refuse it where
    the column allows no negative, naming the cell as typed."""
    cell = read_cell(value)
    if cell.negative and not cell.footnote:
        return -parse_printed(cell.number, mark).value
    return parse_printed(value, mark).value


def number_mark(marks: Mapping[str, str], name: str) -> str | None:
    """The mark declared for a table by file name, else for every table (``[data] decimal``), else None."""
    return marks.get(name, marks.get(""))

