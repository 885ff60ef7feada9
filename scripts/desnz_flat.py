"""Read a UK Government GHG conversion factors "flat file" (editions 2021-2025) into one table.

Why a module of its own: the flat file changed layout over the years and both the
selection import (factors/desnz-YYYY.csv) and the full-table import
(factors/desnz-ghg-YYYY-full.csv) need the same reading of it.

Layout differences handled here (sheet 'Factors by Category' in every edition):

* 2021 and 2022: no ID column; header on Excel row 5.  2023 on: an ID column; header on row 6.
* 2021 names the gas column 'GHG' and labels the per-gas rows 'kg CO2', 'kg CH4', 'kg N2O';
  2022 'kg CO2e of CH4'; 2023 on 'kg CO2e of CH4 per unit'.  In every edition the per-gas
  values are that gas's contribution in kg CO2e (AR5 GWP-100): they add up to the 'kg CO2e'
  row.  check_gas_sums() verifies this for each file.
* 2021 has two extra columns ('UOM (simple)', 'Lookup') that repeat other columns; dropped.
* The factor value column is 'GHG Conversion Factor YYYY'; its year is the edition year.

Rows whose GHG label is an energy unit ('kWh (Net CV)', 'kWh (net)', 'kWh') are the energy
per distance factors published for SECR energy reporting, not emission factors; they are
read with gas '' so that a caller can tell them apart.

Excel engines: .xlsx is read with openpyxl (a core dependency of ghgcalc); .xls needs
python-calamine (the `data` extra), because xlrd cannot read the 2021 and 2022 files
(their shared-string table fails xlrd's consistency check).
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

SHEET = "Factors by Category"

# Published GHG label -> gas ('' for the energy rows).  Each edition's spellings are listed.
GHG_LABELS = {
    "kg CO2e": "CO2e",
    "kg CO2": "CO2", "kg CO2e of CO2": "CO2", "kg CO2e of CO2 per unit": "CO2",
    "kg CH4": "CH4", "kg CO2e of CH4": "CH4", "kg CO2e of CH4 per unit": "CH4",
    "kg N2O": "N2O", "kg CO2e of N2O": "N2O", "kg CO2e of N2O per unit": "N2O",
    "kWh (Net CV)": "", "kWh (net)": "", "kWh": "",
}

COLUMNS = {  # published header -> normalised name
    "ID": "id", "Scope": "scope", "Level 1": "level_1", "Level 2": "level_2", "Level 3": "level_3",
    "Level 4": "level_4", "Column Text": "column_text", "UOM": "uom", "GHG/Unit": "ghg_unit", "GHG": "ghg_unit",
}
TEXT_COLUMNS = ("id", "scope", "level_1", "level_2", "level_3", "level_4", "column_text", "uom", "ghg_unit")


class DesnzImportError(ValueError):
    """The file does not have the layout or rows the import expects."""


@dataclass(frozen=True)
class Skipped:
    """A row of the sheet that carries no usable factor, and why."""

    sheet_row: int
    reason: str


@dataclass(frozen=True)
class FlatFile:
    """The factor rows of one edition, normalised, with the rows left out."""

    year: int
    table: pd.DataFrame  # sheet_row, id, scope, level_1..4, column_text, uom, ghg_unit, gas, value
    skipped: tuple[Skipped, ...]


@functools.lru_cache(maxsize=4)
def _open_workbook(path: Path) -> pd.ExcelFile:
    """The workbook opened once for all its sheets: each opening parses its styles and shared strings again
    (the 2024 full set: 37 sheets read, 37 openings of a 2 MB workbook, most of the import's time)."""
    return pd.ExcelFile(path, engine="calamine" if path.suffix.lower() == ".xls" else "openpyxl")


def sheet_names(path: Path) -> list[str]:
    """The workbook's sheets, in order."""
    return list(_open_workbook(path).sheet_names)


def read_workbook(path: Path, sheet: str) -> pd.DataFrame:
    """One sheet as a grid of cells; row i of the frame is Excel row i + 1."""
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such file")
    try:
        return _open_workbook(path).parse(sheet, header=None, dtype=object)
    except ImportError as exc:
        raise DesnzImportError(f"{path}: reading .xls needs python-calamine (pip install 'ghgcalc[data]'): {exc}") from None
    except ValueError as exc:
        raise DesnzImportError(f"{path}: {exc}") from None


def _text(cell) -> str:
    if cell is None or (isinstance(cell, float) and math.isnan(cell)):
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))  # e.g. the 2022 Level 4 "2020"
    return " ".join(str(cell).split())


def read_flat_file(path: Path) -> FlatFile:
    """Every factor row of a flat file, in sheet order, with its Excel row number."""
    raw = read_workbook(path, SHEET)
    header_rows = [i for i in range(min(len(raw), 20)) if "Level 1" in [_text(c) for c in raw.iloc[i]]]
    if len(header_rows) != 1:
        raise DesnzImportError(f"{path}: sheet {SHEET!r} has no single header row with a 'Level 1' cell")
    start = header_rows[0]
    headers = [_text(c) for c in raw.iloc[start]]
    value_columns = [h for h in headers if re.fullmatch(r"GHG Conversion Factor \d{4}", h)]
    if len(value_columns) != 1:
        raise DesnzImportError(f"{path}: expected one 'GHG Conversion Factor YYYY' column, found {value_columns}")
    year = int(value_columns[0][-4:])
    missing = [h for h in ("Scope", "Level 1", "Level 2", "Level 3", "Level 4", "Column Text", "UOM") if h not in headers]
    if missing or not ({"GHG/Unit", "GHG"} & set(headers)):
        raise DesnzImportError(f"{path}: sheet {SHEET!r} lacks columns {missing or ['GHG/Unit']}")
    position = {COLUMNS[h]: i for i, h in enumerate(headers) if h in COLUMNS}
    value_at = headers.index(value_columns[0])
    records, skipped = [], []
    for i in range(start + 1, len(raw)):
        cells = raw.iloc[i]
        row = {name: _text(cells.iloc[position[name]]) if name in position else "" for name in TEXT_COLUMNS}
        if row["scope"] in ("", "END") or row["level_1"] == "END":
            continue
        sheet_row = i + 1
        value = cells.iloc[value_at]
        if isinstance(value, str) or value is None or not math.isfinite(float(value)):
            shown = _text(value)
            skipped.append(Skipped(sheet_row, f"value {shown!r} is not a number" if shown else "no value published"))
            continue
        if row["ghg_unit"] not in GHG_LABELS:
            skipped.append(Skipped(sheet_row, f"GHG label {row['ghg_unit']!r} names neither a gas nor an energy unit"))
            continue
        row.update(sheet_row=sheet_row, gas=GHG_LABELS[row["ghg_unit"]], value=float(value))
        records.append(row)
    table = pd.DataFrame.from_records(records)
    if table.empty:
        raise DesnzImportError(f"{path}: sheet {SHEET!r} has no factor rows")
    if (table["id"] != "").any() and table["id"].duplicated().any():
        raise DesnzImportError(f"{path}: duplicate IDs {sorted(set(table['id'][table['id'].duplicated()]))[:5]}")
    return FlatFile(year, table, tuple(skipped))


def check_gas_sums(flat: FlatFile, tolerance: float = 2e-5) -> list[str]:
    """Factor groups whose per-gas CO2e rows do not add up to their 'kg CO2e' row.

    A group is the rows sharing every label but the gas.  The tolerance is relative (with a
    floor of 1e-5 absolute): the published values are rounded to 5 decimal places.
    """
    keys = ["scope", "level_1", "level_2", "level_3", "level_4", "column_text", "uom"]
    ghg = flat.table[flat.table["gas"] != ""]
    groups: dict[tuple, list[tuple[str, float, int]]] = {}  # in order of first row, as groupby(sort=False)
    for *labels, gas, value, sheet_row in ghg[keys + ["gas", "value", "sheet_row"]].itertuples(index=False, name=None):
        if not any(pd.isna(label) for label in labels):  # as groupby, which leaves out a missing label
            groups.setdefault(tuple(labels), []).append((gas, value, sheet_row))
    problems = []
    for labels, rows in groups.items():  # plain Python: thousands of small groups, too small for pandas
        total = [value for gas, value, _ in rows if gas == "CO2e"]
        parts = [(gas, value) for gas, value, _ in rows if gas in ("CO2", "CH4", "N2O")]
        if len(total) != 1 or not parts or len({gas for gas, _ in parts}) != len(parts):
            continue
        expected, summed = float(total[0]), sum(value for _, value in parts)
        if abs(summed - expected) > max(1e-5 * len(parts), tolerance * expected):
            problems.append(f"sheet row {int(min(row for *_, row in rows))} ({' / '.join(l for l in labels if l)}): "
                            f"gases sum to {summed:.6g}, total {expected:.6g}")
    return problems
