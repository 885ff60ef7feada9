"""The manufacturer example, built from activity data, through every command; figures checked by hand.

Factors (factors/*.csv): MEE/NBS 2022 provincial grid averages, Jiangsu 0.5978 and Guangdong
0.4403 kg CO2/kWh (2023 and 2024 use them through the workspace's latest_earlier_year rule);
DESNZ 2024 UK grid electricity 0.20493 kg CO2, 3.21429e-05 kg CH4 and 4.60377e-06 kg N2O per
kWh; AR6 GWP-100: CH4 27.9, N2O 273, R-410A = 0.5 x HFC-32 (771) + 0.5 x HFC-125 (3,740) = 2,255.5.
"""

import json

import pytest
from click.testing import CliRunner

from ghgcalc.cli import main
from tests.conftest import ROOT

EXAMPLE = str(ROOT / "examples" / "manufacturer")
UK_2024 = 0.20493 + 3.21429e-05 * 27.9 + 4.60377e-06 * 273  # kg CO2e per kWh = t per MWh: 0.2070836
SCOPE2_LOCATION_2024 = 21_000 * 0.5978 + 14_200 * 0.4403 + 420 * UK_2024  # 12,553.80 + 6,252.26 + 86.98 = 18,893.04
# Market-based: 6,000 MWh under GEC certificates (Suzhou) and 5,000 MWh under a PPA (Dongguan) count zero;
# no residual mix is published for a province, so the rest keeps the location-based factor.
SCOPE2_MARKET_2024 = 15_000 * 0.5978 + 9_200 * 0.4403 + 420 * UK_2024  # 8,967.00 + 4,050.76 + 86.98 = 13,104.74
HFCS_2024 = 30 / 1000 * (0.5 * 771 + 0.5 * 3740)  # 30 kg R-410A: 67.665 t CO2e


def run(*args):
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code in (0, 3), result.output
    return result


@pytest.fixture(scope="module")
def inventory():
    rows = json.loads(run("inventory", EXAMPLE, "--format", "json").stdout)["rows"]
    return {(r["year"], r["scope"], r["scope2_method"]): r["value"] for r in rows}


def test_scope2_both_methods_by_hand(inventory):
    assert inventory[(2024, "2", "location")] == pytest.approx(SCOPE2_LOCATION_2024, abs=0.005)
    assert inventory[(2024, "2", "market")] == pytest.approx(SCOPE2_MARKET_2024, abs=0.005)


def test_refrigerant_by_hand():
    rows = json.loads(run("inventory", EXAMPLE, "--format", "json", "--by", "year,scope2_method,gas", "--year", "2024").stdout)["rows"]
    assert {r["gas"]: r["co2e"] for r in rows}["HFC410a"] == pytest.approx(HFCS_2024)  # R-410A, named as the alias table says


def test_intensity_per_revenue_from_the_computed_inventory(inventory):
    doc = json.loads(run("intensity", EXAMPLE, "--numerator", "S1+2-market", "--format", "json").stdout)
    by_year = {r["year"]: r for r in doc["rows"]}
    scope12 = inventory[(2024, "1", "")] + SCOPE2_MARKET_2024
    assert by_year[2024]["value"] == pytest.approx(scope12 / 3012.8, rel=1e-6)  # revenue printed "3,012.8"
    assert by_year[2024]["inputs"][0].startswith("computed from activity.csv, scope3.csv: scope12_market 2024")
    assert set(by_year) == {2021, 2022, 2023, 2024}


def test_intensity_per_capita_gives_every_year():
    doc = json.loads(run("intensity", EXAMPLE, "--per", "capita", "--format", "json").stdout)
    assert sorted({r["year"] for r in doc["rows"]}) == [2021, 2022, 2023, 2024]
    assert {r["numerator"] for r in doc["rows"]} == {"scope12_location", "scope12_market"}


def test_gap_defaults_to_the_latest_inventory_year(inventory):
    doc = json.loads(run("gap", EXAMPLE, "--format", "json").stdout)
    assert doc["year"] == 2024
    target = next(t for t in doc["targets"] if t["id"] == "scope12-2030")
    base = inventory[(2021, "1", "")] + inventory[(2021, "2", "market")]
    actual = inventory[(2024, "1", "")] + inventory[(2024, "2", "market")]
    assert target["actual"]["value"] == pytest.approx(actual, abs=0.01)
    assert target["gap"]["value"] == pytest.approx(actual - 0.58 * base, abs=0.01)  # reduce by 42 %: 58 % remains


@pytest.mark.parametrize("command", [["explain", "--year", "2024", "--scope", "2", "--method", "market"],
                                     ["audit"], ["report"]])
def test_every_other_command_runs(command):
    run(command[0], EXAMPLE, *command[1:])


def test_scenario_starts_from_the_inventory_to_the_hundredth_of_a_tonne(inventory):
    from ghgcalc.scenarios.run import run_scenario

    first = run_scenario("plan", EXAMPLE).to_dict()["years"][0]
    assert first["year"] == 2024
    assert first["scope1"]["value"] == pytest.approx(inventory[(2024, "1", "")], abs=0.01)
    assert first["scope2_location"]["value"] == pytest.approx(inventory[(2024, "2", "location")], abs=0.01)
    assert first["scope2_market"]["value"] == pytest.approx(inventory[(2024, "2", "market")], abs=0.01)
    # 6,000 MWh under certificates + 5,000 MWh under the PPA are held as renewable electricity
    assert first["energy_renewable"]["value"] == pytest.approx(11_000)
    assert first["electricity"]["value"] == pytest.approx(21_000 + 14_200 + 420)


@pytest.mark.parametrize("command", [["scenario", "run", EXAMPLE, "plan"], ["scenario", "compare", EXAMPLE, "bau", "plan"],
                                     ["scenario", "seek", EXAMPLE, "plan", "--lever", "renewable-ppa", "--parameter",
                                      "share.2030", "--target", "scope12-2030"]])
def test_scenario_commands_run_on_the_workspace_scenarios(command):
    result = CliRunner().invoke(main, command)
    assert result.exit_code in (0, 3), result.output


def test_the_html_report_lists_the_workspace_scenarios(tmp_path):
    page = tmp_path / "report.html"
    run("report", EXAMPLE, "--html", str(page))
    text = page.read_text(encoding="utf-8")
    assert '<section id="scenarios">' in text
    assert "Hengtai: plan" in text and "Hengtai: business as usual" in text
    assert "6,526.01" in text  # the plan's 2030 Scope 1+2, as ghgcalc scenario compare prints it


def test_fallbacks_are_named_in_the_output_not_only_in_the_lineage():
    result = CliRunner().invoke(main, ["inventory", EXAMPLE, "--year", "2024", "--format", "json"])
    fallbacks = {(f["region"], f["scope2_method"]): f for f in json.loads(result.stdout)["fallbacks"]
                 if f["activity"] == "electricity.grid"}
    # the MEE provincial factors stop at 2022: 2024 uses them (latest_earlier_year) and says so
    assert fallbacks[("CN-JS", "location")]["co2e_t"] == pytest.approx(21_000 * 0.5978)  # 12,553.80 t
    assert fallbacks[("CN-GD", "location")]["co2e_t"] == pytest.approx(14_200 * 0.4403)  # 6,252.26 t
    # market-based: no residual mix is published either; 6,000 MWh (GEC) and 5,000 MWh (PPA) are not in it
    assert fallbacks[("CN-JS", "market")]["co2e_t"] == pytest.approx(15_000 * 0.5978)  # 8,967.00 t
    assert "no residual mix for region CN-GD in 2024" in fallbacks[("CN-GD", "market")]["fallback"]
    text = CliRunner().invoke(main, ["inventory", EXAMPLE, "--year", "2024"]).stdout
    assert "- 2024 electricity.grid CN-JS (location-based): latest_earlier_year: 2024 -> 2022 (12,553.80 t CO2e)" in text
