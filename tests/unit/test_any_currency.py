"""Money in the workspace's currency: any ISO 4217 code, the scale words reports print, one figure everywhere."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from ghgcalc.cli import main
from ghgcalc.core import units
from ghgcalc.errors import CurrencyError
from ghgcalc.figures.metrics import load_vocabulary
from ghgcalc.figures.money import currency_of, known_currencies, load_fx, money_factor
from ghgcalc.figures.reported import read_reported
from ghgcalc.workspace.template import create_workspace
from tests.yen_workspace import ACTIVITY_HEADER, growth_plan, nagoya_gas, revenue_in_oku_yen

# Scope 1 of the workspace below: 100,000 m3 of gas x 2.5 kg CO2e / m3 (its supplier's factor) = 250 t CO2e;
# no Scope 2, so Scope 1+2 (either method) is 250 t. Revenue: 1,250.0 億円 = 125,000 million JPY.
SCOPE12 = 100_000 * 2.5 / 1000
PER_OKU = SCOPE12 / 1_250.0  # 0.2 t CO2e per 億円 (100 million yen)
PER_MILLION = SCOPE12 / 125_000.0  # 0.002 t CO2e per million JPY


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture
def yen(tmp_path):
    """A workspace made by init in JPY, revenue printed in 億円, a company metric and a target per 億円."""
    root = tmp_path / "yen"
    create_workspace(root, name="Yen Co", currency="JPY")
    (root / "activity.csv").write_text(ACTIVITY_HEADER + nagoya_gas(2023, 100_000) + nagoya_gas(2024, 100_000),
                                       encoding="utf-8")
    (root / "reported" / "company.csv").write_text(
        revenue_in_oku_yen((2023, "1,250.0"), (2024, "1,250.0")) + "annual-report,workforce_total,2023,640,person\n",
        encoding="utf-8")
    (root / "metrics.csv").write_text("metric,unit,definition,formula\n"
                                      "ghg_per_oku_yen,t CO2e / 億円,Scope 1+2 per 100 million yen,scope12_location / revenue\n",
                                      encoding="utf-8")
    (root / "scenarios" / "plan.toml").write_text(growth_plan("Yen Co: plan", 2023, 2030), encoding="utf-8")
    with open(root / "targets.toml", "a", encoding="utf-8") as targets:
        targets.write('\n[targets.intensity-2030]\ntype = "intensity"\nquote = "Cut emissions per 億円 by 20 %."\n'
                      'source = "Example"\nmetric = "ghg_per_oku_yen"\nbase_year = 2023\ntarget_year = 2030\n'
                      'reduce_by = "20 %"\n')
    return root


def test_every_iso_code_is_a_currency_of_its_own():
    codes = known_currencies()
    assert {"JPY", "EUR", "INR", "CHF", "SEK", "KRW", "BRL", "ZAR", "RMB"} <= set(codes) and len(codes) > 150
    assert units.parse_unit("SEK million").dimensionality == units.parse_unit("SEK").dimensionality
    with pytest.raises(CurrencyError, match="needs an exchange-rate table"):
        money_factor("million SEK", "million NOK")


@pytest.mark.parametrize("unit, yen", [("億円", 1e8), ("百万円", 1e6), ("千円", 1e3), ("億 JPY", 1e8), ("円", 1)])
def test_japanese_scale_words(unit, yen):
    assert money_factor(unit, "JPY") == pytest.approx(yen)


@pytest.mark.parametrize("unit, amount, to", [("lakh INR", 1e5, "INR"), ("crore INR", 1e7, "INR"),
                                              ("万元", 1e4, "RMB"), ("亿元", 1e8, "RMB"), ("亿 RMB", 1e8, "RMB")])
def test_indian_and_chinese_scale_words(unit, amount, to):
    assert money_factor(unit, to) == pytest.approx(amount)


def test_an_unknown_word_is_named():
    with pytest.raises(units.UnitError, match="'JPX' is unknown"):
        units.parse_unit("億 JPX")


def test_the_vocabulary_keeps_money_in_the_workspace_currency():
    vocabulary = load_vocabulary(currency="HKD")
    assert vocabulary.unit("revenue") == "million HKD"
    assert vocabulary.unit("ghg_per_revenue") == "t CO2e / (million HKD)"
    assert load_vocabulary().unit("revenue") == "million RMB"  # no currency: as before


def test_intensity_per_oku_yen(yen):
    result = run("intensity", yen, "--numerator", "S1+2-location", "--currency", "億円", "--format", "json")
    assert result.exit_code == 0, result.output
    row = next(r for r in json.loads(result.stdout)["rows"] if r["year"] == 2023)
    assert row["unit"] == "t CO2e / 億円"
    assert row["value"] == pytest.approx(PER_OKU)
    result = run("intensity", yen, "--numerator", "S1+2-location", "--currency", "million JPY", "--format", "json")
    row = next(r for r in json.loads(result.stdout)["rows"] if r["year"] == 2023)
    assert row["unit"] == "t CO2e / (million JPY)" and row["value"] == pytest.approx(PER_MILLION)


def test_the_intensity_is_per_the_unit_the_company_prints_revenue_in(yen):
    # revenue is printed in 億円: without --currency the intensity is 250 t / 1,250.0 億円 = 0.2 t CO2e per 億円
    result = run("intensity", yen, "--numerator", "S1+2-location", "--format", "json")
    row = next(r for r in json.loads(result.stdout)["rows"] if r["year"] == 2023)
    assert row["unit"] == "t CO2e / 億円" and row["value"] == pytest.approx(PER_OKU)
    assert "per revenue in 億円" in run("intensity", yen, "--numerator", "S1+2-location").output


def test_one_intensity_in_gap_report_disclose_and_scenarios(yen):
    gap = run("gap", yen, "--year", "2023", "--format", "json")
    assert gap.exit_code in (0, 3), gap.output
    target = next(t for t in json.loads(gap.stdout)["targets"] if t["id"] == "intensity-2030")
    assert target["unit"] == "t CO2e / 億円"
    assert target["actual"]["value"] == pytest.approx(PER_OKU)
    report = run("report", yen, "--year", "2023", "--format", "json")
    assert report.exit_code == 0, report.output
    rows = {r["item"]: r for r in json.loads(report.stdout)["intensities"]}
    location = rows["Scope 1 and location-based Scope 2 emissions per unit of revenue"]
    assert location["unit"] == "t CO2e / 億円" and location["value"] == pytest.approx(PER_OKU)
    disclosed = run("disclose", yen, "--standard", "esrs-e1", "--year", "2023", "--format", "json")
    assert disclosed.exit_code == 0, disclosed.output
    per_revenue = [c for c in json.loads(disclosed.stdout)["datapoints"] if "億円" in str(c.get("unit"))]
    assert per_revenue, disclosed.stdout[:400]
    assert not [c for c in json.loads(disclosed.stdout)["datapoints"] if "JPY" in str(c.get("unit"))]
    assert all(c["value"] is None or c["value"] == pytest.approx(PER_OKU) for c in per_revenue
               if "CO2e" in c["unit"] and "location" in c["label"].lower())
    scenario = run("scenario", "run", yen, "plan", "--format", "json")
    assert scenario.exit_code in (0, 3), scenario.output
    outcome = next(t for t in json.loads(scenario.stdout)["targets"] if t["id"] == "intensity-2030")
    assert outcome["unit"] == "t CO2e / 億円"
    assert outcome["base"]["value"] == pytest.approx(PER_OKU)


@pytest.mark.parametrize("command", [("inventory",), ("audit",), ("intensity",), ("gap",), ("report",),
                                     ("disclose", "--standard", "esrs-e1"), ("scenario", "run", "{root}", "plan"),
                                     ("explain", "--year", "2023", "--scope", "1")])
def test_no_rmb_in_any_output_of_a_yen_workspace(yen, command):
    args = [a.replace("{root}", str(yen)) for a in command]
    args = args if "{root}" in " ".join(command) else args[:1] + [str(yen)] + args[1:]
    for fmt in ("text" if command[0] == "report" else "table", "json"):
        result = run(*args, "--format", fmt)
        assert result.exit_code in (0, 1, 3), result.output
        assert result.output.strip()
        assert not re.search(r"RMB|CNY|yuan", result.output), result.output


# A revenue of USD 1,000 million read in a workspace whose money unit names no code: kept in dollars at the
# money unit's scale (1,000 x 1e6 / 1e8 = 10 of "100 million USD" beside 億円), never refused and never converted
# without a rate.
@pytest.mark.parametrize("money, currency, scale", [
    ("億円", "JPY", 1e8), ("百万円", "JPY", 1e6), ("亿元", "RMB", 1e8), ("万元", "RMB", 1e4),
    ("Rs crore", "INR", 1e7), ("₹ crore", "INR", 1e7), ("€ million", "EUR", 1e6)])
def test_a_figure_in_another_currency_reads_beside_any_money_unit(tmp_path, money, currency, scale):
    table = tmp_path / "company.csv"
    table.write_text("vintage,metric,year,value,unit\nar,revenue,2023,\"1,000\",USD million\n"
                     "ar,ghg_location_per_revenue,2023,0.5,t CO2e / (USD million)\n", encoding="utf-8")
    read = read_reported([table], load_vocabulary(currency=currency, money=money)).set_index("metric")
    assert [currency_of(u) for u in read["canonical_unit"]] == [("USD", 1), ("USD", -1)]
    assert read.loc["revenue", "value_c"] == pytest.approx(1_000 * 1e6 / scale)
    assert read.loc["ghg_location_per_revenue", "value_c"] == pytest.approx(0.5 * scale / 1e6)


def test_a_dollar_intensity_in_a_workspace_printing_oku_yen(yen):
    # The 2023 intensity printed as 0.28 t CO2e per USD million, at 140 yen a dollar, is 0.28 per 140 million yen,
    # 0.28 x 100 / 140 = 0.2 t CO2e per 億円 (100 million yen); its printed precision, 0.275 to 0.285, goes along.
    with open(yen / "reported" / "company.csv", "a", encoding="utf-8") as table:
        table.write("sustainability-report,ghg_location_per_revenue,2023,0.28,t CO2e / (USD million)\n")
    (yen / "fx.csv").write_text("date_or_year,from,to,rate,source\n2023,USD,JPY,140,Example annual average\n",
                                encoding="utf-8")
    config = yen / "ghgcalc.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('# fx = "fx.csv"', 'fx = "fx.csv"'), encoding="utf-8")
    result = run("intensity", yen, "--numerator", "S1+2-location", "--format", "json")
    assert result.exit_code == 0, result.output
    row = next(r for r in json.loads(result.stdout)["rows"] if r["year"] == 2023)
    assert row["printed_as"] == "ghg_location_per_revenue" and row["unit"] == "t CO2e / 億円"
    assert row["value"] == pytest.approx(0.28 * 100 / 140)
    assert (row["low"], row["high"]) == pytest.approx((0.275 * 100 / 140, 0.285 * 100 / 140))
    assert row["fx"].startswith("1 USD = 140 JPY (fx.csv row 2")


def test_init_and_a_workspace_in_cny_compute_what_rmb_does(tmp_path):
    # CNY is the renminbi's ISO 4217 code: init takes it (China's example rows), and the workspace computes the
    # intensities the same workspace in RMB does, labelled as its files print revenue (CNY million).
    made = run("init", tmp_path / "cny", "--currency", "CNY")
    assert made.exit_code == 0, made.output
    assert "sites in China" in made.output
    assert 'currency = "CNY"' in (tmp_path / "cny" / "ghgcalc.toml").read_text(encoding="utf-8")
    assert run("init", tmp_path / "rmb", "--currency", "RMB").exit_code == 0
    rows = {}
    for name in ("cny", "rmb"):
        result = run("intensity", tmp_path / name, "--format", "json")
        assert result.exit_code == 0, result.output
        rows[name] = json.loads(result.stdout)["rows"]
    assert [r["unit"] for r in rows["cny"]] == ["t CO2e / (CNY million)"] * len(rows["rmb"])
    assert [r["unit"] for r in rows["rmb"]] == ["t CO2e / (RMB million)"] * len(rows["rmb"])
    assert [(r["numerator"], r["value"]) for r in rows["cny"]] == [(r["numerator"], r["value"]) for r in rows["rmb"]]


def test_an_fx_table_may_name_the_renminbi_by_its_code(tmp_path):
    fx = tmp_path / "fx.csv"
    fx.write_text("date_or_year,from,to,rate,source\n2023,USD,CNY,7.0809,Example annual average\n", encoding="utf-8")
    assert money_factor("USD million", "亿元", 2023, load_fx(fx)) == pytest.approx(7.0809 / 100)


def test_a_revenue_restated_in_another_currency_is_compared_through_the_rate(yen):
    # 2024's revenue: 1,250.0 億円 in the annual report, 892.9 USD million in a later report. At 150 yen a dollar,
    # 1,250.0 億円 = 125,000 million yen = 833.33 USD million, so the later figure is 59.57 higher: +7.148 %, a
    # restatement; the two printed numbers are never compared as they stand (1,250.0 against 892.9).
    with open(yen / "reported" / "company.csv", "a", encoding="utf-8") as table:
        table.write('sustainability-report,revenue,2024,"892.9",USD million\n')
    config = yen / "ghgcalc.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('# fx = "fx.csv"', 'fx = "fx.csv"'), encoding="utf-8")
    fx = yen / "fx.csv"
    fx.write_text("date_or_year,from,to,rate,source\n2024,USD,JPY,150,Example annual average\n", encoding="utf-8")
    result = run("audit", yen, "--format", "json")
    assert result.exit_code in (0, 1), result.output
    found = next(f for f in json.loads(result.stdout)["findings"] if f["kind"] == "restatement")
    assert found["verdict"] == "restated" and found["significant"]
    assert found["change"]["percent"] == pytest.approx((892.9 - 125_000 / 150) / (125_000 / 150) * 100)
    assert "+59.6 USD million (+7.15%)" in found["detail"] and "1 JPY = 0.00666667 USD for 2024" in found["detail"]
    fx.write_text("date_or_year,from,to,rate,source\n2023,USD,JPY,140,Example annual average\n", encoding="utf-8")
    found = next(f for f in json.loads(run("audit", yen, "--format", "json").stdout)["findings"]
                 if f["kind"] == "restatement")
    assert found["verdict"] == "not_checkable" and "needs an exchange rate for 2024" in found["detail"]
    assert "restatement not checkable: annual-report printed 1,250.0 億円" in " ".join(run("audit", yen).stdout.split())
