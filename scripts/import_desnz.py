"""Build factors/desnz-YYYY.csv and factors/desnz-ghg-YYYY-full.csv from a DESNZ workbook.

Two outputs from one edition (2021-2025) of the UK Government GHG Conversion Factors for
Company Reporting (Open Government Licence v3.0):

* desnz-YYYY.csv, the selection: the few rows the activity catalogue uses (UK electricity,
  T&D, heat, natural gas, LPG, diesel, petrol), converted to ghgcalc's per-gas convention
  as described below.
* desnz-ghg-YYYY-full.csv, the whole flat file as published (kind published_factors):
  one row per factor and gas (and per energy factor), every scope and level, the file's
  own ID (2023 on; 'row-N' for sheet row N before that), values unrounded, the UOM mapped
  to a pint unit.  A 2024 "full set" workbook has no IDs: every factor of every sheet is
  read (desnz_full_set.py) and takes the ID that the 2025 flat file (else the 2023 one)
  gives to the row with the same labels, unit and gas, so that one ID names the same
  factor in every edition; a row no flat file labels the same way stops the import.

Why a script: the DESNZ "flat file" holds about 8,700 rows.  Copying the few
we need by hand invites transcription slips, and DESNZ republishes every June.  This
script selects the rows by their published category labels, converts them to ghgcalc's
per-gas convention and writes the same bytes every time it is run on the same input,
so a new edition is a re-run plus a diff, not a re-typing.

Conversion.  DESNZ gives each factor as kg CO2e in total and split into "kg CO2e of CO2",
"kg CO2e of CH4" and "kg CO2e of N2O" per unit, computed with IPCC AR5 100-year GWPs.
ghgcalc stores mass of each gas and applies a GWP set later, so:

* CO2: kg CO2e of CO2 is kg CO2; kept as published.
* CH4 and N2O: divided by the AR5 GWPs DESNZ uses (CH4 28, N2O 265; both also printed in
  the same file under "Refrigerant & other") to give kg of the gas.  DESNZ rounds the CO2e
  values to 5 decimal places, so the back-calculated masses carry that rounding; every
  such row's note gives the published value.
* The CO2e total row is not imported (it is the sum of the three, up to rounding).

Per-tonne factors are rescaled to per kg of fuel (ghgcalc's fuel-mass unit).  One factor
is kept per activity, gas and unit dimension: for fuels measured in kWh the Gross CV
basis is used (UK gas bills convert volume to kWh on gross calorific value) and the Net CV
rows are skipped.

Usage:
    python scripts/import_desnz.py PATH/TO/flat-file.xlsx|.xls|full-set.xlsx
        [--output factors/desnz-YYYY.csv] [--full-output factors/desnz-ghg-YYYY-full.csv]
"""

from __future__ import annotations

import argparse
import csv
import math
import sys
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from desnz_flat import DesnzImportError, FlatFile, check_gas_sums, read_flat_file, sheet_names
from desnz_full_set import read_full_set, read_whole_full_set

REGION = "GB"

# AR5 GWP-100 values used by DESNZ for the CO2e split (and listed in the flat file).
AR5_GWP = {"CH4": 28.0, "N2O": 265.0}

# DESNZ unit of measure -> (ghgcalc denominator, multiplier applied to the value, id suffix)
UOMS = {
    "kWh": ("kWh", 1.0, "per-kWh"),
    "kWh (Gross CV)": ("kWh", 1.0, "per-kWh"),
    "cubic metres": ("m**3", 1.0, "per-m3"),
    "litres": ("L", 1.0, "per-L"),
    "tonnes": ("kg", 1e-3, "per-kg"),
}


@dataclass(frozen=True)
class Selection:
    """One DESNZ row group (fixed category labels and unit) mapped to a ghgcalc activity."""

    activity: str
    level1: str
    level2: str
    level3: str
    uom: str
    label: str


SELECTIONS = (
    Selection("electricity.grid", "UK electricity", "Electricity generated",
              "Electricity: UK", "kWh", "UK electricity generated (Scope 2)"),
    Selection("electricity.td_losses", "Transmission and distribution", "T&D- UK electricity",
              "Electricity: UK", "kWh", "UK electricity transmission and distribution losses (Scope 3)"),
    Selection("heat.purchased", "Heat and steam", "Heat and steam",
              "District heat and steam", "kWh", "District heat and steam"),
    Selection("natural_gas.stationary", "Fuels", "Gaseous fuels", "Natural gas",
              "kWh (Gross CV)", "Natural gas, per kWh Gross CV"),
    Selection("natural_gas.stationary", "Fuels", "Gaseous fuels", "Natural gas",
              "cubic metres", "Natural gas, per cubic metre"),
    Selection("natural_gas.stationary", "Fuels", "Gaseous fuels", "Natural gas",
              "tonnes", "Natural gas, per tonne"),
    Selection("lpg.stationary", "Fuels", "Gaseous fuels", "LPG",
              "litres", "LPG, per litre"),
    Selection("lpg.stationary", "Fuels", "Gaseous fuels", "LPG",
              "kWh (Gross CV)", "LPG, per kWh Gross CV"),
    Selection("lpg.stationary", "Fuels", "Gaseous fuels", "LPG",
              "tonnes", "LPG, per tonne"),
    Selection("diesel.mobile", "Fuels", "Liquid fuels", "Diesel (average biofuel blend)",
              "litres", "Diesel (average biofuel blend), per litre"),
    Selection("diesel.mobile", "Fuels", "Liquid fuels", "Diesel (average biofuel blend)",
              "kWh (Gross CV)", "Diesel (average biofuel blend), per kWh Gross CV"),
    Selection("diesel.mobile", "Fuels", "Liquid fuels", "Diesel (average biofuel blend)",
              "tonnes", "Diesel (average biofuel blend), per tonne"),
    Selection("motor_gasoline.mobile", "Fuels", "Liquid fuels", "Petrol (average biofuel blend)",
              "litres", "Petrol (average biofuel blend), per litre"),
    Selection("motor_gasoline.mobile", "Fuels", "Liquid fuels", "Petrol (average biofuel blend)",
              "kWh (Gross CV)", "Petrol (average biofuel blend), per kWh Gross CV"),
    Selection("motor_gasoline.mobile", "Fuels", "Liquid fuels", "Petrol (average biofuel blend)",
              "tonnes", "Petrol (average biofuel blend), per tonne"),
)

HEADER = ["factor_id", "activity", "region", "gas", "year_from", "year_to",
          "value", "unit", "source_id", "note"]

# Published UOM -> pint unit of the activity (full table).  A UOM not listed stops the import,
# so that a new edition's unit is mapped by a person, not guessed.
UOM_UNITS = {
    "kWh": "kWh", "kWh (Gross CV)": "kWh", "kWh (Net CV)": "kWh", "GJ": "GJ",
    "litres": "L", "Litres": "L", "million litres": "million L", "cubic metres": "m**3",
    "kg": "kg", "tonnes": "t", "km": "km", "miles": "mile",
    "passenger.km": "person km", "tonne.km": "t km",
    "Room per night": "count", "per FTE Working Hour": "FTE hour",
}
FULL_HEADER = ["factor_id", "sheet_row", "scope", "level_1", "level_2", "level_3", "level_4",
               "column_text", "uom", "ghg_unit", "gas", "value", "unit", "source_id"]


def dataset_id(year: int) -> str:
    return f"desnz-{year}"


def source_id(flat: FlatFile) -> str:
    return f"desnz-{flat.year}-flat" if "sheet" not in flat.table.columns else f"desnz-{flat.year}-full-set"


def read_edition(path: Path) -> FlatFile:
    """A flat file, or (if the workbook has no 'Factors by Category' sheet) a full-set workbook."""
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such file")
    if path.suffix.lower() == ".xlsx" and "Factors by Category" not in sheet_names(path):
        return read_full_set(path)
    return read_flat_file(path)


def format_value(value: float) -> str:
    """Stable text for a float: 6 significant figures, enough for 5-decimal DESNZ values."""
    return f"{value:.6g}"


def row_reference(row) -> str:
    """Where a value was read: the file's ID, or the sheet and row for files without IDs."""
    if row["id"]:
        return f"DESNZ row {row['id']}"
    sheet = row["sheet"] if "sheet" in row.index else "Factors by Category"
    return f"DESNZ sheet '{sheet}' row {row['sheet_row']}"


def select_rows(flat: FlatFile, sel: Selection) -> list[dict]:
    """Return the three per-gas rows for one selection, converted to ghgcalc units."""
    table = flat.table
    mask = (
        (table["level_1"] == sel.level1)
        & (table["level_2"] == sel.level2)
        & (table["level_3"] == sel.level3)
        & (table["uom"] == sel.uom)
    )
    group = table[mask]
    denominator, scale, suffix = UOMS[sel.uom]
    out = []
    for gas in ("CO2", "CH4", "N2O"):
        hit = group[group["gas"] == gas]
        if len(hit) != 1:
            raise DesnzImportError(f"{flat.year}: expected one row for {sel.label} / {gas}, found {len(hit)}")
        row = hit.iloc[0]
        published = float(row["value"])
        if not math.isfinite(published) or published < 0:
            raise DesnzImportError(f"{row_reference(row)}: value {published!r} is not a non-negative number")
        per_unit = "per tonne" if sel.uom == "tonnes" else f"per {sel.uom}"
        if gas == "CO2":
            value = published * scale
            note = f"{sel.label}. {row_reference(row)}: {published:g} kg CO2e of CO2 {per_unit} (= kg CO2)"
        else:
            value = published / AR5_GWP[gas] * scale
            note = (f"{sel.label}. {row_reference(row)}: {published:g} kg CO2e of {gas} {per_unit}"
                    f" divided by the AR5 GWP DESNZ uses ({AR5_GWP[gas]:g}) to give kg {gas};"
                    " published value rounded to 5 decimal places, so this mass is approximate")
        if sel.uom == "tonnes":
            note += "; rescaled from per tonne to per kg of fuel"
        if sel.uom == "kWh (Gross CV)":
            note += "; Gross CV basis (the Net CV rows are not imported: one factor per unit dimension)"
        if "biofuel blend" in sel.level3 and gas == "CO2":
            note += "; excludes biogenic CO2 from the biofuel share, which DESNZ reports outside of scopes"
        out.append({
            "factor_id": f"{dataset_id(flat.year)}/{sel.activity}/{REGION}/{flat.year}/{gas}/{suffix}",
            "activity": sel.activity,
            "region": REGION,
            "gas": gas,
            "year_from": flat.year,
            "year_to": flat.year,
            "value": format_value(value),
            "unit": f"kg {gas} / {denominator}",
            "source_id": source_id(flat),
            "note": note,
        })
    return out


def build(flat: FlatFile) -> list[dict]:
    """The selection's rows, sorted by factor_id so the file is byte-stable."""
    rows = [r for sel in SELECTIONS for r in select_rows(flat, sel)]
    ids = [r["factor_id"] for r in rows]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise DesnzImportError(f"duplicate factor_ids: {duplicates}")
    return sorted(rows, key=lambda r: r["factor_id"])


def build_full(flat: FlatFile) -> list[dict]:
    """Every row of a flat file as published, in sheet order, with a pint unit."""
    unknown = sorted(set(flat.table["uom"]) - set(UOM_UNITS))
    if unknown:
        raise DesnzImportError(f"{flat.year}: UOM {unknown} not mapped to a unit; add them to UOM_UNITS")
    problems = check_gas_sums(flat)
    if problems:
        raise DesnzImportError(f"{flat.year}: per-gas values do not add up to the CO2e total: {problems[:3]}")
    rows = []
    for row in flat.table.to_dict("records"):
        if "sheet" in row:  # a full-set row: where it was read
            row["sheet_row"] = f"{row['sheet']}!{row['sheet_row']}"
        numerator = "kg CO2e" if row["gas"] else "kWh"
        rows.append({
            "factor_id": row["id"] or f"row-{row['sheet_row']}",
            **{k: row[k] for k in FULL_HEADER[1:10]},
            "gas": row["gas"],
            "value": repr(row["value"]),
            "unit": f"{numerator} / {UOM_UNITS[row['uom']]}",
            "source_id": source_id(flat),
        })
    return rows


ID_LABELS = ["level_1", "level_2", "level_3", "level_4", "column_text", "uom", "ghg_unit"]


def borrow_ids(full_set: FlatFile, flat_tables: list[Path]) -> FlatFile:
    """IDs and scopes for a full set's rows, from flat files' rows with identical labels (first table first)."""
    table = full_set.table.copy()
    for path in flat_tables:
        flat = pd.read_csv(path, dtype=str, keep_default_na=False)
        if flat[ID_LABELS].duplicated().any():
            raise DesnzImportError(f"{path.name}: two rows share the same labels; IDs cannot be borrowed by label")
        found = table[ID_LABELS].merge(flat[ID_LABELS + ["factor_id", "scope"]], on=ID_LABELS, how="left")
        todo = (table["id"] == "").to_numpy() & found["factor_id"].notna().to_numpy()
        table.loc[todo, "id"] = found.loc[todo, "factor_id"].to_numpy()
        table.loc[todo, "scope"] = found.loc[todo, "scope"].to_numpy()
    missing = table[table["id"] == ""]
    if len(missing):
        row = missing.iloc[0]
        raise DesnzImportError(f"{len(missing)} rows have no flat-file row with the same labels, e.g. sheet "
                               f"{row['sheet']!r} row {row['sheet_row']} ({' / '.join(row[ID_LABELS])})")
    if table["id"].duplicated().any():
        raise DesnzImportError(f"two rows took the same ID: {sorted(set(table['id'][table['id'].duplicated()]))[:5]}")
    return FlatFile(full_set.year, table, full_set.skipped)


def write_csv(rows: list[dict], output: Path, header: list[str] = HEADER) -> None:
    output.parent.mkdir(parents=True, exist_ok=True)
    with output.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main(argv: list[str] | None = None) -> int:
    repo_root = Path(__file__).resolve().parent.parent
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workbook", type=Path, help="DESNZ flat file (.xls/.xlsx, 2021-2025) or 2024 full-set workbook")
    parser.add_argument("--output", type=Path, help="selection CSV (default: factors/desnz-YYYY.csv in this repository)")
    parser.add_argument("--full-output", type=Path,
                        help="full-table CSV (default: desnz-ghg-YYYY-full.csv beside the selection CSV)")
    parser.add_argument("--ids-from", type=Path, nargs="*",
                        help="for a full set: flat-file tables whose IDs are borrowed by label "
                             "(default: desnz-ghg-2025-full.csv, desnz-ghg-2023-full.csv in factors/)")
    args = parser.parse_args(argv)
    try:
        flat = read_edition(args.workbook)
        rows = build(flat)
        if "sheet" not in flat.table.columns:
            full = build_full(flat)
        else:
            sources = args.ids_from or [repo_root / "factors" / f"desnz-ghg-{y}-full.csv" for y in (2025, 2023)]
            full = build_full(borrow_ids(read_whole_full_set(args.workbook), sources))
    except (DesnzImportError, FileNotFoundError) as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    output = args.output or repo_root / "factors" / f"{dataset_id(flat.year)}.csv"
    write_csv(rows, output)
    print(f"wrote {len(rows)} rows to {output}")
    if full:
        full_output = args.full_output or output.parent / f"desnz-ghg-{flat.year}-full.csv"
        write_csv(full, full_output, FULL_HEADER)
        print(f"wrote {len(full)} rows to {full_output}; {len(flat.skipped)} sheet rows without a usable value left out")
        for skipped in flat.skipped:
            if skipped.reason != "no value published":
                print(f"  sheet row {skipped.sheet_row}: {skipped.reason}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
