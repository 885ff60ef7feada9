"""Formatted workbooks: numbers as numeric cells with formats, frozen headers, user text never a formula."""

from __future__ import annotations

import openpyxl
import pandas as pd
from click.testing import CliRunner

from ghgcalc.cli import main
from ghgcalc.outputs.workbook import sheet_name, write_workbook
from tests.conftest import ROOT

INJECTION = '=HYPERLINK("http://x","y")'


def test_numbers_are_numeric_with_formats_and_text_is_never_a_formula(tmp_path):
    frame = pd.DataFrame({"segment": [INJECTION, "+cmd|' /C calc'!A0", "plant"], "year": [2022, 2023, 2023],
                          "t CO2e": [1234.5, 12252.52, 0.0], "share (%)": [0.1762, 5.0, 9.99]})
    path = write_workbook(tmp_path / "out.xlsx", {"emissions by segment": frame})
    sheet = openpyxl.load_workbook(path)["emissions by segment"]
    assert sheet.freeze_panes == "A2"
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert not any(cell.data_type == "f" for cell in cells)
    # text as typed, marked as text by its style (no apostrophe to see), never a formula
    assert sheet["A2"].value == INJECTION and sheet["A2"].data_type == "s" and sheet["A2"].quotePrefix
    assert sheet["B3"].value == 2023 and sheet["B3"].number_format == "0"
    assert sheet["C3"].value == 12252.52 and sheet["C3"].number_format == "#,##0.00"
    assert sheet["D2"].value == 0.1762 and sheet["D2"].number_format == "#,##0.0000"  # small figures keep 4 decimals
    assert sheet.column_dimensions["A"].width >= len(INJECTION)


def test_sheet_names_are_valid_and_unique():
    taken: set[str] = set()
    assert sheet_name("E1-6 Gross Scopes 1/2/3 and total GHG emissions", taken) == "E1-6 Gross Scopes 1 2 3 and"  # cut between words
    assert len(sheet_name("E1-6 Gross Scopes 1/2/3 and total GHG emissions", taken)) <= 31
    assert sheet_name("sources", taken) == "sources" and sheet_name("Sources", taken) == "Sources (2)"


def test_report_workbook_of_xiaomi(tmp_path):
    out = tmp_path / "report.xlsx"
    result = CliRunner().invoke(main, ["report", str(ROOT / "examples" / "xiaomi"), "--format", "xlsx",
                                       "--output", str(out)])
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(out)
    assert book.sheetnames[-1] == "sources" and "headline 2023" in book.sheetnames
    headline = book["headline 2023"]
    assert headline.freeze_panes == "A2"
    header = [c.value for c in headline[1]]
    row = next(r for r in headline.iter_rows(min_row=2) if r[0].value == "Scope 1+2, as reported")
    cell = row[header.index("value 2023")]
    assert cell.data_type == "n" and cell.value == 116722.56 and cell.number_format == "#,##0.00"
    for sheet in book.worksheets:
        assert not any(c.data_type == "f" for r in sheet.iter_rows() for c in r if c.value is not None)


def test_scenario_workbook_is_formatted(tmp_path):
    out = tmp_path / "scenario.xlsx"
    result = CliRunner().invoke(main, ["scenario", "run", str(ROOT / "examples" / "xiaomi"), "xiaomi-bau", "--format",
                                       "xlsx", "--output", str(out)])
    assert result.exit_code in (0, 3), result.output
    book = openpyxl.load_workbook(out)
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2"
    numbers = [c for s in book.worksheets for r in s.iter_rows(min_row=2) for c in r if c.data_type == "n"]
    assert numbers and all(c.number_format != "General" for c in numbers)
