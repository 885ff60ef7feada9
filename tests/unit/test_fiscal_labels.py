"""Fiscal years as the company labels them: by the year they start (Japan) or end, in every input."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from ghgcalc.cli import main
from ghgcalc.core.years import FiscalYears, YearError
from ghgcalc.workspace.config import WorkspaceFileError, load_workspace
from tests.fiscal_workspace import fiscal_workspace
from tests.yen_workspace import ACTIVITY_HEADER, growth_plan, nagoya_gas, revenue_in_oku_yen

BY_START = FiscalYears("03-31", "start")  # FY2023 = 1 April 2023 to 31 March 2024, counted as 2024
BY_END = FiscalYears("03-31", "end")


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.mark.parametrize("text, by_start, by_end", [
    ("FY2023", 2024, 2023), ("FY 2023", 2024, 2023), ("FY'23", 2024, 2023), ("fy2023", 2024, 2023),
    ("FY2023/24", 2024, 2024), ("2023/24", 2024, 2024), ("FY2023/2024", 2024, 2024), ("2024", 2024, 2024),
    (2024, 2024, 2024),
    ("GJ 2023/24", 2024, 2024), ("GJ2023/24", 2024, 2024), ("GJ 2023", 2024, 2023),  # Geschäftsjahr (German)
])
def test_labels_as_printed(text, by_start, by_end):
    assert BY_START.year(text) == by_start
    assert BY_END.year(text) == by_end
    assert FiscalYears(None, "start").year(text) == by_end  # calendar years: FY2023 is 2023 either way


@pytest.mark.parametrize("text", ["FY2023/25", "FY20x3", "2023-2025", "", "abc", 1800, True])
def test_what_is_not_a_year_is_refused(text):
    with pytest.raises(YearError):
        BY_START.year(text)


def test_outputs_use_the_company_label():
    assert BY_START.label_of(2024) == "FY2023"
    assert BY_END.label_of(2024) == "FY2023/24"
    assert FiscalYears().label_of(2024) == "2024"


@pytest.mark.parametrize("sentence, labelled", [
    ("no residual mix for region CZ in 2025: location-based factor used",
     "no residual mix for region CZ in FY2024: location-based factor used"),
    ("latest_earlier_year: 2025 -> 2023", "latest_earlier_year: FY2024 -> 2023"),  # the factor's own year stays
    ("epa-supply-chain-v1.3-naics is for 2022; used for 2025, its spend brought to 2022 prices",
     "epa-supply-chain-v1.3-naics is for 2022; used for FY2024, its spend brought to 2022 prices"),
    ("other_edition: desnz-2025 (2024) used for 2025", "other_edition: desnz-2025 (2024) used for FY2024"),
    ("2,025.50 t; 2025.5 t; price index 2022/2025; FY2025", "2,025.50 t; 2025.5 t; price index 2022/2025; FY2025"),
])
def test_a_sentence_about_a_year_shows_that_year_as_labelled(sentence, labelled):
    assert BY_START.label_in(sentence, 2025) == labelled
    assert FiscalYears().label_in(sentence, 2025) == sentence  # calendar years: as written


OCT_SEP = FiscalYears("09-30", "end", "FY2024")  # October 2023 to September 2024 is FY2024, counted as 2024


@pytest.mark.parametrize("sentence, labelled", [
    ("no residual mix for region CZ in 2024: location-based factor used",
     "no residual mix for region CZ in FY2024: location-based factor used"),
    ("parent_region: CN-GD -> CN; latest_earlier_year: 2024 -> 2023",
     "parent_region: CN-GD -> CN; latest_earlier_year: FY2024 -> 2023"),
    # the row's year alone is a label; the same digits elsewhere (a figure, a file name, a label already
    # written) are not a year ghgcalc formatted, and stay as written
    ("no residual mix for region CZ in FY 2024: location-based factor used",
     "no residual mix for region CZ in FY 2024: location-based factor used"),
    ("'2024 t' is not a quantity of energy; see grid 2024.csv", "'2024 t' is not a quantity of energy; see grid 2024.csv"),
    ("2024 t of CO2 stay 2024 t", "2024 t of CO2 stay 2024 t"),
    ("no emission factor for electricity.grid in region 'CZ', year 2024 (fallback rules in force: none); CZ has "
     "factors for 2023; see my 2024 factors.csv",
     "no emission factor for electricity.grid in region 'CZ', year FY2024 (fallback rules in force: none); CZ has "
     "factors for 2023; see my 2024 factors.csv"),
    ("nominal_spend: 2024 USD taken as 2022 USD, not adjusted for inflation",
     "nominal_spend: FY2024 USD taken as 2022 USD, not adjusted for inflation"),
    ("desnz-ghg-2023-full 25_301 is the 2023 edition, not the row's year 2024: name desnz-ghg-2024-full (the 2024 "
     "edition has 25_301), or allow the fallback other_edition",
     "desnz-ghg-2023-full 25_301 is the 2023 edition, not the row's year FY2024: name desnz-ghg-2024-full (the FY2024 "
     "edition has 25_301), or allow the fallback other_edition"),
])
def test_only_the_year_a_sentence_was_written_about_becomes_a_label(sentence, labelled):
    assert OCT_SEP.label_of(2024) == "FY2024"
    assert OCT_SEP.label_in(sentence, 2024) == labelled



def test_an_unknown_label_rule_is_refused_naming_the_key(tmp_path):
    (tmp_path / "ghgcalc.toml").write_text('[workspace]\nfiscal_year_end = "03-31"\nfiscal_year_label = "begin"\n',
                                           encoding="utf-8")
    with pytest.raises(WorkspaceFileError) as caught:
        load_workspace(tmp_path)
    assert caught.value.problems[0].startswith("ghgcalc.toml, line 3: [workspace] fiscal_year_label: 'begin' is not a "
                                               "rule for fiscal-year labels")


@pytest.fixture
def japanese(tmp_path):
    """A JPY workspace made by init, fiscal years ending 31 March and labelled by their start, every year as printed."""
    root = fiscal_workspace(tmp_path / "jp", "JPY", "start",
                            ACTIVITY_HEADER + nagoya_gas("FY2022", 120_000) + nagoya_gas("FY2023", 100_000),
                            revenue_in_oku_yen(("FY2022", "1,200.0"), ("FY2023", "1,250.0")), base_year="FY2022")
    (root / "scenarios" / "plan.toml").write_text(growth_plan("plan", "FY2023", "FY2030"), encoding="utf-8")
    return root


def test_labels_by_start_read_the_same_year_in_every_table(japanese):
    result = run("inventory", japanese, "--format", "json")
    assert result.exit_code == 0, result.output
    scope1 = {r["year"]: r["value"] for r in json.loads(result.stdout)["rows"]}
    # FY2022 (April 2022 - March 2023) counts as 2023: 120,000 m3 x 2.5 kg = 300 t; FY2023 as 2024: 250 t
    assert scope1 == pytest.approx({2023: 300.0, 2024: 250.0})
    result = run("intensity", japanese, "--numerator", "S1+2-location", "--currency", "億円", "--year", "FY2023",
                 "--format", "json")
    assert result.exit_code == 0, result.output
    [row] = json.loads(result.stdout)["rows"]
    assert (row["year"], row["year_label"]) == (2024, "FY2023")
    assert row["value"] == pytest.approx(250.0 / 1_250.0)  # the same fiscal year's emissions and revenue


def test_targets_and_year_as_printed(japanese):
    result = run("gap", japanese, "--year", "FY2023", "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert (document["year"], document["year_label"]) == (2024, "FY2023")
    [target] = document["targets"]
    assert (target["base_year"], target["base_year_label"]) == (2023, "FY2022")
    assert (target["target_year"], target["target_year_label"]) == (2031, "FY2030")
    assert target["actual"]["value"] == pytest.approx(250.0)
    assert target["target_level"]["value"] == pytest.approx(300.0 * 0.58)  # 42 % off FY2022's 300 t
    text = run("gap", japanese, "--year", "FY2023")
    assert text.stdout.startswith("My company: progress towards targets in FY2023 ")


def test_a_scenario_reads_its_years_as_printed(japanese):
    result = run("scenario", "run", japanese, "plan", "--format", "json")
    assert result.exit_code in (0, 3), result.output
    document = json.loads(result.stdout)
    assert (document["scenario"]["start_year"], document["scenario"]["horizon"]) == (2024, 2031)
    [target] = document["targets"]
    assert target["base"]["value"] == pytest.approx(300.0)


def test_a_bad_label_on_the_command_line_is_a_usage_error(japanese):
    result = run("gap", japanese, "--year", "FY2023/25")
    assert result.exit_code == 2
    assert "'FY2023/25' is not a fiscal year: the second year must follow the first" in result.output
