"""Disclosure tables: the standards' datapoints filled from a workspace's figures, with their sources."""

from __future__ import annotations

import math

import pytest
from click.testing import CliRunner

from ghgcalc.cli import main
from ghgcalc.figures.metrics import load_vocabulary
from ghgcalc.core.formula import parse_formula
from ghgcalc.outputs.disclosure import MISSING, STANDARDS, disclose, load_datapoints
from ghgcalc.outputs.disclosure_facts import WorkspaceFacts
from tests.conftest import ROOT

XIAOMI = ROOT / "examples" / "xiaomi"


def _cell(disclosure, datapoint):
    return next(c for c in disclosure.cells if c.datapoint == datapoint)


def test_esrs_e1_of_xiaomi_2023_holds_its_printed_figures():
    d = disclose(XIAOMI, "esrs-e1", 2023)
    # 2023 ESG report, Key Environmental Indicators
    assert _cell(d, "E1-6_07").value == 12252.52 and _cell(d, "E1-6_07").status == "printed"
    s12 = _cell(d, "ES-S12")
    assert s12.value == 116722.56 and s12.text == "116,722.56" and "esg-2023.csv row" in s12.source
    assert s12.scope2_method == "not stated in the source"  # the report prints Scope 2 without a method
    intensity = _cell(d, "ES-INT12")
    assert intensity.value == 0.43 and intensity.unit == "t CO2e / (million RMB)"
    assert intensity.scope2_method == "not stated in the source"
    assert _cell(d, "ES-S12 location").status == MISSING and _cell(d, "ES-INT12 market").status == MISSING
    # neither Scope 2 method is printed (the report gives Scope 2 without one): missing, not zero
    for datapoint in ("E1-6_09", "E1-6_10", "E1-6_12", "E1-6_30"):
        cell = _cell(d, datapoint)
        assert cell.status == MISSING and cell.value is None and "no figure" in cell.source
    # share of renewables = 100 x 372.00 / 211,171.84 = 0.17616 %
    share = _cell(d, "E1-5_09")
    assert share.status == "derived" and math.isclose(share.value, 100 * 372.00 / 211171.84, rel_tol=1e-12)
    assert "energy_renewable: esg-2023.csv row" in share.source


def test_hkex_a1_of_xiaomi_2023():
    d = disclose(XIAOMI, "hkex", 2023)
    assert _cell(d, "A1.2 Scope 1+2").value == 116722.56
    assert _cell(d, "A1.2 intensity (revenue, method not stated)").value == 0.43
    assert _cell(d, "A1.2 Scope 2").value == 104470.04  # Scope 2 as printed, without a method
    assert _cell(d, "A1.2 Scope 2").scope2_method == "not stated in the source"
    assert _cell(d, "A1.2 Scope 2 location").status == MISSING  # not passed off as location-based
    # printed 0.21 t / person, shown in the datapoint's kg / person: 0.21 x 1,000 = 210
    assert _cell(d, "A1.4 intensity").value == pytest.approx(210.0)
    assert _cell(d, "A1.6").status == MISSING  # narrative
    targets = _cell(d, "A1.5")  # the targets as targets.toml states them
    assert targets.status == "stated" and "ghg-2030: reduce scope12" in targets.text
    # water per employee derived over full-time employees, as the report's own per-employee figures are:
    # 683,906.94 t / 33,627 persons = 20.338 t / person (not / 35,116, the total workforce)
    assert _cell(d, "A2.2 intensity").value == pytest.approx(683906.94 / 33627)


def test_computed_figures_fill_where_nothing_is_printed(tmp_path):
    """A workspace of activity data only: Scope 1, Scope 2 under both methods and their totals, computed."""
    (tmp_path / "ghgcalc.toml").write_text('[workspace]\nname = "Plant"\ngwp_set = "AR6GWP100"\n'
                                           '[data]\nactivity = ["activity.csv"]\n', encoding="utf-8")
    (tmp_path / "activity.csv").write_text(
        "year,activity,quantity,unit,gas,scope,scope2_method\n"
        "2024,emissions.reported,100,t CO2e,CO2,1,\n"
        "2024,emissions.reported,40,t CO2e,CO2,2,location\n"
        "2024,emissions.reported,25,t CO2e,CO2,2,market\n", encoding="utf-8")
    d = disclose(tmp_path, "esrs-e1")
    assert d.year == 2024
    assert _cell(d, "E1-6_07").value == 100 and _cell(d, "E1-6_07").status == "computed"
    assert "computed from activity.csv" in _cell(d, "E1-6_07").source
    assert _cell(d, "E1-6_09").value == 40 and _cell(d, "E1-6_10").value == 25
    # no Scope 3: the totals S1+S2+S3 of E1-6 are missing, never S1+S2 passed off as the total
    assert _cell(d, "E1-6_12").status == MISSING
    # the entity-specific Scope 1+2 under each method, named: 100 + 40 = 140 and 100 + 25 = 125
    assert _cell(d, "ES-S12 location").value == 140 and _cell(d, "ES-S12 location").scope2_method == "location-based"
    assert _cell(d, "ES-S12 market").value == 125 and _cell(d, "ES-S12 market").scope2_method == "market-based"


@pytest.mark.parametrize("standard", STANDARDS)
def test_every_datapoint_table_names_known_metrics_and_cites_its_document(standard):
    table, citation = load_datapoints(standard)
    vocabulary = load_vocabulary()
    assert {"document", "edition", "paragraphs", "verification"} <= set(citation)
    assert table["datapoint"].is_unique and (table["paragraph"] != "").all() and (table["label"] != "").all()
    for fill in table["fill"]:
        for alternative in filter(None, (p.strip() for p in fill.split("|"))):
            if alternative.startswith("@"):  # a fact: its name is a method of WorkspaceFacts
                assert hasattr(WorkspaceFacts, "fact_" + alternative[1:].split(" ")[0]), alternative
                continue
            assert set(parse_formula(alternative).metrics) <= set(vocabulary.names), alternative
    # a datapoint left empty says what to add
    assert (table.loc[table["fill"] == "", "add"] != "").all()


@pytest.mark.parametrize("fmt", ["table", "csv", "json", "markdown"])
def test_disclose_cli_formats(fmt):
    result = CliRunner().invoke(main, ["disclose", str(XIAOMI), "--standard", "hkex", "--year", "2023",
                                       "--format", fmt])
    assert result.exit_code == 0, result.output
    assert "116" in result.stdout
    if fmt == "table":
        assert max(len(line) for line in result.stdout.splitlines()) <= 100


def test_disclose_cli_xlsx(tmp_path):
    import openpyxl

    out = tmp_path / "esrs.xlsx"
    result = CliRunner().invoke(main, ["disclose", str(XIAOMI), "--standard", "esrs-e1", "--year", "2023",
                                       "--format", "xlsx", "--output", str(out)])
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(out)
    assert book.sheetnames[-1] == "sources"
    sheet = book["E1-6 Gross GHG emissions"]
    values = {row[0].value: row[2] for row in sheet.iter_rows(min_row=2)}
    assert values["E1-6_07"].value == 12252.52 and values["E1-6_07"].data_type == "n"
    assert values["E1-6_09"].value is None  # missing: an empty cell, not 0
    header = [cell.value for cell in sheet[1]]
    previous = {row[0].value: row[header.index("value 2022")] for row in sheet.iter_rows(min_row=2)}
    change = {row[0].value: row[header.index("change from 2022 (%)")] for row in sheet.iter_rows(min_row=2)}
    # 2022 Scope 1 as printed in the 2023 report: 7,122.60; (12,252.52 - 7,122.60) / 7,122.60 = +72.02 %
    assert previous["E1-6_07"].value == 7122.60
    assert change["E1-6_07"].value == pytest.approx(100 * (12252.52 - 7122.60) / 7122.60)
    assert sheet.freeze_panes == "A2"


def test_unknown_standard_is_a_one_line_error():
    result = CliRunner().invoke(main, ["disclose", str(XIAOMI), "--standard", "esrs"])
    assert result.exit_code == 2 and "esrs-e1" in result.output


def _euro_workspace(tmp_path):
    """A workspace reporting in EUR: emissions typed as reported, revenue printed in EUR million."""
    root = tmp_path / "euro"
    root.mkdir()
    (root / "ghgcalc.toml").write_text('[workspace]\nname = "Euro Co"\ngwp_set = "AR6GWP100"\ncurrency = "EUR"\n\n'
                                       '[data]\nactivity = ["activity.csv"]\nreported = ["company.csv"]\n', encoding="utf-8")
    (root / "activity.csv").write_text(
        "year,activity,quantity,unit,gas,scope,scope2_method,scope3_category\n"
        "2024,emissions.reported,500,t CO2e,CO2,1,,\n"
        "2024,emissions.reported,300,t CO2e,CO2,2,location,\n"
        "2024,emissions.reported,1000,t CO2e,CO2,3,,6\n", encoding="utf-8")
    (root / "company.csv").write_text("vintage,metric,year,value,unit\nar,revenue,2024,250.0,EUR million\n"
                                      "ar,workforce_total,2024,100,person\n", encoding="utf-8")
    return root


def test_intensities_per_revenue_stay_in_the_currency_the_revenue_is_printed_in(tmp_path):
    root = _euro_workspace(tmp_path)
    d = disclose(root, "gri-305", 2024)
    s12 = _cell(d, "305-4-a (S1+2 location per revenue)")  # (500 + 300) / 250.0 = 3.2 t CO2e per EUR million, as printed
    assert s12.status == "derived" and s12.unit == "t CO2e / (EUR million)"
    assert s12.value == pytest.approx(3.2)
    s3 = _cell(d, "305-4-a (S3 per revenue)")  # 1,000 / 250.0 = 4.0
    assert s3.value == pytest.approx(4.0) and s3.unit == "t CO2e / (EUR million)"
    assert s12.scope2_method == "location-based"
    revenue = _cell(disclose(root, "cdp", 2024), "7.45 denominator")
    assert revenue.value == pytest.approx(250.0) and revenue.text == "250.0"


def test_the_report_labels_intensities_in_the_workspace_currency(tmp_path):
    from ghgcalc.outputs.report import report_workspace

    report = report_workspace(_euro_workspace(tmp_path))
    rows = report.intensities.set_index("item")
    location = rows.loc["Scope 1 and location-based Scope 2 emissions per unit of revenue"]
    assert location["unit"] == "t CO2e / (EUR million)" and location["value"] == pytest.approx(3.2)
    assert not rows["unit"].str.contains("RMB").any()


def test_a_computed_datapoint_says_computed_once(tmp_path):
    from ghgcalc.outputs.disclosure_text import render_disclosure_text

    text = render_disclosure_text(disclose(_euro_workspace(tmp_path), "ifrs-s2", 2024))
    assert "1,000.00 t CO2e  (computed from activity.csv)" in text  # Scope 3: the one reported row
    assert "computed: computed" not in text
