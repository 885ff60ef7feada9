"""Disclosure tables: the standards' datapoints filled from a workspace's figures, with their sources."""

from __future__ import annotations

import math

import pytest
from click.testing import CliRunner

from ghgcalc.cli import main
from ghgcalc.figures.metrics import load_vocabulary
from ghgcalc.core.formula import parse_formula
from ghgcalc.outputs.disclosure import MISSING, STANDARDS, disclose, load_datapoints
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
    intensity = _cell(d, "ES-INT12")
    assert intensity.value == 0.43 and intensity.unit == "t CO2e / (million RMB)"
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
    assert _cell(d, "A1.2 intensity (revenue)").value == 0.43
    assert _cell(d, "A1.2 Scope 2").value == 104470.04  # Scope 2 as reported: A1.2 names no method
    # printed 0.21 t / person, shown in the datapoint's kg / person: 0.21 x 1,000 = 210
    assert _cell(d, "A1.4 intensity").value == pytest.approx(210.0)
    assert _cell(d, "A1.5").status == MISSING  # narrative
    # water per employee derived: 683,906.94 t / 35,116 persons = 19.4756 t / person
    assert _cell(d, "A2.2 intensity").value == pytest.approx(683906.94 / 35116)


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
    # the entity-specific Scope 1+2 falls back to location-based: 100 + 40 = 140
    assert _cell(d, "ES-S12").value == 140 and _cell(d, "ES-S12").used == "scope12_location"


@pytest.mark.parametrize("standard", STANDARDS)
def test_every_datapoint_table_names_known_metrics_and_cites_its_document(standard):
    table, citation = load_datapoints(standard)
    vocabulary = load_vocabulary()
    assert {"document", "edition", "paragraphs", "verification"} <= set(citation)
    assert table["datapoint"].is_unique and (table["paragraph"] != "").all() and (table["label"] != "").all()
    for fill in table["fill"]:
        for alternative in filter(None, (p.strip() for p in fill.split("|"))):
            assert set(parse_formula(alternative).metrics) <= set(vocabulary.names), alternative


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
    sheet = book.worksheets[1]  # E1-6
    values = {row[0].value: row[2] for row in sheet.iter_rows(min_row=2)}
    assert values["E1-6_07"].value == 12252.52 and values["E1-6_07"].data_type == "n"
    assert values["E1-6_09"].value is None  # missing: an empty cell, not 0
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
    s12 = _cell(d, "305-4-a (S1+2 per revenue)")  # (500 + 300) / 250.0 = 3.2 t CO2e per million EUR
    assert s12.status == "derived" and s12.unit == "t CO2e / (million EUR)"
    assert s12.value == pytest.approx(3.2)
    s3 = _cell(d, "305-4-a (S3 per revenue)")  # 1,000 / 250.0 = 4.0
    assert s3.value == pytest.approx(4.0) and s3.unit == "t CO2e / (million EUR)"
    revenue = _cell(disclose(root, "cdp", 2024), "7.45 denominator")
    assert revenue.value == pytest.approx(250.0) and revenue.text == "250.0"


def test_the_report_labels_intensities_in_the_workspace_currency(tmp_path):
    from ghgcalc.outputs.report import report_workspace

    report = report_workspace(_euro_workspace(tmp_path))
    rows = report.intensities.set_index("item")
    location = rows.loc["Scope 1 and location-based Scope 2 emissions per unit of revenue"]
    assert location["unit"] == "t CO2e / (million EUR)" and location["value"] == pytest.approx(3.2)
    assert not rows["unit"].str.contains("RMB").any()


def test_a_computed_datapoint_says_computed_once(tmp_path):
    from ghgcalc.outputs.disclosure_text import render_disclosure_text

    text = render_disclosure_text(disclose(_euro_workspace(tmp_path), "ifrs-s2", 2024))
    assert "1,000.00 t CO2e  (computed from activity.csv)" in text  # Scope 3: the one reported row
    assert "computed: computed" not in text
