"""Shipped grid-electricity datasets hold the publishers' values, as printed.

Expected values were read off the staged source tables (and, where the note names it, the
publication's table) and typed in here; they are not the import's output. Every test runs
against the shipped CSVs. When the staged tables are at hand, every shipped value is checked
against them and the import is re-run and compared byte for byte:

    GRID_SOURCE_DIR=folder-with-the-staged-grid-tables python -m pytest tests/data/test_grid_factors.py

Without GRID_SOURCE_DIR, the folder ../shared/data/grid beside the repository is used when it exists.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[2]
FACTORS = ROOT / "factors"
SHARED_GRID = ROOT.parent / "shared" / "data" / "grid"
SOURCE_DIR = (Path(os.environ["GRID_SOURCE_DIR"]) if os.environ.get("GRID_SOURCE_DIR")
              else SHARED_GRID if SHARED_GRID.is_dir() else None)
GRID_DATASETS = ("epa-egrid", "eea-co2-intensity-6", "eea-ghg-intensity-2025", "dcceew-nga",
                 "eccc-electricity-intensity", "national-grid-provisional")

# (dataset, factor_id, value as printed, unit as printed)
SAMPLE = [
    ("epa-egrid", "epa-egrid/electricity.grid/CAMX/2023/CO2", 436.655, "lb CO2 / MWh"),  # Hub 2025 Table 6, WECC California
    ("epa-egrid", "epa-egrid/electricity.grid/CAMX/2023/CH4", 0.025, "lb CH4 / MWh"),
    ("epa-egrid", "epa-egrid/electricity.grid/CAMX/2023/N2O", 0.003, "lb N2O / MWh"),
    ("epa-egrid", "epa-egrid/electricity.grid/RFCW/2023/CO2", 911.321, "lb CO2 / MWh"),  # RFC West (Ohio)
    ("epa-egrid", "epa-egrid/electricity.grid/ERCT/2021/CH4", 54.0, "lb CH4 / GWh"),   # GHGP workbook, eGRID's lb/GWh
    ("epa-egrid", "epa-egrid/electricity.grid/US/2023/CO2", 771.523, "lb CO2 / MWh"),  # Hub 2025 US average
    ("eea-ghg-intensity-2025", "eea-ghg-intensity-2025/electricity.grid/DE/2023/CO2e", 316, "g CO2e / kWh"),
    ("eea-ghg-intensity-2025", "eea-ghg-intensity-2025/electricity.grid/DE/2024/CO2e", 291, "g CO2e / kWh"),
    ("eea-ghg-intensity-2025", "eea-ghg-intensity-2025/electricity.grid/PL/2024/CO2e", 566, "g CO2e / kWh"),
    ("eea-co2-intensity-6", "eea-co2-intensity-6/electricity.grid/DE/2019/CO2", 338.0, "g CO2 / kWh"),
    ("eea-co2-intensity-6", "eea-co2-intensity-6/electricity.grid/PL/1990/CO2", 1482.0, "g CO2 / kWh"),
    ("dcceew-nga", "dcceew-nga/electricity.grid/AU-VIC/2024/CO2e", 0.77, "kg CO2e / kWh"),  # NGA 2024 Table 1
    ("dcceew-nga", "dcceew-nga/electricity.grid/AU-ACT/2024/CO2e", 0.66, "kg CO2e / kWh"),  # NSW and ACT, one factor
    ("dcceew-nga", "dcceew-nga/electricity.residual_mix/AU/2024/CO2e", 0.81, "kg CO2e / kWh"),  # Table 2
    ("dcceew-nga", "dcceew-nga/electricity.residual_mix/AU-VIC/2026/CO2e", 0.79, "kg CO2e / kWh"),
    ("eccc-electricity-intensity", "eccc-electricity-intensity/electricity.grid/CA-QC/2024/CO2e", 2.6, "g CO2e / kWh"),
    ("eccc-electricity-intensity", "eccc-electricity-intensity/electricity.grid/CA-AB/2024/CO2e", 346.0, "g CO2e / kWh"),
    ("national-grid-provisional", "national-grid-provisional/electricity.grid/MX/2021/CO2e", 0.423, "t CO2e / MWh"),
    ("national-grid-provisional", "national-grid-provisional/electricity.grid/IN/2024/CO2", 0.727, "t CO2 / MWh"),
    ("national-grid-provisional", "national-grid-provisional/electricity.grid/KR/2023/CO2e", 0.4173, "t CO2e / MWh"),
]


def shipped(dataset: str) -> pd.DataFrame:
    return pd.read_csv(FACTORS / f"{dataset}.csv").set_index("factor_id")


@pytest.mark.parametrize("dataset,factor_id,value,unit", SAMPLE)
def test_shipped_value_is_the_printed_value(dataset, factor_id, value, unit):
    row = shipped(dataset).loc[factor_id]
    assert row["value"] == value and row["unit"] == unit


def test_non_baseload_rates_are_not_shipped():
    # eGRID2023 CAMX non-baseload CO2 is 1,033.985 lb/MWh: EPA says not for inventories
    assert 1033.985 not in set(shipped("epa-egrid")["value"])


def test_european_aggregates_and_lifecycle_sets_are_not_shipped():
    for dataset in ("eea-co2-intensity-6", "eea-ghg-intensity-2025"):
        assert not {"EU27_2020", "EU28"} & set(shipped(dataset)["region"])
    assert not any(p.stem.startswith(("ember", "electricity-maps", "aib")) for p in FACTORS.glob("*.csv"))


def test_korean_three_year_average_is_not_a_year():
    assert 0.4541 not in set(shipped("national-grid-provisional")["value"])


@pytest.mark.parametrize("dataset", GRID_DATASETS)
def test_sidecar_states_basis_boundary_and_verification(dataset):
    meta = tomllib.loads((FACTORS / f"{dataset}.toml").read_text(encoding="utf-8"))["dataset"]
    assert any(word in meta["basis"] for word in ("generat", "consumed"))  # which kWh the factor divides by
    assert "not lifecycle" in meta["boundary"]
    assert "How verified" in meta["notes"]


@pytest.mark.parametrize("dataset", ("eea-ghg-intensity-2025", "eccc-electricity-intensity", "national-grid-provisional"))
def test_single_source_datasets_say_provisional(dataset):
    meta = tomllib.loads((FACTORS / f"{dataset}.toml").read_text(encoding="utf-8"))["dataset"]
    assert "PROVISIONAL" in meta["title"]


def test_every_provisional_row_says_so():
    assert shipped("national-grid-provisional")["note"].str.startswith("PROVISIONAL").all()


# ---------------------------------------------------------------- against the staged tables

STAGED = {
    "epa-egrid": "epa-egrid-subregion-output-rates-egrid2019-2023.csv",
    "eea-co2-intensity-6": "eea-co2-intensity-electricity-generation-ed6-1990-2019.csv",
    "eea-ghg-intensity-2025": "eea-ghg-intensity-electricity-generation-ed2025-2023-2024.csv",
    "dcceew-nga": "dcceew-nga-electricity-scope2-2023-2024-2026.csv",
    "eccc-electricity-intensity": "eccc-electricity-consumption-intensity-v4.0-2024.csv",
    "national-grid-provisional": "national-grid-factors-secondary-mx-in-kr.csv",
}


def _year(text: str) -> int:
    return int(text) if text.isdigit() else int(text[:2] + text[5:])  # FY2023-24 -> 2024


@pytest.mark.skipif(SOURCE_DIR is None, reason="set GRID_SOURCE_DIR to the folder of staged grid tables")
@pytest.mark.parametrize("dataset", GRID_DATASETS)
def test_every_shipped_value_is_in_the_staged_table(dataset):
    source = pd.read_csv(SOURCE_DIR / STAGED[dataset], dtype=str, keep_default_na=False)
    year = source["data_year"] if "data_year" in source else source["edition"].str.split().str[-1]
    market = source["scope2_method"] == "market-based"
    printed = {}
    for region, y, gas, value, unit, residual in zip(source["region_code"], year, source["gas"], source["value"],
                                                     source["unit"], market):
        if y.replace("-", "").isdigit() and len(y) in (4, 7):
            printed.setdefault((region, _year(y), gas, residual), set()).add((float(value), unit))
    for factor_id, row in shipped(dataset).iterrows():
        residual = row["activity"] == "electricity.residual_mix"
        region = "AU" if residual else "AU-NSW" if row["region"] == "AU-ACT" else row["region"]  # as the sidecar says
        mass, _, _, per = row["unit"].split()
        assert (row["value"], f"{mass}/{per}") in printed.get((region, int(row["year_from"]), row["gas"], residual), set()), factor_id


@pytest.mark.skipif(SOURCE_DIR is None, reason="set GRID_SOURCE_DIR to the folder of staged grid tables")
def test_shipped_csvs_are_exactly_what_the_import_writes(tmp_path):
    subprocess.run([sys.executable, str(ROOT / "scripts" / "import_grid.py"), str(SOURCE_DIR), "--output", str(tmp_path)],
                   check=True, capture_output=True)
    for dataset in GRID_DATASETS:
        assert (tmp_path / f"{dataset}.csv").read_bytes() == (FACTORS / f"{dataset}.csv").read_bytes(), dataset
