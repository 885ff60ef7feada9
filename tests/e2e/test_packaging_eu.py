"""examples/packaging-eu, a fictitious EUR reporter with fiscal years and its own grid factors: the
figures of its SOURCES.md, by hand."""

import json

import pytest
from click.testing import CliRunner

from ghgcalc.cli import main
from tests.conftest import ROOT
from tests.epa_by_gas import AR6, kg_co2e_per_usd

EXAMPLE = ROOT / "examples" / "packaging-eu"

# FY2023/24 (2024), AR6 GWP-100: gas, fuel and refrigerant, each line of SOURCES.md
MAINZ_GAS = 46.08 * (56.1 + 0.001 * 29.8 + 0.0001 * 273)  # 12,800 MWh = 46.08 TJ; t per TJ
POZNAN_GAS = 410_000 * 0.7 / 1e6 * 48 * (56.1 + 0.001 * 29.8 + 0.0001 * 273)  # m3 -> Gg -> TJ
DIESEL = 90_000 * (2.4796 + 1.03571e-5 * 29.8 + 1.24151e-4 * 273) / 1000  # DESNZ 2024, per litre
SCOPE1_2024 = MAINZ_GAS + POZNAN_GAS + DIESEL + 0.018 * 4728  # R-404A 18 kg
LEEDS_POWER = 600 * (0.20493 + 3.21429e-5 * 27.9 + 4.60377e-6 * 273)  # DESNZ 2024 per gas, t per MWh
# FY2023/24 location-based: the shipped EEA 2024 intensities (DE 291, PL 566 g CO2e/kWh) for the year itself
# come before the workspace's own 2023 values, which 2024 would reach only by latest_earlier_year
SCOPE2_LOCATION_2024 = 8_200 * 0.291 + 6_000 * 0.566 + LEEDS_POWER
SCOPE2_MARKET_2024 = 4_200 * 0.650 + 6_000 * 0.790 + LEEDS_POWER  # 4,000 MWh under GOs count zero
TO_2022_USD = 1.0824 * 292.655 / 313.689  # EUR -> USD at the 2024 ECB average, then 2024 -> 2022 prices (CPI-U)
PAPERBOARD, RESIN = kg_co2e_per_usd("322130", AR6), kg_co2e_per_usd("325211", AR6)  # 0.830111, 1.047048 (AR5: 0.829, 1.045)
SCOPE3_2024 = (4_200_000 * TO_2022_USD * PAPERBOARD + 2_600_000 * TO_2022_USD * RESIN + 850_000 * (0.18196 + 0.00001 / 28 * 27.9 + 0.0009 / 265 * 273)
               + 120_000 * (0.0351 + 0.00008 / 28 * 27.9 + 0.00028 / 265 * 273)) / 1000
# DESNZ 2024 full set, rows 25 (air) and 87 (rail): the per-gas kg CO2e (AR5) re-weighted under AR6; the EPA
# spend factors recombined from EPA's by-GHG file under AR6 (tests/epa_by_gas.py), only their unspecified
# HFC/PFC part kept as published (AR5) under the workspace's fallback mixed_gwp


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_inventory_by_hand():
    result = run("inventory", EXAMPLE, "--format", "json")
    assert result.exit_code == 0, result.output
    rows = {}
    for r in json.loads(result.stdout)["rows"]:  # Scope 3 comes by category (1 and 6): added up
        key = (r["year"], r["scope"], r["scope2_method"])
        rows[key] = rows.get(key, 0.0) + r["value"]
    assert SCOPE1_2024 == pytest.approx(3672.69, abs=0.005)
    assert rows[(2024, "1", "")] == pytest.approx(SCOPE1_2024, rel=1e-6)
    assert rows[(2024, "2", "location")] == pytest.approx(SCOPE2_LOCATION_2024, rel=1e-6)
    assert rows[(2024, "2", "market")] == pytest.approx(SCOPE2_MARKET_2024, rel=1e-6)
    assert rows[(2024, "3", "")] == pytest.approx(SCOPE3_2024, rel=1e-6)


def test_target_from_the_printed_figures_and_the_computed_base():
    result = run("gap", EXAMPLE, "--format", "json")
    assert result.exit_code == 0, result.output
    target = json.loads(result.stdout)["targets"][0]
    assert target["year"] == 2024
    assert target["base"]["as_set"]["value"] == pytest.approx(14_720.00, abs=0.005)  # SOURCES.md
    assert target["target_level"]["value"] == pytest.approx(0.58 * 14_720.00, abs=0.005)
    assert target["actual"]["value"] == 3_673 + 7_594  # printed
    assert target["gap"]["value"] == pytest.approx(3_673 + 7_594 - 0.58 * 14_720.00, abs=0.005)


def test_fiscal_years_and_euros_in_the_outputs():
    result = run("intensity", EXAMPLE, "--numerator", "S1+2-market", "--format", "json")
    assert result.exit_code == 0, result.output
    row = next(r for r in json.loads(result.stdout)["rows"] if r["year"] == 2024)
    assert row["year_label"] == "FY2023/24" and row["unit"] == "t CO2e / (EUR million)"
    # the report prints the intensity itself, 32.9, and printed is the default: it is the figure (as in report,
    # disclose and gap); the printed Scope 1 and Scope 2 over revenue, (3,673 + 7,594) / 342.8 = 32.8676, beside it
    assert row["value"] == pytest.approx(32.9, rel=1e-12) and row["printed_as"] == "ghg_market_per_revenue"
    assert row["from_parts"] == pytest.approx((3_673 + 7_594) / 342.8, rel=1e-9)
    gri = json.loads(run("disclose", EXAMPLE, "--standard", "gri-305", "--format", "json").stdout)
    s3 = next(d for d in gri["datapoints"] if d["datapoint"] == "305-4-a (S3 per revenue)")
    assert s3["unit"] == "t CO2e / (EUR million)" and s3["value"] == pytest.approx(SCOPE3_2024 / 342.8, rel=1e-6)


def test_the_audit_finds_the_misprint_on_purpose():
    result = run("audit", EXAMPLE, "--format", "json")
    assert result.exit_code == 1  # one printed figure does not reproduce, as SOURCES.md says
    findings = json.loads(result.stdout)["findings"]
    off = [f for f in findings if f["verdict"] == "not_reproduced"]
    assert [(f["metric"], f["year"], f["reported"]["year_label"]) for f in off] == [("scope2_location", 2023, "FY2022/23")]


def test_a_renewable_electricity_target_is_tracked_from_the_activity_data():
    result = run("gap", EXAMPLE, "--target", "renewable-electricity-2030", "--format", "json")
    assert result.exit_code in (0, 3), result.output
    (target,) = json.loads(result.stdout)["targets"]
    # FY2023/24: 4,000 MWh under guarantees of origin of 4,200 + 4,000 + 6,000 + 600 = 14,800 MWh bought
    assert target["actual"]["value"] == pytest.approx(100 * 4_000 / 14_800)  # 27.03 %
    # a straight line from 0 % in FY2021/22 to 100 % in FY2029/30: 25 % two years on
    assert target["pathway_value"]["value"] == pytest.approx(25.0)


def test_the_headline_adds_up_the_printed_parts_before_using_the_computed_total():
    result = run("report", EXAMPLE, "--format", "json")
    headline = {row["item"]: row for row in json.loads(result.stdout)["headline"]}
    # the annual report prints Scope 1 (3,673) and market-based Scope 2 (7,594) for FY2023/24, not their sum;
    # the sum of the printed parts, 11,267, is shown (the activity data give 11,266.94, the audit compares them)
    total = headline["Scope 1+2, market-based"]
    assert total["value"] == pytest.approx(3_673 + 7_594) and total["status"] == "derived"
