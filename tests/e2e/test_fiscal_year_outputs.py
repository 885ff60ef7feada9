"""A workspace made by ``ghgcalc init`` for a Japanese company: yen, fiscal years ending 31 March and
labelled by the year they start (FY2023 = April 2023 to March 2024, counted inside as 2024).

Every year is typed as printed ("FY2023"), and every output must show it so: a calendar end-year
(2024 for FY2023, 2031 for FY2030) in a table, heading or sentence is the company's year moved by
one. JSON keeps the calendar year and adds the label beside it.

Figures by hand: FY2022 Scope 1 = 120,000 m3 x 2.5 kg = 300 t; FY2023 = 100,000 m3 x 2.5 kg = 250 t.
"""

from __future__ import annotations

import json
import re
import shutil

import pytest
from click.testing import CliRunner

from ghgcalc.cli import main
from ghgcalc.workspace.template import create_workspace
from tests.yen_workspace import ACTIVITY_HEADER, growth_plan, nagoya_gas, revenue_in_oku_yen

# A calendar year standing alone: not part of a label (FY2023, FY2023/24), a file name or an id.
BARE_YEAR = re.compile(r"(?<![\w/'.-])20[0-9]{2}(?![\w/])")
ACTIVITY = (ACTIVITY_HEADER + nagoya_gas("FY2022", 120_000) + "FY2022,electricity.grid,2000,MWh,US,manufacturing,Ohio,,,,\n"
            + nagoya_gas("FY2023", 100_000) + "FY2023,electricity.grid,1800,MWh,US,manufacturing,Ohio,,,,\n"
            "FY2023,electricity.grid,400,MWh,US,manufacturing,Ohio,,PPA,,\n")
REPORTED = (revenue_in_oku_yen(("FY2022", "1,200.0"), ("FY2023", "1,250.0"))
            + "annual-report,workforce_total,FY2023,640,person\n")
TARGETS = ('[targets.scope12-2030]\ntype = "absolute"\nquote = "Cut Scope 1 and 2 by 42 % by FY2030 from FY2022."\n'
           'source = "Example"\nmetric = "scope12"\nscope2_method = "market"\nbase_year = "FY2022"\n'
           'target_year = "FY2030"\nreduce_by = "42 %"\n')


PLAN = growth_plan("plan", "FY2023", "FY2030", '\n[[levers]]\nid = "green-power"\ntype = "renewable"\n'
                  'instrument = "ppa"\nshare = { 2025 = "10 %", 2031 = "60 %" }\nassumption = "PPAs."\n')


def run(*args, codes=(0, 3)):
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code in codes, result.output
    return result


def bare_years(text: str) -> list[str]:
    return BARE_YEAR.findall(text)


@pytest.fixture(scope="module")
def japanese(tmp_path_factory):
    root = tmp_path_factory.mktemp("fy") / "jp"
    create_workspace(root, currency="JPY")
    toml = (root / "ghgcalc.toml").read_text(encoding="utf-8")
    (root / "ghgcalc.toml").write_text(toml.replace(
        'currency = "JPY"', 'currency = "JPY"\nfiscal_year_end = "03-31"\nfiscal_year_label = "start"'), encoding="utf-8")
    (root / "activity.csv").write_text(ACTIVITY, encoding="utf-8")
    (root / "activity.xlsx").unlink()
    (root / "reported" / "company.csv").write_text(REPORTED, encoding="utf-8")
    (root / "targets.toml").write_text(TARGETS, encoding="utf-8")
    (root / "scenarios" / "plan.toml").write_text(PLAN, encoding="utf-8")
    (root / "scenarios" / "still.toml").write_text(PLAN.split("[[levers]]")[0].replace('"plan"', '"still"'),
                                                   encoding="utf-8")
    toml = (root / "ghgcalc.toml").read_text(encoding="utf-8")
    (root / "ghgcalc.toml").write_text(toml.replace('scenarios = ["scenarios/plan.toml"]',
                                                    'scenarios = ["scenarios/plan.toml", "scenarios/still.toml"]'),
                                       encoding="utf-8")
    return root


def test_gap_sentences_name_the_fiscal_years_as_printed(japanese):
    text = run("gap", japanese, "--year", "FY2023", "--wide").stdout  # sentences wrap, even with --wide
    assert "from its FY2022 level (reduce_by: 58 % of the base remains) by FY2030" in " ".join(text.split())
    assert "  actual FY2023: " in text
    assert bare_years(text) == []
    document = json.loads(run("gap", japanese, "--year", "FY2023", "--format", "json").stdout)
    [target] = document["targets"]
    assert target["reading"].endswith("by FY2030")
    assert (target["target_year"], target["target_year_label"]) == (2031, "FY2030")  # the calendar year stays


def test_report_headings_and_year_columns(japanese):
    text = run("report", japanese).stdout
    assert text.startswith("My company: report for FY2023\n")
    assert "== Emissions in FY2023 (" in text and "== Targets in FY2023 (details: ghgcalc gap " in text
    assert re.search(r"scope\s+FY2022\s+FY2023\s+unit", text)
    inventory = text.split("\n== Inventory (")[1].split("\n== ")[0]
    assert re.search(r"^scope\s+FY2022\s+FY2023\s+how$", inventory, re.M)
    # Scope 1: 120,000 m3 x 2.5 kg = 300.00 t in FY2022; 100,000 m3 x 2.5 kg = 250.00 t in FY2023
    assert re.search(r"^Scope 1\s+300\.00\s+250\.00\s+computed$", inventory, re.M)
    assert bare_years(text.split("\n== Methodology")[0]) == []  # the methodology cites documents by their dates
    document = json.loads(run("report", japanese, "--format", "json").stdout)
    assert (document["year"], document["year_label"]) == (2024, "FY2023")
    labels = {(r["year"], r["year_label"]) for r in document["inventory"]["totals"]}
    assert labels == {(2023, "FY2022"), (2024, "FY2023")}


def test_report_html_and_workbook(japanese, tmp_path):
    html = tmp_path / "report.html"
    run("report", japanese, "--html", html)
    page = html.read_text(encoding="utf-8")
    assert "Greenhouse-gas report for FY2023" in page and "<h2>Targets in FY2023</h2>" in page
    assert '<th class="num">FY2022</th><th class="num">FY2023</th>' in page
    shown = re.sub(r"<[^>]+>", " ", page.split("<h2>Data sources")[0])  # before the citations of factors
    assert bare_years(shown) == []
    openpyxl = pytest.importorskip("openpyxl")
    book_path = tmp_path / "report.xlsx"
    run("report", japanese, "--xlsx", book_path)
    book = openpyxl.load_workbook(book_path)
    assert "headline FY2023" in book.sheetnames and "targets FY2023" in book.sheetnames
    headline = book["headline FY2023"]
    assert {"value FY2022", "value FY2023"} <= {c.value for c in headline[1]}
    inventory = book["inventory (t CO2e)"]
    assert {row[0] for row in inventory.iter_rows(min_row=2, values_only=True)} == {"FY2022", "FY2023"}


def test_scenario_run_compare_and_seek(japanese, tmp_path):
    text = run("scenario", "run", japanese, "plan").stdout
    assert text.startswith("plan (plan.toml): FY2023-FY2030, deterministic")
    assert re.search(r"^scope12-2030\s+t CO2e\s+[\d,.]+\s+[\d,.]+\s+FY2030\s", text, re.M)
    assert re.search(r"^FY2023\s+250\.00\s", text, re.M)  # the start year: FY2023's Scope 1 from the inventory
    assert re.search(r"^FY2025\s", text, re.M) and re.search(r"^FY2030\s", text, re.M)  # every fifth year as labelled
    assert "scope12-2030 (FY2030, t CO2e)" in text
    assert bare_years(text) == []
    document = json.loads(run("scenario", "run", japanese, "plan", "--format", "json").stdout)
    assert (document["scenario"]["start_year"], document["scenario"]["start_year_label"]) == (2024, "FY2023")
    [target] = document["targets"]
    assert (target["target_year"], target["target_year_label"]) == (2031, "FY2030")
    assert (document["years"][0]["year"], document["years"][0]["year_label"]) == (2024, "FY2023")
    compared = run("scenario", "compare", japanese, "plan", "still").stdout
    assert "- plan (plan.toml): FY2023-FY2030" in compared and re.search(r"^FY2030\s", compared, re.M)
    assert bare_years(compared) == []
    seek = run("scenario", "seek", japanese, "plan", "--lever", "green-power", "--parameter", "share.2031",
               "--target", "scope12-2030").stdout
    assert "meets scope12-2030 in FY2030" in seek
    openpyxl = pytest.importorskip("openpyxl")
    book_path = tmp_path / "plan.xlsx"
    run("scenario", "run", japanese, "plan", "--format", "xlsx", "--output", book_path)
    book = openpyxl.load_workbook(book_path)
    assert [row[0] for row in book["years"].iter_rows(min_row=2, max_row=3, values_only=True)] == ["FY2023", "FY2024"]
    assert book["targets, emissions"]["D2"].value == "FY2030"  # a sheet per unit; the unit is in the headers


def test_inventory_explain_and_intensity(japanese):
    text = run("inventory", japanese, "--by", "year,scope,scope2_method").stdout
    assert re.search(r"^FY2022\s+1\s+300\.00$", text, re.M) and re.search(r"^FY2023\s+1\s+250\.00$", text, re.M)
    assert bare_years(text.split("Fallbacks:")[0]) == []  # a fallback names the factors' own data years
    rows = json.loads(run("inventory", japanese, "--format", "json").stdout)["rows"]
    assert {(r["year"], r["year_label"]) for r in rows} == {(2023, "FY2022"), (2024, "FY2023")}
    explained = run("explain", japanese, "--year", "FY2023", "--scope", "1").stdout
    assert explained.startswith("year=FY2023, scope=1: 250.00 t CO2e")  # 100,000 m3 x 2.5 kg
    document = json.loads(run("explain", japanese, "--year", "FY2023", "--scope", "1", "--format", "json").stdout)
    assert document["filters"] == {"year": 2024, "year_label": "FY2023", "scope": "1"}
    intensity = run("intensity", japanese, "--per", "capita").stdout
    assert re.search(r"^FY2023\s+scope12_location\s+workforce_total\s", intensity, re.M)
    assert bare_years(intensity) == []


def test_disclose_audit_and_check(japanese, tmp_path):
    text = run("disclose", japanese, "--standard", "esrs-e1").stdout
    assert text.splitlines()[1].endswith("FY2023") or "GHG emissions, FY2023" in text.replace("\n", " ")
    assert "Each figure of FY2023 is followed by FY2022's with the change" in text
    assert bare_years(text.split("Source:")[0]) == []
    document = json.loads(run("disclose", japanese, "--standard", "esrs-e1", "--format", "json").stdout)
    assert (document["year"], document["year_label"]) == (2024, "FY2023")
    assert (document["previous_year"], document["previous_year_label"]) == (2023, "FY2022")
    openpyxl = pytest.importorskip("openpyxl")
    book_path = tmp_path / "esrs.xlsx"
    run("disclose", japanese, "--standard", "esrs-e1", "--format", "xlsx", "--output", book_path)
    headers = {c.value for sheet in openpyxl.load_workbook(book_path).worksheets for c in sheet[1]}
    assert "value FY2022" in headers and "value 2023" not in headers
    run("audit", japanese)
    run("check", japanese)


def test_no_rmb_in_any_output(japanese, tmp_path):
    """The workspace reports in yen: no command, format or file says RMB."""
    commands = [("audit",), ("intensity",), ("gap",), ("report",), ("report", "--format", "json"),
                ("disclose", "--standard", "esrs-e1"), ("disclose", "--standard", "hkex", "--format", "json"),
                ("inventory",), ("explain", "--year", "FY2023"), ("check",),
                ("scenario", "run", None, "plan"), ("scenario", "run", None, "plan", "--format", "json"),
                ("scenario", "compare", None, "plan", "still")]
    for command in commands:
        args = [japanese if a is None else a for a in command]
        if None not in command:
            args.insert(1, japanese)
        result = run(*args, codes=(0, 1, 3))
        assert "RMB" not in result.output, command
    run("report", japanese, "--html", tmp_path / "r.html", "--xlsx", tmp_path / "r.xlsx")
    assert "RMB" not in (tmp_path / "r.html").read_text(encoding="utf-8")
    openpyxl = pytest.importorskip("openpyxl")
    cells = [str(c) for sheet in openpyxl.load_workbook(tmp_path / "r.xlsx").worksheets
             for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    assert not [c for c in cells if "RMB" in c]


def test_chart_axes_show_the_labels():
    pytest.importorskip("matplotlib")
    from matplotlib.figure import Figure

    from ghgcalc.core.years import FiscalYears
    from ghgcalc.plotting.canvas import format_years

    axis = Figure().subplots().xaxis
    format_years(axis, FiscalYears("03-31", "start"))
    assert axis.get_major_formatter()(2031) == "FY2030"  # the year ending March 2031


def test_xiaomi_stays():
    """Xiaomi reports by calendar year: its figures and years are as before."""
    from tests.conftest import ROOT

    text = run("gap", ROOT / "examples" / "xiaomi", "--year", "2023", "--wide").stdout
    assert "69,179.79" in text and "17.3 % cut" in text and "FY" not in text
