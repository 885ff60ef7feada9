"""Activity tables from files: CSV in any common encoding, XLSX, Parquet; a broken file fails in one line.

Why a module of its own: reading is where untrusted bytes enter. Each format's own
failures (a workbook that is not a zip, a Parquet file that is not Parquet, a CSV in GBK)
become one-line errors naming the file, and every table comes back indexed by the row
number a spreadsheet shows (header = row 1), so messages point at the right row even when
blank lines were skipped.
"""

from __future__ import annotations

import zipfile
from numbers import Real
from pathlib import Path

import pandas as pd

from ghgcalc import columns as C
from ghgcalc.core.money_words import with_dollar
from ghgcalc.core.number_format import read_number_columns
from ghgcalc.core.textfile import read_csv_table
from ghgcalc.core.years import FiscalYears, relabel_years
from ghgcalc.errors import InputError, Problem
from ghgcalc.inventory.activity import FIRST_DATA_ROW
from ghgcalc.inventory.dataset import read_parquet

NUMBER_COLUMNS = (C.YEAR, C.QUANTITY, C.FACTOR_VALUE)
AMOUNT_COLUMNS = (C.QUANTITY, C.FACTOR_VALUE)  # read in the table's number format (a year has none)
TEXT_COLUMNS = C.OPTIONAL_ACTIVITY_COLUMNS + (C.UNIT, C.ACTIVITY)


TEXT_TABLES = (".csv", ".tsv", ".txt")  # comma- or tab-separated text (Excel's "Unicode Text" save is a .txt)


def _refuse(path: Path, message: str) -> InputError:
    return InputError([Problem(path.name, None, None, None, message)])


def read_activity_table(path: str | Path, *, encoding: str | None = None, years: FiscalYears | None = None,
                        decimal: str | None = None, currency: str | None = None) -> pd.DataFrame:
    """A CSV, XLSX or Parquet activity table as written, indexed by spreadsheet row number.

    A year may be a fiscal year as the company labels it ("FY2023/24", "FY2023" under ``years``);
    it is read as the calendar year the period ends in, and anything else is left for the check.
    Quantities and factor values are read in the table's number format (``decimal``, else the one
    its cells show: :mod:`ghgcalc.core.number_format`); a table whose format is unclear is refused.
    "$" in a unit is ``currency`` where that is a dollar ("k$" -> "thousand CAD": money_words); a "$"
    that names none stays as typed, for the row checks to refuse."""
    return _dollars(_read_activity_table(path, encoding=encoding, years=years, decimal=decimal), currency)


def _dollars(table: pd.DataFrame, currency: str | None) -> pd.DataFrame:
    """Each distinct unit text with "$" read once, so a ten-million-row table costs its few units."""
    for column in (C.UNIT, C.FACTOR_UNIT):
        if column not in table.columns:
            continue
        typed = [v for v in table[column].dropna().unique() if isinstance(v, str) and ("$" in v or "dollar" in v.lower())]
        read = {}
        for text in typed:
            try:
                read[text] = with_dollar(text, currency)
            except ValueError:
                continue
        if read:
            table[column] = table[column].map(lambda v: read.get(v, v) if isinstance(v, str) else v)
    return table


def _read_activity_table(path: str | Path, *, encoding: str | None = None,
                         years: FiscalYears | None = None, decimal: str | None = None) -> pd.DataFrame:
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in TEXT_TABLES:
        table, source = read_csv_table(path, encoding=encoding)
        table.attrs["encoding"] = source.encoding  # for the run manifest
        if C.YEAR in table.columns and table[C.YEAR].astype(str).str.contains(r"[^0-9\s]", regex=True).any():
            table[C.YEAR] = pd.Series(relabel_years(table[C.YEAR].str.strip(), years, days=True), index=table.index,
                                      dtype=object)
            table[C.YEAR] = table[C.YEAR].map(lambda v: str(v) if isinstance(v, int) else v)
        if C.YEAR in table.columns:
            table[C.YEAR] = _numbers_if_all(table[C.YEAR])
        return _numbers_as_written(read_number_columns(table, AMOUNT_COLUMNS, path.name, decimal))
    if suffix in (".xlsx", ".xlsm"):
        table = _numbered(_no_booleans(_read_excel(path)))
        if C.YEAR in table.columns and table[C.YEAR].map(lambda v: isinstance(v, str)).any():
            table[C.YEAR] = pd.Series(relabel_years(table[C.YEAR], years, days=True), index=table.index, dtype=object)
        return _numbers_as_written(read_number_columns(table, AMOUNT_COLUMNS, path.name, decimal))
    if suffix in (".parquet", ".pq"):
        try:
            table = read_parquet(path)
        except InputError:
            raise
        except (OSError, ValueError) as exc:  # pyarrow's ArrowInvalid and ArrowIOError derive from these
            raise _refuse(path, f"is not a readable Parquet file ({str(exc).splitlines()[0][:120]})") from None
        return _numbered(_no_booleans(table))
    raise _refuse(path, f"cannot read {suffix or 'a file without extension'} files; use .csv (or tab-separated .tsv, "
                        ".txt), .xlsx or .parquet")


def _numbers_as_written(table: pd.DataFrame) -> pd.DataFrame:
    """Amount columns as floats where every filled cell read as a number; else the cells that did not stay
    as typed beside the numbers, for the row checks to refuse quoting them."""
    for column in AMOUNT_COLUMNS:
        if column in table.columns and table[column].dtype == object:
            if table[column].map(lambda v: isinstance(v, Real) and not isinstance(v, bool)).all():
                table[column] = table[column].astype(float)
    return table


def _numbers_if_all(cells: pd.Series) -> pd.Series:
    """A column of numbers when every filled cell is one (blank: missing); else the text as typed,
    so that a message quotes '1,000' or 'n/a' exactly as the file has it."""
    text = cells.str.strip()
    blank = text == ""
    try:
        numbers = pd.to_numeric(text.where(~blank, None), errors="raise")
    except (ValueError, TypeError):
        return cells.where(~blank, float("nan"))
    return numbers


def _read_excel(path: Path) -> pd.DataFrame:
    try:
        table = pd.read_excel(path, engine="openpyxl", dtype={c: str for c in TEXT_COLUMNS})
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise _refuse(path, f"is not a readable XLSX workbook ({str(exc)[:120]})") from None
    duplicated = [c for c in table.columns if str(c).rsplit(".", 1)[0] in table.columns and "." in str(c)]
    if duplicated:
        raise _refuse(path, f"column {str(duplicated[0]).rsplit('.', 1)[0]!r} appears twice in the header")
    if table.empty and not len(table.columns):
        raise _refuse(path, "is empty: the first row must name the columns")
    return table.dropna(how="all")


def _numbered(table: pd.DataFrame) -> pd.DataFrame:
    """Row numbers as a spreadsheet shows them, kept across rows dropped as blank."""
    table.index = pd.Index(table.index.to_numpy() + FIRST_DATA_ROW, name=C.ROW)
    return table


def _no_booleans(table: pd.DataFrame) -> pd.DataFrame:
    """TRUE/FALSE in a number column is text to refuse, not 1 and 0."""
    for column in NUMBER_COLUMNS:
        if column in table.columns:
            values = table[column]
            if values.dtype == bool or values.map(lambda v: isinstance(v, bool)).any():
                table[column] = values.map(lambda v: str(v).upper() if isinstance(v, bool) else v).astype(object)
    return table
