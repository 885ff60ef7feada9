"""``ghgcalc init --currency``: the template's sites are in the currency's country (its grid, its certificates,
factors ghgcalc has), not China's; a currency the template has no country for gets fuels and a refrigerant
only. Every command runs on each, and Scope 2 is worked out here by hand from the cited factors."""

from __future__ import annotations

import csv
import json

import pytest
from click.testing import CliRunner

from ghgcalc.cli import main

LB = 0.45359237  # kg
# eGRID2023 RFC West, lb per MWh (CO2, CH4, N2O) under AR6 (CH4 27.9, N2O 273), t CO2e per MWh
RFCW = (911.321 + 0.071 * 27.9 + 0.010 * 273) * LB / 1000
DE_2023 = 0.316  # EEA, GHG intensity of electricity generation, Germany 2023, t CO2e per MWh
QC_2024, ON_2024 = 0.0026, 0.073  # ECCC, electricity consumption intensity 2024, Quebec and Ontario, t CO2e/MWh
JP_37 = 0.380  # Shikoku Electric, 2023 actuals, unadjusted, t CO2 per MWh (the template's own cited file)
JP_37_RESIDUAL = 0.464  # its menu C (residual)
SUPPLIER = 0.45  # the head office supplier's own factor on the row, t CO2e per MWh
CHINESE = ("CN-", "GEC", "China", "Chinese", "0.53 t CO2e", "RMB")


def run(*args, codes=(0, 3)):
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exit_code in codes, result.output
    return result


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    root = tmp_path_factory.mktemp("init")
    for currency in ("EUR", "USD", "GBP", "AUD", "JPY", "CAD", "INR"):
        assert run("init", root / currency, "--currency", currency).exit_code == 0
    return root


def scope2(folder):
    rows = json.loads(run("inventory", folder, "--format", "json").stdout)["rows"]
    return {r["scope2_method"]: r["value"] for r in rows if r["scope"] == "2"}


@pytest.mark.parametrize("currency", ["EUR", "USD", "GBP", "AUD", "JPY", "CAD", "INR"])
def test_no_file_of_the_template_is_chinese(made, currency):
    for path in (made / currency).rglob("*"):
        if path.is_file() and path.suffix != ".xlsx":
            text = path.read_text(encoding="utf-8")
            assert not [word for word in CHINESE if word in text], (path.name, [w for w in CHINESE if w in text])


def test_a_euro_company_has_german_sites_with_guarantees_of_origin(made):
    # 1,700 MWh at the German grid average; market-based: the 300 MWh under GOs count zero, the supplier's 200 MWh
    # its own factor, the rest the grid average (no residual mix ships for Germany: each line says so)
    assert scope2(made / "EUR") == pytest.approx({"location": 1_700 * DE_2023,
                                                  "market": 1_200 * DE_2023 + 200 * SUPPLIER})
    assert ",DE,manufacturing,Plant A,,GO," in (made / "EUR" / "activity.csv").read_text(encoding="utf-8")


def test_a_dollar_company_has_egrid_sites_with_recs(made):
    got = scope2(made / "USD")
    assert got["market"] == pytest.approx(1_200 * RFCW + 200 * SUPPLIER, rel=1e-6)
    assert got["location"] > 1_500 * RFCW  # and the head office's 200 MWh in California (CAMX)
    assert ",RFCW,manufacturing,Plant A,,REC," in (made / "USD" / "activity.csv").read_text(encoding="utf-8")


def test_a_yen_company_brings_its_cited_factor_file(made):
    # CO2 only, as Japanese retailers publish it; the 300 MWh on a renewable menu count zero market-based
    assert scope2(made / "JPY") == pytest.approx({"location": 1_700 * JP_37,
                                                  "market": 1_200 * JP_37_RESIDUAL + 200 * JP_37_RESIDUAL})
    assert 'factors = ["my-factors/"]' in (made / "JPY" / "ghgcalc.toml").read_text(encoding="utf-8")
    sidecar = (made / "JPY" / "my-factors" / "jp-electricity.toml").read_text(encoding="utf-8")
    assert "Shikoku Electric" in sidecar and "national average" in sidecar


def test_a_canadian_dollar_company_has_sites_in_quebec_and_ontario_on_eccc_factors(made):
    # ECCC publishes the provincial intensities for data year 2024 only, as CO2e under AR5: the workspace is
    # written for 2024 and under AR5GWP100. No residual mix ships for Canada: market-based, the grid average
    # for the Quebec plant's 1,200 MWh not under RECs, the supplier's own factor for the Ontario office
    assert scope2(made / "CAD") == pytest.approx({"location": 1_500 * QC_2024 + 200 * ON_2024,
                                                  "market": 1_200 * QC_2024 + 200 * SUPPLIER})
    assert ",CA-QC,manufacturing,Plant A,,REC," in (made / "CAD" / "activity.csv").read_text(encoding="utf-8")
    config = (made / "CAD" / "ghgcalc.toml").read_text(encoding="utf-8")
    assert 'base_year = 2024' in config and 'gwp_set = "AR5GWP100"' in config and 'currency = "CAD"' in config
    assert "2023" not in (made / "CAD" / "targets.toml").read_text(encoding="utf-8")
    plan = (made / "CAD" / "scenarios" / "plan.toml").read_text(encoding="utf-8")
    assert 'co2e_location = "36.5 t CO2e"' in plan and 500 * ON_2024 == pytest.approx(36.5)
    result = run("init", made / "CAD-again", "--currency", "CAD")
    assert "sites in Canada" in result.output and "no grid factor" not in result.output


def test_a_currency_without_a_country_gets_no_electricity(made):
    assert scope2(made / "INR") == {}
    text = (made / "INR" / "activity.csv").read_text(encoding="utf-8")
    assert "electricity" not in text


@pytest.mark.parametrize("currency, per_mwh", [("EUR", DE_2023), ("USD", RFCW), ("GBP", None), ("AUD", 0.68),
                                               ("JPY", JP_37)])
def test_the_plans_new_site_is_priced_at_the_countrys_grid(made, currency, per_mwh):
    plan = (made / currency / "scenarios" / "plan.toml").read_text(encoding="utf-8")
    line = next(text for text in plan.splitlines() if '"new-site-electricity"' in text)
    co2e = float(line.split('co2e_location = "')[1].split(" t")[0])
    if per_mwh is None:  # the UK's: the plant's own location-based factor, from the inventory
        per_mwh = scope2(made / currency)["location"] / 1_700
    assert co2e == round(500 * per_mwh)


@pytest.mark.parametrize("command", [
    ["explain", "{ws}", "--year", "2023", "--scope", "1"], ["intensity", "{ws}"], ["audit", "{ws}"], ["gap", "{ws}"],
    ["report", "{ws}"], ["disclose", "{ws}", "--standard", "esrs-e1"], ["check", "{ws}"],
    ["scenario", "run", "{ws}", "plan"]])
@pytest.mark.parametrize("currency", ["EUR", "USD", "GBP", "AUD", "JPY", "CAD", "INR"])
def test_every_command_runs_on_each_template(made, currency, command):
    result = run(*[part.format(ws=made / currency) for part in command])
    assert "RMB" not in result.output


def test_an_australian_dollar_company_is_offered_a_july_june_year_not_given_one(made):
    config = (made / "AUD" / "ghgcalc.toml").read_text(encoding="utf-8")
    assert '# fiscal_year_end = "06-30"' in config and '# fiscal_year_label = "end"' in config
    assert not [line for line in config.splitlines() if line.startswith("fiscal_year")]  # proposed, not imposed
    rows = json.loads(run("inventory", made / "AUD", "--format", "json").stdout)["rows"]
    assert {r["year"] for r in rows} == {2023} and "year_label" not in rows[0]
    for currency in ("EUR", "USD", "JPY"):
        assert "fiscal_year_end" not in (made / currency / "ghgcalc.toml").read_text(encoding="utf-8")


def test_uncommented_the_proposed_year_reads_as_the_year_it_ends_in(made, tmp_path):
    folder = tmp_path / "aud"
    assert run("init", folder, "--currency", "AUD").exit_code == 0
    config = folder / "ghgcalc.toml"
    config.write_text("\n".join(line.removeprefix("# ") if line.startswith("# fiscal_year_") else line
                                for line in config.read_text(encoding="utf-8").splitlines()) + "\n", encoding="utf-8")
    rows = json.loads(run("inventory", folder, "--format", "json").stdout)["rows"]
    assert {(r["year"], r["year_label"]) for r in rows} == {(2023, "FY2023")}


def test_a_won_company_is_told_of_the_korean_factor_ghgcalc_ships(tmp_path):
    output = " ".join(run("init", tmp_path / "krw", "--currency", "KRW").output.split())
    assert "national-grid-provisional (KR, 2023, PROVISIONAL" in output
    assert "no grid factor" not in output


def test_a_dollar_company_burns_gas_in_therms_and_diesel_in_us_gallons(made, tmp_path):
    """The US template's fuels are in the units its bills are: 9,150 therm of natural gas (105.505585 MJ each,
    brought to the net calorific value IPCC 2006's factor is on by DESNZ 2025's ratio 0.18457 / 0.20448) and
    2,100 US gallons of diesel (3.785411784 L, 0.8306 kg/L, 43 TJ/Gg): CO2 by hand, IPCC 2006 56,100 and
    74,100 kg CO2/TJ."""
    text = (made / "USD" / "activity.csv").read_text(encoding="utf-8")
    assert "natural_gas.stationary,9150,therm,US," in text and "diesel.mobile,2100,gal,US," in text
    lines = tmp_path / "lines.csv"
    run("inventory", made / "USD", "--lines", lines)
    co2 = {row["activity"]: float(row["co2e_t"]) for row in csv.DictReader(lines.open(encoding="utf-8"))
           if row["gas"] == "CO2"}
    gas_tj = 9_150 * 105.505585e-6 * (0.18457 / 0.20448)
    diesel_tj = 2_100 * 3.785411784 * 0.8306 * 43 / 1e6
    assert co2["natural_gas.stationary"] == pytest.approx(gas_tj * 56_100 / 1000, rel=1e-6)  # 48.88 t
    assert co2["diesel.mobile"] == pytest.approx(diesel_tj * 74_100 / 1000, rel=1e-6)  # 21.04 t
