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

With ``--by-ghg`` it builds factors/epa-supply-chain-v1.3-naics-byghg.csv from the companion file
SupplyChainGHGEmissionFactors_v1.3.0_NAICS_byGHG_USD2022.csv: kg of each of 18 gases per 2022 USD, so that
an inventory under AR4 or AR6 weighs each gas under its own set instead of keeping EPA's AR5 CO2e
(ghgcalc.inventory.published_gwp). Why only without_margins and with_margins: margins-only factors are
refused in every category, so their gases would never be read. One row per code, basis and gas:
  <code>/<basis>/<gas>  e.g. 331110/with_margins/CH4, in kg <gas> / USD
The publisher's 'HFCs and PFCs, unspecified' row is already CO2e (AR5) and stays so: gas CO2e, id
<code>/<basis>/HFCs_PFCs_unspecified; no GWP can re-weigh an unnamed mix.

Usage:
    python scripts/import_epa_supply_chain.py PATH/TO/SupplyChainGHGEmissionFactors_v1.3.0_NAICS_CO2e_USD2022.csv
        [--output factors/epa-supply-chain-v1.3-naics.csv]
    python scripts/import_epa_supply_chain.py --by-ghg PATH/TO/SupplyChainGHGEmissionFactors_v1.3.0_NAICS_byGHG_USD2022.csv
        [--output factors/epa-supply-chain-v1.3-naics-byghg.csv]
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
BY_GHG_ID = "epa-supply-chain-v1.3-naics-byghg"
BY_GHG_SOURCE = "epa-supply-chain-naics-byghg"
BY_GHG_BASES = {k: v for k, v in BASES.items() if v != "margins"}
BY_GHG_HEADER = ["factor_id", "gas", "value", "unit", "source_id"]  # code and basis are in the id; the title in the CO2e table
UNSPECIFIED = "HFCs and PFCs, unspecified"
GASES = {  # the publisher's gas names -> ghgcalc's canonical names (factors/gas-aliases.csv spells them)
    "Carbon dioxide": "CO2", "Methane": "CH4", "Nitrous oxide": "N2O", "Sulfur hexafluoride": "SF6",
    "Nitrogen trifluoride": "NF3", "HFC-23": "HFC23", "HFC-32": "HFC32", "HFC-125": "HFC125", "HFC-134a": "HFC134a",
    "HFC-143a": "HFC143a", "HFC-236fa": "HFC236fa", "Carbon tetrafluoride": "CF4", "Hexafluoroethane": "C2F6",
    "Perfluoropropane": "C3F8", "Perfluorobutane": "C4F10", "Perfluorocyclobutane": "cC4F8", "Perfluorohexane": "C6F14",
    UNSPECIFIED: "CO2e",
}
UNIT_PUBLISHED_GAS = "kg/2022 USD, purchaser price"


class EpaImportError(ValueError):
    """The file does not have the layout or values this script expects."""


def _records(path: Path, needed: list[str]) -> list[dict]:
    """The rows of one of EPA's CSV files, refused when a column this script reads is missing."""
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such file")
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in needed if c not in (reader.fieldnames or [])]
        if missing:
            raise EpaImportError(f"{path.name}: missing columns {missing}")
        return list(reader)


def _factor_value(text: str) -> bool:
    """Whether a cell is a factor as EPA publishes them: a finite, non-negative number."""
    try:
        number = float(text)
    except ValueError:
        return False
    return math.isfinite(number) and number >= 0


def build(path: Path) -> list[dict]:
    """Tidy rows in the file's order of commodities; every bad cell is reported at once."""
    records = _records(path, ["2017 NAICS Code", "2017 NAICS Title", "GHG", "Unit", *BASES, "Reference USEEIO Code"])
    rows, problems = [], []
    for line, record in enumerate(records, start=2):
        if record["GHG"] != "All GHGs" or record["Unit"] != UNIT_PUBLISHED:
            problems.append(f"{path.name} line {line}: GHG {record['GHG']!r}, unit {record['Unit']!r}; "
                            f"expected 'All GHGs' and {UNIT_PUBLISHED!r} (is this the by-GHG file?)")
            continue
        for column, basis in BASES.items():
            text = record[column].strip()
            if not _factor_value(text):
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


def build_by_ghg(path: Path) -> list[dict]:
    """Tidy per-gas rows (without and with margins); every bad cell, unknown gas or missing gas reported at once."""
    records = _records(path, ["2017 NAICS Code", "GHG", "Unit", *BY_GHG_BASES])
    rows, problems, seen = [], [], {}
    for line, record in enumerate(records, start=2):
        ghg, unit = record["GHG"], record["Unit"]
        expected = "kg CO2e/2022 USD, purchaser price" if ghg == UNSPECIFIED else UNIT_PUBLISHED_GAS
        if ghg not in GASES or unit != expected:
            problems.append(f"{path.name} line {line}: GHG {ghg!r}, unit {unit!r}; expected one of the 18 gases "
                            f"with unit {expected!r} (is this the by-GHG file?)")
            continue
        code = record["2017 NAICS Code"]
        seen.setdefault(code, set()).add(ghg)
        gas = GASES[ghg]
        for column, basis in BY_GHG_BASES.items():
            text = record[column].strip()
            if not _factor_value(text):
                problems.append(f"{path.name} line {line}, column {column!r}: {text!r} is not a non-negative number")
                continue
            name = "HFCs_PFCs_unspecified" if ghg == UNSPECIFIED else gas
            rows.append({"factor_id": f"{code}/{basis}/{name}", "gas": gas, "value": text, "unit": f"kg {gas} / USD",
                         "source_id": BY_GHG_SOURCE})
    problems += [f"{path.name}: NAICS {code} has {len(gases)} of the 18 gases" for code, gases in seen.items()
                 if len(gases) != len(GASES)]
    if problems:
        raise EpaImportError("\n".join(problems[:20]))
    return rows


def main(argv: list[str] | None = None) -> int:
    repo_root = Path(__file__).resolve().parent.parent
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv", type=Path, help="EPA v1.3.0 NAICS CO2e file (USD 2022), or with --by-ghg the by-GHG file")
    parser.add_argument("--by-ghg", action="store_true", help="the file is the by-GHG companion: build the per-gas table")
    parser.add_argument("--output", type=Path, help="default: factors/<dataset id>.csv")
    args = parser.parse_args(argv)
    dataset_id, header = (BY_GHG_ID, BY_GHG_HEADER) if args.by_ghg else (DATASET_ID, HEADER)
    output = args.output or repo_root / "factors" / f"{dataset_id}.csv"
    try:
        rows = build_by_ghg(args.csv) if args.by_ghg else build(args.csv)
    except (EpaImportError, FileNotFoundError) as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    args.output = output
    args.output.parent.mkdir(parents=True, exist_ok=True)
    with args.output.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} rows to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
