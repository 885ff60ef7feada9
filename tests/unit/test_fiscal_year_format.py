"""Fiscal years printed as the company prints them: one style (``fiscal_year_format``, or the one the workspace
types), in every command, audit and intensity included; a lever's year typed as the company labels it."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from ghgcalc.cli import main
from ghgcalc.core.years import FiscalYears, YearError
from ghgcalc.scenarios.definitions import load_scenario
from ghgcalc.scenarios.goalseek import seek
from ghgcalc.errors import ConfigError
from ghgcalc.workspace.config import WorkspaceFileError, load_workspace
from tests.fiscal_workspace import fiscal_workspace
from tests.yen_workspace import ACTIVITY_HEADER


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


# The year ending 31 March 2024 (counted as 2024) and the one ending March 2031, written in each style; labelled
# by their start, one-year labels name the year each starts in (2023, 2030)
@pytest.mark.parametrize("style, by_end, by_start, end_2031", [
    ("FY2024", "FY2024", "FY2023", "FY2031"), ("FY2023/24", "FY2023/24", "FY2023/24", "FY2030/31"),
    ("2023-24", "2023-24", "2023-24", "2030-31"), ("FY24", "FY24", "FY23", "FY31"),
    ("GJ 2023/24", "GJ 2023/24", "GJ 2023/24", "GJ 2030/31"), ("FY'24", "FY'24", "FY'23", "FY'31"),
    ("FY2023/2024", "FY2023/2024", "FY2023/2024", "FY2030/2031"), ("fy 2024", "fy 2024", "fy 2023", "fy 2031"),
])
def test_a_style_prints_every_year_alike(style, by_end, by_start, end_2031):
    assert FiscalYears("03-31", "end", style).label_of(2024) == by_end
    assert FiscalYears("03-31", "start", style).label_of(2024) == by_start
    assert FiscalYears("03-31", "end", style).label_of(2031) == end_2031


def test_without_a_style_labels_are_as_before():
    assert FiscalYears("03-31", "end").label_of(2024) == "FY2023/24"
    assert FiscalYears("03-31", "start").label_of(2024) == "FY2023"
    assert FiscalYears(None, "end").label_of(2024) == "2024"


@pytest.mark.parametrize("style", ["Year 2024", "Fiscal", "FY2023/25", "24", "FY20244", ""])
def test_what_is_not_one_label_is_refused(style):
    with pytest.raises(YearError):
        FiscalYears("03-31", "end", style or " ")


@pytest.fixture
def indian(tmp_path):
    """An INR workspace whose fiscal years end 31 March and are labelled by their end year, typed "FY2025"."""
    return fiscal_workspace(
        tmp_path / "in", "INR", "end",
        ACTIVITY_HEADER +
        "FY2024,natural_gas.stationary,120000,m3,IN,india,Pune,,,2.5,kg CO2e / m3\n"
        "FY2025,natural_gas.stationary,100000,m3,IN,india,Pune,,,2.5,kg CO2e / m3\n"
        "FY2024,electricity.grid,400,MWh,IN,india,Pune,,supplier,0.5,t CO2e / MWh\n"
        "FY2025,electricity.grid,400,MWh,IN,india,Pune,,supplier,0.5,t CO2e / MWh\n",
        'vintage,metric,year,value,unit\nannual-report,revenue,FY2024,"1,200.0",crore INR\n'
        'annual-report,revenue,FY2025,"1,250.0",crore INR\n', base_year="FY2024")


def _set(root, line):
    toml = (root / "ghgcalc.toml").read_text(encoding="utf-8")
    (root / "ghgcalc.toml").write_text(toml.replace('fiscal_year_label = "end"', f'fiscal_year_label = "end"\n{line}'),
                                       encoding="utf-8")


def _labels_in_every_command(root):
    gap = run("gap", root, "--year", "FY2025")
    assert gap.exit_code in (0, 3), gap.output
    audit = run("audit", root)
    assert audit.exit_code in (0, 1), audit.output
    intensity = run("intensity", root, "--numerator", "S1+2-location", "--currency", "crore INR", "--format", "json")
    assert intensity.exit_code == 0, intensity.output
    rows = json.loads(intensity.stdout)["rows"]
    document = json.loads(run("gap", root, "--year", "FY2025", "--format", "json").stdout)
    return gap.stdout, audit.stdout, {r["year"]: r["year_label"] for r in rows}, document


def test_the_style_the_workspace_types_is_the_one_printed(indian):
    """Every year the workspace types is "FY<end year>": gap, audit and intensity print FY2025, not FY2024/25."""
    assert load_workspace(indian).fiscal_year_format == "FY2024"  # the first label typed, as the example
    gap, audit, intensity, document = _labels_in_every_command(indian)
    assert "progress towards targets in FY2025 " in gap and "by FY2030" in gap and "/25" not in gap
    assert "(FY2025 = 1 April 2024 to 31 March 2025, counted as 2025)" in audit
    assert intensity == {2024: "FY2024", 2025: "FY2025"}
    assert (document["year"], document["year_label"]) == (2025, "FY2025")
    [target] = document["targets"]
    assert (target["target_year"], target["target_year_label"]) == (2030, "FY2030")


def test_a_stated_style_wins(indian):
    _set(indian, 'fiscal_year_format = "2023-24"')
    gap, audit, intensity, document = _labels_in_every_command(indian)
    assert "progress towards targets in 2024-25 " in gap and "by 2029-30" in gap
    assert "(2024-25 = 1 April 2024 to 31 March 2025" in audit
    assert intensity == {2024: "2023-24", 2025: "2024-25"}
    assert document["targets"][0]["target_year_label"] == "2029-30"


def test_mixed_styles_typed_keep_the_default(indian):
    (indian / "targets.toml").write_text((indian / "targets.toml").read_text().replace('"FY2030"', '"FY2029/30"'))
    assert load_workspace(indian).fiscal_year_format == ""
    gap, audit, intensity, _ = _labels_in_every_command(indian)
    assert "progress towards targets in FY2024/25 " in gap
    assert intensity == {2024: "FY2023/24", 2025: "FY2024/25"}  # the audit and intensity too: one style


@pytest.mark.parametrize("line, message", [
    ('fiscal_year_format = "Year 2024"', "'Year 2024' is not a fiscal-year label to print years like"),
    ('fiscal_year_format = "FY2023/25"', "'FY2023/25' is not a fiscal year: the second year must follow the first"),
])
def test_check_names_a_bad_style(indian, line, message):
    _set(indian, line)
    with pytest.raises(WorkspaceFileError) as caught:
        load_workspace(indian)
    [problem] = caught.value.problems
    assert problem.startswith("ghgcalc.toml, line ") and f"[workspace] fiscal_year_format: {message}" in problem
    result = run("check", indian)
    assert result.exit_code != 0 and "fiscal_year_format" in result.output and message in result.output


def test_a_style_needs_fiscal_years(tmp_path):
    (tmp_path / "ghgcalc.toml").write_text('[workspace]\nfiscal_year_format = "FY2024"\n', encoding="utf-8")
    with pytest.raises(WorkspaceFileError) as caught:
        load_workspace(tmp_path)
    assert caught.value.problems == ["ghgcalc.toml, line 2: [workspace] fiscal_year_format: 'FY2024' is for fiscal "
                                     "years: set fiscal_year_end too (calendar years print as 2024)"]


def test_a_lever_year_as_the_company_labels_it(indian):
    """A series typed { "FY2025" = ..., "FY2030" = ... } is sought at --parameter share.FY2030, as the series reads it."""
    (indian / "scenarios" / "plan.toml").write_text(
        '[scenario]\nname = "plan"\nworkspace = ".."\nstart_year = "FY2025"\nhorizon = "FY2030"\n'
        'scope2_method = "market"\nstart_from = "inventory"\n\n[[levers]]\nid = "re"\ntype = "renewable"\n'
        'instrument = "ppa"\nshare = { "FY2025" = "10 %", "FY2030" = "50 %" }\n'
        'assumption = "Wind PPAs."\n', encoding="utf-8")
    scenario = load_scenario(indian / "scenarios" / "plan.toml")
    found = seek(scenario, "re", "scope12-2030", parameter="share.FY2030")
    by_year = seek(scenario, "re", "scope12-2030", parameter="share.2030")
    assert found.path == by_year.path == "levers.re.share.2030" and found.parameter == "share.FY2030"
    # FY2024: 300 t of gas + 400 MWh x 0.5 t (the supplier's factor) = 500 t; 42 % off leaves 290 t. FY2030 keeps
    # FY2025's 250 t of gas and 200 t of power: 250 + 200 x (1 - share) <= 290 needs a share of 80 %
    assert found.value == pytest.approx(by_year.value) == pytest.approx(0.8, abs=1e-5)
    with pytest.raises(ConfigError, match=r"share varies by year \(listed: FY2025, FY2030\); say which year, "
                                          r"e.g. --parameter share.FY2030"):
        seek(scenario, "re", "scope12-2030", parameter="share")


def test_sentences_of_inventory_and_audit_name_fiscal_years(indian):
    result = run("inventory", indian, "--by", "site")
    assert result.exit_code != 0
    assert "grouping by site without year would add FY2024, FY2025 together" in result.output
    (indian / "reported" / "company.csv").write_text(
        'vintage,metric,year,value,unit\nannual-report,revenue,FY2025,"1,250.0",crore INR\n'
        "sr,scope1,FY2025,100,t CO2e\nsr,scope2_market,FY2025,200,t CO2e\nsr,scope12_market,FY2025,350,t CO2e\n"
        "sr,revenue,FY2025,\"1,250.0\",crore INR\nsr,ghg_market_per_revenue,FY2025,0.28,t CO2e / crore INR\n",
        encoding="utf-8")
    # 100 + 200 = 300, not the printed 350: the identity fails, and the intensity 350 / 1,250.0 = 0.28 uses it
    audit = run("audit", indian)
    assert "figures that depend on it: ghg_market_per_revenue FY2025" in " ".join(audit.stdout.split())


def test_a_missing_rate_is_named_by_fiscal_year():
    from ghgcalc.inventory.spend import ExchangeRate, SpendError, SpendRates
    # fx.csv typed "FY2022" and "FY2024": periods 2022 and 2024, the years ending March 2022 and March 2024
    rates = tuple(ExchangeRate(p, "USD", "INR", 80.0, f"fx.csv row {i}") for i, p in ((2, "2022"), (3, "2024")))
    labelled = SpendRates(rates, fx_file="fx.csv", labels=FiscalYears("03-31", "end", "FY2024"))
    with pytest.raises(SpendError, match=r"no INR/USD exchange rate for FY2023 in fx.csv \(it has INR/USD for FY2022, "
                                         r"FY2024\); add an annual rate 'FY2023,USD,INR,<rate>,<source>'"):
        labelled.exchange("INR", "USD", 2023)
    with pytest.raises(SpendError, match=r"for 2023 in fx.csv \(it has INR/USD for 2022, 2024\)"):
        SpendRates(rates, fx_file="fx.csv").exchange("INR", "USD", 2023)
