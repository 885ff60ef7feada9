"""Intensities per revenue in the unit the company prints its revenue in (crore INR, Mio. EUR, 百万円, 億円),
in every command, without being asked; millions of the currency where no table prints revenue."""

from __future__ import annotations

import itertools
import json

import pytest
from click.testing import CliRunner

from ghgcalc.cli import main
from ghgcalc.figures.metrics import load_vocabulary
from ghgcalc.figures.money_unit import in_money, printed_money_unit
from tests.files import write_files

# The workspace below: Scope 1 from gas at its supplier's factor, no Scope 2. 2024: 320,000 m3 x 2.5 kg = 800 t
# CO2e over revenue printed 1,600.0 crore INR = 0.5 t CO2e per crore INR (1 crore = 10 million rupees, so 0.05 t
# per million INR). 2023: 352,000 m3 x 2.5 kg = 880 t over 1,100.0 crore = 0.8 t per crore INR.
PER_CRORE_2024 = 320_000 * 2.5 / 1000 / 1_600.0
PER_CRORE_2023 = 352_000 * 2.5 / 1000 / 1_100.0
UNIT = "t CO2e / (crore INR)"


def run(*args):
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exit_code in (0, 3), result.output
    return result


def workspace(root, revenue_unit="crore INR", currency="INR", revenue=("1,100.0", "1,600.0")):
    """A rupee reporter: emissions typed as reported, revenue printed in ``revenue_unit``, an intensity target
    and a scenario that grows with revenue."""
    return write_files(root, {
        "ghgcalc.toml":
            f'[workspace]\nname = "Rupee Co"\ngwp_set = "AR6GWP100"\ncurrency = "{currency}"\nbase_year = 2023\n\n'
            '[data]\nactivity = ["activity.csv"]\nreported = ["company.csv"]\ntargets = "targets.toml"\n'
            'scenarios = ["plan.toml"]\n',
        "activity.csv":
            "year,activity,quantity,unit,region,site,factor_value,factor_unit\n"
            "2023,natural_gas.stationary,352000,m3,IN,Pune,2.5,kg CO2e / m3\n"
            "2024,natural_gas.stationary,320000,m3,IN,Pune,2.5,kg CO2e / m3\n",
        "company.csv":
            "vintage,metric,year,value,unit\n"
            f'ar,revenue,2023,"{revenue[0]}",{revenue_unit}\nar,revenue,2024,"{revenue[1]}",{revenue_unit}\n',
        "targets.toml":
            '[targets.intensity-2030]\ntype = "intensity"\nquote = "Halve emissions per revenue by 2030."\n'
            'source = "Example"\nmetric = "ghg_location_per_revenue"\nbase_year = 2023\ntarget_year = 2030\n'
            'reduce_by = "50 %"\n',
        "plan.toml":
            '[scenario]\nname = "Rupee Co: plan"\nworkspace = "."\nstart_year = 2024\nhorizon = 2030\n'
            'scope2_method = "location"\nstart_from = "inventory"\n\n[drivers.revenue]\nstart = { figure = "revenue" }\n'
            'growth = "10 %"\nassumption = "10 % a year."\n\n[[levers]]\nid = "growth"\ntype = "growth"\n'
            'driver = "revenue"\nelasticity = 0.5\nassumption = "Emissions grow half as fast as revenue."\n',
    })


@pytest.fixture
def rupees(tmp_path):
    return workspace(tmp_path / "rupees")


def test_intensity_per_crore_as_printed(rupees):
    rows = {r["year"]: r for r in json.loads(run("intensity", rupees, "--numerator", "S1+2-location",
                                                 "--format", "json").stdout)["rows"]}
    assert rows[2024]["unit"] == UNIT and rows[2024]["value"] == pytest.approx(PER_CRORE_2024)
    assert rows[2023]["value"] == pytest.approx(PER_CRORE_2023)
    per_million = json.loads(run("intensity", rupees, "--numerator", "S1+2-location", "--currency", "million INR",
                                 "--format", "json").stdout)["rows"]
    assert per_million[-1]["value"] == pytest.approx(PER_CRORE_2024 / 10)  # asked for: 10 million rupees a crore


def test_report_disclose_gap_and_scenarios_say_crore(rupees):
    report = json.loads(run("report", rupees, "--format", "json").stdout)
    location = next(r for r in report["intensities"]
                    if r["item"] == "Scope 1 and location-based Scope 2 emissions per unit of revenue")
    assert location["unit"] == UNIT and location["value"] == pytest.approx(PER_CRORE_2024)
    gri = json.loads(run("disclose", rupees, "--standard", "gri-305", "--format", "json").stdout)["datapoints"]
    cell = next(d for d in gri if d["datapoint"] == "305-4-a (S1+2 location per revenue)")
    assert cell["unit"] == UNIT and cell["value"] == pytest.approx(PER_CRORE_2024)
    hkex = run("disclose", rupees, "--standard", "hkex").stdout
    assert "per crore INR of revenue" in " ".join(hkex.split()) and "million INR" not in hkex
    target = json.loads(run("gap", rupees, "--format", "json").stdout)["targets"][0]
    assert target["unit"] == UNIT and target["actual"]["value"] == pytest.approx(PER_CRORE_2024)
    assert target["base"]["as_set"]["value"] == pytest.approx(PER_CRORE_2023)
    scenario = json.loads(run("scenario", "run", rupees, "plan", "--format", "json").stdout)
    outcome = next(t for t in scenario["targets"] if t["id"] == "intensity-2030")
    assert outcome["unit"] == UNIT
    # 2030 after six years: emissions x 1.1^(0.5 x 6), revenue x 1.1^6, so the intensity x 1.1^-3
    assert outcome["base"]["value"] == pytest.approx(PER_CRORE_2023)
    assert outcome["in_target_year"]["projected"]["value"] == pytest.approx(PER_CRORE_2024 * 1.1 ** -3, rel=1e-6)
    for args in (["intensity", rupees], ["report", rupees], ["gap", rupees], ["scenario", "run", rupees, "plan"]):
        assert "crore INR" in run(*args).stdout


@pytest.mark.parametrize("printed, currency, label, per_million", [
    ("Mio. EUR", "EUR", "t CO2e / (Mio. EUR)", 1.0), ("EUR million", "EUR", "t CO2e / (EUR million)", 1.0),
    ("百万円", "JPY", "t CO2e / 百万円", 1.0), ("億円", "JPY", "t CO2e / 億円", 100.0),
    ("thousand USD", "USD", "t CO2e / (thousand USD)", 1e-3)])
def test_other_scales_as_printed(tmp_path, printed, currency, label, per_million):
    root = workspace(tmp_path / "co", printed, currency)
    row = json.loads(run("intensity", root, "--numerator", "S1+2-location", "--format", "json").stdout)["rows"][-1]
    assert row["unit"] == label
    assert row["value"] == pytest.approx(PER_CRORE_2024)  # per one printed unit of revenue, whatever its scale
    million = json.loads(run("intensity", root, "--numerator", "S1+2-location", "--currency", f"million {currency}",
                             "--format", "json").stdout)["rows"][-1]
    assert million["value"] == pytest.approx(PER_CRORE_2024 / per_million)


def test_the_latest_years_unit_of_the_workspaces_currency(tmp_path):
    table = tmp_path / "company.csv"
    table.write_text("vintage,metric,year,value,unit\nold,revenue,2022,\"118,050\",百万円\n"
                     "new,revenue,2023,\"1,236.8\",億円\nnew,revenue,2024,\"8,600\",USD million\n"
                     "new,workforce_total,2024,300,person\n", encoding="utf-8")
    assert printed_money_unit([table], "JPY") == "億円"  # 2024's revenue is in dollars: not the yen reporter's unit
    assert printed_money_unit([table], "USD") == "USD million"
    assert printed_money_unit([table], "EUR") is None


def test_a_workspace_that_prints_no_revenue_keeps_millions(tmp_path):
    root = workspace(tmp_path / "co")
    (root / "company.csv").write_text("vintage,metric,year,value,unit\nar,workforce_total,2024,300,person\n",
                                      encoding="utf-8")
    gri = json.loads(run("disclose", root, "--standard", "gri-305", "--format", "json").stdout)["datapoints"]
    cell = next(d for d in gri if d["datapoint"] == "305-4-a (S1+2 location per revenue)")
    assert cell["unit"] == "t CO2e / (million INR)" and cell["value"] is None


def test_money_units_in_the_vocabulary():
    assert in_money("t CO2e / (million RMB)", "億円") == "t CO2e / 億円"
    assert in_money("MWh / (million RMB)", "crore INR") == "MWh / (crore INR)"
    assert load_vocabulary(currency="EUR", money="Mio. EUR").unit("ghg_per_revenue") == "t CO2e / (Mio. EUR)"
    assert load_vocabulary(currency="JPY", money="億円").unit("revenue") == "億円"
    assert load_vocabulary(currency="HKD").unit("revenue") == "million HKD"


def test_a_company_metric_written_in_millions_still_restates_the_standard_one(tmp_path):
    root = workspace(tmp_path / "co", "億円", "JPY")
    (root / "metrics.csv").write_text("metric,unit,definition,formula\n"
                                      "ghg_location_per_revenue,t CO2e / (million JPY),,scope12_location / revenue\n",
                                      encoding="utf-8")
    target = json.loads(run("gap", root, "--format", "json").stdout)["targets"][0]
    assert target["unit"] == "t CO2e / 億円" and target["actual"]["value"] == pytest.approx(PER_CRORE_2024)
    assert "ghg_location_per_revenue' is now a standard metric" in run("check", root).stdout


def test_a_dollar_intensity_beside_revenue_in_rs_crore(tmp_path):
    # 2024: printed 4.0 t CO2e per USD million; at 80 rupees a dollar one crore (10 million rupees) is 0.125 million
    # dollars, so 4.0 x 0.125 = 0.5 t CO2e per crore, the 800 t over 1,600.0 crore of the activity data.
    root = workspace(tmp_path / "co", "Rs crore")
    with open(root / "company.csv", "a", encoding="utf-8") as table:
        table.write("esg,ghg_location_per_revenue,2024,4.0,t CO2e / (USD million)\n")
    (root / "fx.csv").write_text("date_or_year,from,to,rate,source\n2024,USD,INR,80,Example annual average\n",
                                 encoding="utf-8")
    config = root / "ghgcalc.toml"
    config.write_text(config.read_text(encoding="utf-8").replace("[data]\n", '[data]\nfx = "fx.csv"\n'),
                      encoding="utf-8")
    row = json.loads(run("intensity", root, "--numerator", "S1+2-location", "--format", "json").stdout)["rows"][-1]
    assert row["unit"] == "t CO2e / (Rs crore)" and row["printed_as"] == "ghg_location_per_revenue"
    assert row["value"] == pytest.approx(4.0 * 0.125) == pytest.approx(PER_CRORE_2024)
    assert (row["low"], row["high"]) == pytest.approx((3.95 * 0.125, 4.05 * 0.125))


def test_a_workspace_without_a_currency_keeps_the_one_its_reports_print(tmp_path):
    # No [workspace] currency; revenue printed 1,250.0 USD million; 100,000 m3 x 2.5 kg CO2e = 250 t: 0.2 t CO2e per
    # USD million in every command, none of them in RMB (the currency the shipped metrics are written in).
    root = tmp_path / "dollars"
    root.mkdir()
    (root / "ghgcalc.toml").write_text('[workspace]\nname = "Dollar Co"\ngwp_set = "AR6GWP100"\nbase_year = 2023\n\n'
                                       '[data]\nactivity = ["activity.csv"]\nreported = ["company.csv"]\n',
                                       encoding="utf-8")
    (root / "activity.csv").write_text("year,activity,quantity,unit,region,site,factor_value,factor_unit\n"
                                       "2023,natural_gas.stationary,100000,m3,US,Ohio,2.5,kg CO2e / m3\n",
                                       encoding="utf-8")
    (root / "company.csv").write_text('vintage,metric,year,value,unit\nar,revenue,2023,"1,250.0",USD million\n',
                                      encoding="utf-8")
    per_million = 100_000 * 2.5 / 1000 / 1_250.0
    gri = json.loads(run("disclose", root, "--standard", "gri-305", "--format", "json").stdout)["datapoints"]
    cell = next(d for d in gri if d["datapoint"] == "305-4-a (S1+2 location per revenue)")
    assert cell["unit"] == "t CO2e / (USD million)" and cell["value"] == pytest.approx(per_million)
    report = json.loads(run("report", root, "--format", "json").stdout)
    location = next(r for r in report["intensities"]
                    if r["item"] == "Scope 1 and location-based Scope 2 emissions per unit of revenue")
    assert location["unit"] == "t CO2e / (USD million)" and location["value"] == pytest.approx(per_million)
    for args in (["intensity", root], ["report", root], ["disclose", root, "--standard", "hkex"]):
        assert "RMB" not in run(*args).stdout


def test_the_money_unit_does_not_depend_on_the_order_of_the_files(tmp_path):
    # A sustainability report in A$M with an intensity per A$M, an annual report in A$ thousand (two years), a
    # management pack in A$ billion: every order of the three gives the unit the intensity is printed per.
    tables = write_files(tmp_path, {
        "sr.csv": "vintage,metric,year,value,unit\nsr,revenue,2024,\"1,284.6\",A$M\n"
                  "sr,ghg_market_per_revenue,2024,21.11,t CO2e / A$M\n",
        "ar.csv": "vintage,metric,year,value,unit\nar,revenue,2024,\"1,284,600\",A$ thousand\n"
                  "ar,revenue,2023,\"1,198,200\",A$ thousand\n",
        "mp.csv": "vintage,metric,year,value,unit\nmp,revenue,2024,1.2846,A$ billion\n"})
    names = [tables / n for n in ("sr.csv", "ar.csv", "mp.csv")]
    assert {printed_money_unit(order, "AUD") for order in itertools.permutations(names)} == {"AUD million"}
    # without the intensity: the latest year's revenue, then the unit printed most often (A$ thousand, twice)
    both = [tables / n for n in ("ar.csv", "mp.csv")]
    (tables / "sr.csv").write_text("vintage,metric,year,value,unit\nsr,revenue,2024,\"1,284.6\",A$M\n", encoding="utf-8")
    found = {printed_money_unit(order, "AUD") for order in itertools.permutations(both + [tables / "sr.csv"])}
    assert found == {"AUD thousand"}
    # a tie in every count: the larger scale
    assert {printed_money_unit(o, "AUD") for o in itertools.permutations([tables / "sr.csv", tables / "mp.csv"])} \
        == {"AUD billion"}
