"""Build factors/desnz-2025.csv from the UK Government GHG conversion factors flat file.

Why a script: the DESNZ "flat file" (UK Government GHG Conversion Factors for Company
Reporting 2025, Open Government Licence v3.0) holds about 8,700 rows.  Copying the few
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
    python scripts/import_desnz.py PATH/TO/ghg-conversion-factors-2025-flat-format.xlsx
        [--output factors/desnz-2025.csv]
"""

from __future__ import annotations

import argparse
import csv
import math
import sys
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

DATASET_ID = "desnz-2025"
SOURCE_ID = "desnz-2025-flat"
REGION = "GB"
YEAR = 2025
SHEET = "Factors by Category"
VALUE_COLUMN = f"GHG Conversion Factor {YEAR}"

# AR5 GWP-100 values used by DESNZ for the CO2e split (and listed in the flat file).
AR5_GWP = {"CH4": 28.0, "N2O": 265.0}

# "GHG/Unit" label in the flat file -> canonical gas
GAS_COLUMNS = {
    "kg CO2e of CO2 per unit": "CO2",
    "kg CO2e of CH4 per unit": "CH4",
    "kg CO2e of N2O per unit": "N2O",
}

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


class DesnzImportError(ValueError):
    """The flat file does not have the layout or rows this script expects."""


def read_flat_file(path: Path) -> pd.DataFrame:
    """Read the factor sheet, locating the header row by its 'ID' cell."""
    raw = pd.read_excel(path, sheet_name=SHEET, header=None, dtype=object, engine="openpyxl")
    header_rows = raw.index[raw.iloc[:, 0].astype(str).str.strip() == "ID"]
    if len(header_rows) != 1:
        raise DesnzImportError(f"{path}: sheet {SHEET!r} has no single header row starting with 'ID'")
    start = header_rows[0]
    table = raw.iloc[start + 1:].copy()
    table.columns = [str(c).strip() for c in raw.iloc[start]]
    needed = ["ID", "Level 1", "Level 2", "Level 3", "UOM", "GHG/Unit", VALUE_COLUMN]
    missing = [c for c in needed if c not in table.columns]
    if missing:
        raise DesnzImportError(f"{path}: sheet {SHEET!r} lacks columns {missing}")
    return table


def format_value(value: float) -> str:
    """Stable text for a float: 6 significant figures, enough for 5-decimal DESNZ values."""
    return f"{value:.6g}"


def select_rows(table: pd.DataFrame, sel: Selection) -> list[dict]:
    """Return the three per-gas rows for one selection, converted to ghgcalc units."""
    mask = (
        (table["Level 1"] == sel.level1)
        & (table["Level 2"] == sel.level2)
        & (table["Level 3"] == sel.level3)
        & (table["UOM"] == sel.uom)
    )
    group = table[mask]
    denominator, scale, suffix = UOMS[sel.uom]
    out = []
    for ghg_label, gas in GAS_COLUMNS.items():
        hit = group[group["GHG/Unit"] == ghg_label]
        if len(hit) != 1:
            raise DesnzImportError(
                f"expected one row for {sel.label} / {ghg_label}, found {len(hit)}")
        row = hit.iloc[0]
        published = float(row[VALUE_COLUMN])
        if not math.isfinite(published) or published < 0:
            raise DesnzImportError(f"row {row['ID']}: value {published!r} is not a non-negative number")
        per_unit = "per tonne" if sel.uom == "tonnes" else f"per {sel.uom}"
        if gas == "CO2":
            value = published * scale
            note = (f"{sel.label}. DESNZ row {row['ID']}: {published:g} kg CO2e of CO2 {per_unit}"
                    " (= kg CO2)")
        else:
            value = published / AR5_GWP[gas] * scale
            note = (f"{sel.label}. DESNZ row {row['ID']}: {published:g} kg CO2e of {gas} {per_unit}"
                    f" divided by the AR5 GWP DESNZ uses ({AR5_GWP[gas]:g}) to give kg {gas};"
                    " published value rounded to 5 decimal places, so this mass is approximate")
        if sel.uom == "tonnes":
            note += "; rescaled from per tonne to per kg of fuel"
        if sel.uom == "kWh (Gross CV)":
            note += "; Gross CV basis (the Net CV rows are not imported: one factor per unit dimension)"
        if "biofuel blend" in sel.level3 and gas == "CO2":
            note += "; excludes biogenic CO2 from the biofuel share, which DESNZ reports outside of scopes"
        out.append({
            "factor_id": f"{DATASET_ID}/{sel.activity}/{REGION}/{YEAR}/{gas}/{suffix}",
            "activity": sel.activity,
            "region": REGION,
            "gas": gas,
            "year_from": YEAR,
            "year_to": YEAR,
            "value": format_value(value),
            "unit": f"kg {gas} / {denominator}",
            "source_id": SOURCE_ID,
            "note": note,
        })
    return out


def build(path: Path) -> list[dict]:
    """All output rows, sorted by factor_id so the file is byte-stable."""
    table = read_flat_file(path)
    rows = [r for sel in SELECTIONS for r in select_rows(table, sel)]
    ids = [r["factor_id"] for r in rows]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise DesnzImportError(f"duplicate factor_ids: {duplicates}")
    return sorted(rows, key=lambda r: r["factor_id"])


def write_csv(rows: list[dict], output: Path) -> None:
    output.parent.mkdir(parents=True, exist_ok=True)
    with output.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=HEADER, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main(argv: list[str] | None = None) -> int:
    repo_root = Path(__file__).resolve().parent.parent
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("xlsx", type=Path, help="DESNZ 2025 flat-format conversion factors workbook")
    parser.add_argument("--output", type=Path, default=repo_root / "factors" / f"{DATASET_ID}.csv",
                        help="CSV to write (default: factors/desnz-2025.csv in this repository)")
    args = parser.parse_args(argv)
    try:
        rows = build(args.xlsx)
    except (DesnzImportError, FileNotFoundError) as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    write_csv(rows, args.output)
    print(f"wrote {len(rows)} rows to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
