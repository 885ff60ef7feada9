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

# A calendar year standing alone: not part of a label (FY2023, FY2023/24), a file name or an id.
BARE_YEAR = re.compile(r"(?<![\w/'.-])20[0-9]{2}(?![\w/])")
ACTIVITY = (
    "year,activity,quantity,unit,region,segment,site,gas,instrument,factor_value,factor_unit\n"
    "FY2022,natural_gas.stationary,120000,m3,JP,manufacturing,Nagoya,,,2.5,kg CO2e / m3\n"
    "FY2022,electricity.grid,2000,MWh,US,manufacturing,Ohio,,,,\n"
    "FY2023,natural_gas.stationary,100000,m3,JP,manufacturing,Nagoya,,,2.5,kg CO2e / m3\n"
    "FY2023,electricity.grid,1800,MWh,US,manufacturing,Ohio,,,,\n"
    "FY2023,electricity.grid,400,MWh,US,manufacturing,Ohio,,PPA,,\n")
REPORTED = ('vintage,metric,year,value,unit\nannual-report,revenue,FY2022,"1,200.0",億円\n'
            'annual-report,revenue,FY2023,"1,250.0",億円\nannual-report,workforce_total,FY2023,640,person\n')
TARGETS = ('[targets.scope12-2030]\ntype = "absolute"\nquote = "Cut Scope 1 and 2 by 42 % by FY2030 from FY2022."\n'
           'source = "Example"\nmetric = "scope12"\nscope2_method = "market"\nbase_year = "FY2022"\n'
           'target_year = "FY2030"\nreduce_by = "42 %"\n')


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
    shutil.rmtree(root / "scenarios")
    toml = (root / "ghgcalc.toml").read_text(encoding="utf-8")
    (root / "ghgcalc.toml").write_text(toml.replace('scenarios = ["scenarios/plan.toml"]', ""), encoding="utf-8")
    return root


def test_gap_sentences_name_the_fiscal_years_as_printed(japanese):
    text = run("gap", japanese, "--year", "FY2023", "--wide").stdout  # each sentence on one line
    assert "from its FY2022 level (reduce_by: 58 % of the base remains) by FY2030" in text
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
    assert re.search(r"^FY2022\s+1\s+300\.00$", text, re.M)  # 120,000 m3 x 2.5 kg
    assert re.search(r"^FY2023\s+1\s+250\.00$", text, re.M)  # 100,000 m3 x 2.5 kg
    assert bare_years(text) == []
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
