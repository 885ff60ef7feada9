"""Build factors/epa-supply-chain-v1.3-naics.csv from the US EPA supply chain GHG emission factors.

Source: U.S. EPA, Supply Chain Greenhouse Gas Emission Factors for US Commodities and
Industries v1.3.0 (July 2024), file SupplyChainGHGEmissionFactors_v1.3.0_NAICS_CO2e_USD2022.csv:
1,016 2017-NAICS commodities, kg CO2e (IPCC AR5 GWP-100) per 2022 US dollar, purchaser price.
Public domain (US federal government work).

Why a script: the publisher's file is wide (three factor columns per commodity); ghgcalc's
tables are tidy.  Each commodity becomes three rows, one per published column:
  <code>/without_margins  Supply Chain Emission Factors without Margins (SEF)
  <code>/margins          Margins of Supply Chain Emission Factors (MEF)
  <code>/with_margins     Supply Chain Emission Factors with Margins (SEF+MEF; use with purchaser-price spend)
Values are copied as published text (three decimals), so re-running gives the same bytes.

The by-GHG companion file is not imported: 5 of its 18 gases (HFC-236fa and four
perfluorocarbons) are not gases ghgcalc's unit registry knows, one row is already CO2e, and
all of it would add about 55,000 rows.

Usage:
    python scripts/import_epa_supply_chain.py PATH/TO/SupplyChainGHGEmissionFactors_v1.3.0_NAICS_CO2e_USD2022.csv
        [--output factors/epa-supply-chain-v1.3-naics.csv]
"""

from __future__ import annotations

import argparse
import csv
import math
import sys
from pathlib import Path

DATASET_ID = "epa-supply-chain-v1.3-naics"
SOURCE_ID = "epa-supply-chain-naics-co2e"
UNIT_PUBLISHED = "kg CO2e/2022 USD, purchaser price"
UNIT = "kg CO2e / USD"
BASES = {  # published column -> basis suffix of the factor_id
    "Supply Chain Emission Factors without Margins": "without_margins",
    "Margins of Supply Chain Emission Factors": "margins",
    "Supply Chain Emission Factors with Margins": "with_margins",
}
HEADER = ["factor_id", "naics_code", "naics_title", "useeio_code", "basis", "gas", "value", "unit", "source_id"]


class EpaImportError(ValueError):
    """The file does not have the layout or values this script expects."""


def build(path: Path) -> list[dict]:
    """Tidy rows in the file's order of commodities; every bad cell is reported at once."""
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such file")
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        needed = ["2017 NAICS Code", "2017 NAICS Title", "GHG", "Unit", *BASES, "Reference USEEIO Code"]
        missing = [c for c in needed if c not in (reader.fieldnames or [])]
        if missing:
            raise EpaImportError(f"{path.name}: missing columns {missing}")
        records = list(reader)
    rows, problems = [], []
    for line, record in enumerate(records, start=2):
        if record["GHG"] != "All GHGs" or record["Unit"] != UNIT_PUBLISHED:
            problems.append(f"{path.name} line {line}: GHG {record['GHG']!r}, unit {record['Unit']!r}; "
                            f"expected 'All GHGs' and {UNIT_PUBLISHED!r} (is this the by-GHG file?)")
            continue
        for column, basis in BASES.items():
            text = record[column].strip()
            try:
                number = float(text)
            except ValueError:
                number = math.nan
            if not math.isfinite(number) or number < 0:
                problems.append(f"{path.name} line {line}, column {column!r}: {text!r} is not a non-negative number")
                continue
            rows.append({
                "factor_id": f"{record['2017 NAICS Code']}/{basis}",
                "naics_code": record["2017 NAICS Code"],
                "naics_title": record["2017 NAICS Title"],
                "useeio_code": record["Reference USEEIO Code"],
                "basis": basis,
                "gas": "CO2e",
                "value": text,
                "unit": UNIT,
                "source_id": SOURCE_ID,
            })
    if problems:
        raise EpaImportError("\n".join(problems[:20]))
    ids = [r["factor_id"] for r in rows]
    if len(set(ids)) != len(ids):
        raise EpaImportError(f"{path.name}: a NAICS code appears twice")
    return rows


def main(argv: list[str] | None = None) -> int:
    repo_root = Path(__file__).resolve().parent.parent
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv", type=Path, help="EPA v1.3.0 NAICS CO2e file (USD 2022)")
    parser.add_argument("--output", type=Path, default=repo_root / "factors" / f"{DATASET_ID}.csv")
    args = parser.parse_args(argv)
    try:
        rows = build(args.csv)
    except (EpaImportError, FileNotFoundError) as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    args.output.parent.mkdir(parents=True, exist_ok=True)
    with args.output.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=HEADER, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} rows to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
