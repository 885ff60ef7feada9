"""Build the shipped grid-electricity datasets (factors/*.csv) from the staged source tables.

Six datasets, each from one staged table (tidy CSV, one row per published value, with the
publisher's edition, the value and unit as printed, and where the value was read):

* epa-egrid: US EPA eGRID subregion total output emission rates, eGRID2019-2023, CO2, CH4
  and N2O per MWh generated (the non-baseload rates are left out: EPA says they are not for
  inventories).
* eea-co2-intensity-6: EEA CO2 intensity of gross electricity generation, EU member states,
  the UK and Norway, 1990-2019.
* eea-ghg-intensity-2025: EEA GHG (CO2e) intensity of gross electricity generation, EU
  member states, 2023 and 2024.
* dcceew-nga: Australian National Greenhouse Accounts Factors, Scope 2 per kWh consumed by
  state grid and national, and the national residual mix (market-based), editions 2023,
  2024 and 2026.
* eccc-electricity-intensity: Canadian consumption intensities by province, data year 2024.
* national-grid-provisional: Mexico, India and Korea national figures read from secondary
  copies of the government publications (provisional).

Why a script: values are copied, never retyped, and the output is the same bytes on every
run, so a new edition is a re-run and a diff. Values and units stay as printed (lb/MWh,
g/kWh, kg/kWh, t/MWh); pint converts them. Aggregates that are not a place a site can be
in (EU-27, EU-28) are left out; so are lifecycle intensities, which are not Scope 2 factors.
A CO2e value keeps the gas CO2e; a CO2-only value the gas CO2 (tCO2 is not tCO2e).

Usage:
    python scripts/import_grid.py FOLDER-WITH-THE-STAGED-TABLES [--output factors/]
"""

from __future__ import annotations

import argparse
import csv
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pandas as pd

HEADER = ["factor_id", "activity", "region", "gas", "year_from", "year_to", "value", "unit", "source_id", "note"]
GRID, RESIDUAL = "electricity.grid", "electricity.residual_mix"

# Printed unit -> denominator of the pint unit (the numerator is the row's gas).
UNITS = {"lb/MWh": ("lb", "MWh"), "lb/GWh": ("lb", "GWh"), "g/kWh": ("g", "kWh"),
         "kg/kWh": ("kg", "kWh"), "t/MWh": ("t", "MWh")}
AGGREGATES = {"EU27_2020", "EU28"}
# NGA prints one factor for New South Wales and the Australian Capital Territory.
NGA_SHARED = {"AU-NSW": ("AU-NSW", "AU-ACT")}
NGA_STATES = ("AU-NSW", "AU-ACT", "AU-VIC", "AU-QLD", "AU-SA", "AU-WA", "AU-WA-SWIS", "AU-WA-NWIS", "AU-TAS", "AU-NT",
              "AU-NT-DKIS")


class GridImportError(Exception):
    """A staged table that does not look as this script expects."""


@dataclass(frozen=True)
class Source:
    """One staged table and how its rows become factor rows."""

    dataset: str
    file: str
    convert: Callable[[pd.DataFrame], list[dict]]


def _unit(printed: str, gas: str) -> str:
    if printed not in UNITS:
        raise GridImportError(f"unit {printed!r} is not mapped; add it to UNITS")
    mass, per = UNITS[printed]
    return f"{mass} {gas} / {per}"


def _row(dataset: str, activity: str, region: str, gas: str, year: int, value: str, unit: str, source_id: str,
         note: str, suffix: str = "") -> dict:
    float(value)  # a number as printed, or the import stops
    return {"factor_id": f"{dataset}/{activity}/{region}/{year}/{gas}{suffix}", "activity": activity, "region": region,
            "gas": gas, "year_from": year, "year_to": year, "value": value, "unit": _unit(unit, gas),
            "source_id": source_id, "note": note}


def _where(r) -> str:
    return f"{r['source_location']}; copy: {r['source_repo']} {r['source_path']} @ {r['source_commit'][:8]}; {r['verification']}"


def egrid(table: pd.DataFrame) -> list[dict]:
    rows = []
    for r in table[table["rate_type"] == "total_output"].to_dict("records"):
        note = (f"{r['edition']} {r['region_name']}, total output emission rate (per MWh generated; direct). "
                f"{_where(r)}")
        rows.append(_row("epa-egrid", GRID, r["region_code"], r["gas"], int(r["data_year"]), r["value"], r["unit"],
                         r["source_id"], note))
    return rows


def eea(dataset: str) -> Callable[[pd.DataFrame], list[dict]]:
    def convert(table: pd.DataFrame) -> list[dict]:
        rows = []
        for r in table[~table["region_code"].isin(AGGREGATES)].to_dict("records"):
            if not r["value"]:
                continue
            note = f"{r['region_name']}: {r['basis']} (direct, production-based). {_where(r)}"
            rows.append(_row(dataset, GRID, r["region_code"], r["gas"], int(r["data_year"]), r["value"], r["unit"],
                             r["source_id"], note))
        return rows
    return convert


def nga(table: pd.DataFrame) -> list[dict]:
    """Location-based rows per state grid; the national residual mix for the nation and each state,
    since NGA publishes one residual mix for all of Australia."""
    rows = []
    for r in table.to_dict("records"):
        year = int(r["edition"].split()[-1])
        market = r["scope2_method"] == "market-based"
        what = "national residual mix (market-based)" if market else f"{r['region_name']}, Scope 2 location-based"
        note = f"{r['edition']}: {what}, per kWh consumed ({r['boundary']}; CO2e at {r['gwp']}). {_where(r)}"
        source = f"{r['source_id']}-{'residual-mix' if market else 'location'}"  # a source per edition and table
        if market:
            for region in ("AU",) + NGA_STATES:
                scope = "" if region == "AU" else f" (the national figure applies in {region})"
                rows.append(_row("dcceew-nga", RESIDUAL, region, r["gas"], year, r["value"], r["unit"], source,
                                 note + scope))
            continue
        for region in NGA_SHARED.get(r["region_code"], (r["region_code"],)):
            shared = "" if region == r["region_code"] else " (NGA prints one factor for NSW and the ACT)"
            rows.append(_row("dcceew-nga", GRID, region, r["gas"], year, r["value"], r["unit"], source,
                             note + shared))
    return rows


def eccc(table: pd.DataFrame) -> list[dict]:
    return [_row("eccc-electricity-intensity", GRID, r["region_code"], r["gas"], int(r["data_year"]), r["value"],
                 r["unit"], r["source_id"], f"{r['region_name']}: {r['boundary']}. {_where(r)}")
            for r in table.to_dict("records")]


def national(table: pd.DataFrame) -> list[dict]:
    """Single-year figures only (the Korean 2020-2022 average is an ETS value, not a year's);
    a fiscal year counts as the calendar year it ends in (India's FY2023-24 is 2024)."""
    rows = []
    for r in table.to_dict("records"):
        year_text = r["data_year"]
        if year_text.isdigit():
            year = int(year_text)
        elif len(year_text) == 7 and year_text[4] == "-" and year_text[:4].isdigit():
            year = int(year_text[:2] + year_text[5:])
        else:
            continue
        note = (f"PROVISIONAL. {r['region_name']} {year_text}: {r['document']} ({r['publisher']}); {r['boundary']}. "
                f"Read from {r['source_kind']}: {r['source_url']}; {r['verification']}")
        rows.append(_row("national-grid-provisional", GRID, r["region_code"], r["gas"], year, r["value"], r["unit"],
                         f"{r['region_code'].lower()}-{year}", note))
    return rows


SOURCES = (
    Source("epa-egrid", "epa-egrid-subregion-output-rates-egrid2019-2023.csv", egrid),
    Source("eea-co2-intensity-6", "eea-co2-intensity-electricity-generation-ed6-1990-2019.csv", eea("eea-co2-intensity-6")),
    Source("eea-ghg-intensity-2025", "eea-ghg-intensity-electricity-generation-ed2025-2023-2024.csv",
           eea("eea-ghg-intensity-2025")),
    Source("dcceew-nga", "dcceew-nga-electricity-scope2-2023-2024-2026.csv", nga),
    Source("eccc-electricity-intensity", "eccc-electricity-consumption-intensity-v4.0-2024.csv", eccc),
    Source("national-grid-provisional", "national-grid-factors-secondary-mx-in-kr.csv", national),
)


def build(source: Source, folder: Path) -> list[dict]:
    path = folder / source.file
    if not path.exists():
        raise GridImportError(f"{path}: no such file")
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    rows = sorted(source.convert(table), key=lambda r: r["factor_id"])
    ids = [r["factor_id"] for r in rows]
    if len(set(ids)) != len(ids):
        raise GridImportError(f"{source.file}: duplicate factor ids")
    return rows


def write_csv(rows: list[dict], output: Path) -> None:
    output.parent.mkdir(parents=True, exist_ok=True)
    with output.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=HEADER, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="folder with the staged grid tables")
    parser.add_argument("--output", type=Path, default=Path(__file__).resolve().parent.parent / "factors")
    args = parser.parse_args(argv)
    try:
        built = {s.dataset: build(s, args.folder) for s in SOURCES}
    except GridImportError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    for dataset, rows in built.items():
        write_csv(rows, args.output / f"{dataset}.csv")
        print(f"wrote {len(rows)} rows to {args.output / (dataset + '.csv')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
