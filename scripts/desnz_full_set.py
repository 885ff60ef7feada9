"""Read the per-gas tables of a few sheets of a DESNZ "full set" workbook (used for 2024).

Why: for 2024 no unaltered copy of the flat file was reachable, only the "full set (for
advanced users)" workbook, which spreads the same factors over one formatted sheet per
category.  Its sheet names equal the flat file's Level 1, its 'Activity' column Level 2 and
its second column (Fuel, Country or Type) Level 3, so rows read here can be matched by the
same labels as flat-file rows.  Only the simple layout is read: a header row
'Activity | <label> | Unit | [Year |] kg CO2e | kg CO2e of CO2 per unit | ... of CH4 ... |
... of N2O ...', with labels left blank under the first row of a group (filled down here).
Sheets with column groups (with/without RF, vehicle fuel types) are not read.
"""

from __future__ import annotations

import math

import pandas as pd

from desnz_flat import GHG_LABELS, DesnzImportError, FlatFile, _text, read_workbook, sheet_names

# Sheets holding the factors the selection import needs.
SHEETS = ("Fuels", "UK electricity", "Transmission and distribution", "Heat and steam")


def _edition_year(raw: pd.DataFrame, path, sheet: str) -> int:
    for i in range(min(len(raw), 10)):
        cells = [_text(c) for c in raw.iloc[i]]
        if "Year:" in cells and cells.index("Year:") + 1 < len(cells):
            return int(cells[cells.index("Year:") + 1])
    raise DesnzImportError(f"{path}: sheet {sheet!r} has no 'Year:' cell in its first rows")


def _tables(raw: pd.DataFrame, sheet: str) -> list[dict]:
    """Rows of every simple per-gas table on one sheet."""
    rows = []
    for start in range(len(raw)):
        headers = [_text(c) for c in raw.iloc[start]]
        if headers[:1] != ["Activity"] or "Unit" not in headers or "kg CO2e" not in headers:
            continue
        unit_at = headers.index("Unit")
        gas_at = {i: GHG_LABELS[h] for i, h in enumerate(headers) if h in GHG_LABELS and i > unit_at}
        level_2 = level_3 = ""
        for i in range(start + 1, len(raw)):
            cells = [_text(c) for c in raw.iloc[i]]
            if not any(cells[: max(gas_at) + 1]):
                break
            level_2 = cells[0] or level_2
            level_3 = cells[1] or level_3
            for at, gas in gas_at.items():
                value = raw.iloc[i, at]
                if isinstance(value, str) or value is None or not math.isfinite(float(value)):
                    continue
                rows.append({"id": "", "scope": "", "level_1": sheet, "level_2": level_2, "level_3": level_3,
                             "level_4": "", "column_text": "", "uom": cells[unit_at], "ghg_unit": headers[at],
                             "sheet_row": i + 1, "sheet": sheet, "gas": gas, "value": float(value)})
    return rows


def read_full_set(path) -> FlatFile:
    """The simple per-gas tables of SHEETS, as flat-file-like rows (with a 'sheet' column)."""
    rows, years = [], set()
    for sheet in SHEETS:
        raw = read_workbook(path, sheet)
        years.add(_edition_year(raw, path, sheet))
        found = _tables(raw, sheet)
        if not found:
            raise DesnzImportError(f"{path}: sheet {sheet!r} has no 'Activity ... Unit ... kg CO2e' table")
        rows.extend(found)
    if len(years) != 1:
        raise DesnzImportError(f"{path}: sheets give different years {sorted(years)}")
    return FlatFile(years.pop(), pd.DataFrame.from_records(rows), ())


# Sheets with no factor table (notes, look-up tables) or with a layout of their own.
NOT_FACTOR_SHEETS = ("Introduction", "What's new", "Index", "Overseas electricity", "Conversions", "Fuel properties",
                     "Haul definition")


def _group_labels(raw: pd.DataFrame, header_at: int, first_value: int) -> dict[int, str]:
    """Column-group labels in the row above a header ('Diesel', 'With RF', 'Landfill' ...), carried right
    over the merged cells they head; the flat file prints them as Column Text. A row holding a long note
    (e.g. the v1.1 erratum above some tables) is not a label row: the row above it is tried instead."""
    for above in range(header_at - 1, max(header_at - 4, -1), -1):
        texts = [_text(raw.iloc[above, at]) for at in range(first_value, raw.shape[1])]
        if any(len(t) > 80 for t in texts):
            continue
        labels, current = {}, ""
        for at, text in zip(range(first_value, raw.shape[1]), texts):
            current = text or current
            labels[at] = current
        return labels
    return {}


def _all_tables(raw: pd.DataFrame, sheet: str) -> list[dict]:
    """Rows of every factor table on one sheet: a header 'Activity | <labels> | Unit | [Year |] <GHG columns>',
    column groups named in the row above, labels left blank under a group's first row (filled down)."""
    rows = []
    for start in range(len(raw)):
        headers = [_text(c) for c in raw.iloc[start]]
        if headers[:1] != ["Activity"] or "Unit" not in headers:
            continue
        unit_at = headers.index("Unit")
        gas_at = {i: GHG_LABELS[h] for i, h in enumerate(headers) if h in GHG_LABELS and i > unit_at}
        if not gas_at:
            continue
        groups = _group_labels(raw, start, min(gas_at))
        fill = [""] * unit_at
        for i in range(start + 1, len(raw)):
            cells = [_text(c) for c in raw.iloc[i]]
            if not any(cells[: max(gas_at) + 1]) or cells[0] == "Activity":
                break
            labels = cells[1:unit_at]
            fill[0] = cells[0] or fill[0]
            if labels:
                fill[1] = labels[0] or fill[1]
            levels = [fill[0], fill[1] if labels else ""] + labels[1:]
            if "Year" in headers:  # the flat file prints these tables' unit as Level 4
                levels = levels[:2] + [cells[unit_at]]
            for at, gas in gas_at.items():
                value = raw.iloc[i, at]
                if isinstance(value, str) or value is None or not math.isfinite(float(value)):
                    continue
                group = groups.get(at, "")
                rows.append({"id": "", "scope": "", "level_1": sheet, "level_2": levels[0], "level_3": levels[1],
                             "level_4": levels[2] if len(levels) > 2 else "", "column_text": group,
                             "uom": cells[unit_at], "ghg_unit": headers[at], "sheet_row": i + 1, "sheet": sheet,
                             "gas": gas, "value": float(value)})
    return rows


def read_whole_full_set(path) -> FlatFile:
    """Every factor table of every sheet, as flat-file-like rows (IDs and scope are left for the caller)."""
    names = sheet_names(path)
    rows, years = [], set()
    for sheet in names:
        if sheet in NOT_FACTOR_SHEETS:
            continue
        raw = read_workbook(path, sheet)
        years.add(_edition_year(raw, path, sheet))
        rows.extend(_all_tables(raw, sheet))
    if len(years) != 1:
        raise DesnzImportError(f"{path}: sheets give different years {sorted(years)}")
    return FlatFile(years.pop(), pd.DataFrame.from_records(rows), ())
