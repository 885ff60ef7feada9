"""CSV and workbook outputs carry the company's fiscal-year label beside the calendar year, as the JSON does
(``year_label``): precision-jp's years end 31 March and are labelled by their start, so the year that ends in March
2025 (calendar 2025 in every computation) is FY2024. Additive: ``year`` stays, and a calendar-year workspace's
columns do not change."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from click.testing import CliRunner

from ghgcalc.cli import main
from tests.conftest import ROOT

JP, XIAOMI = str(ROOT / "examples" / "precision-jp"), str(ROOT / "examples" / "xiaomi")


def _csv(*args) -> list[dict]:
    result = CliRunner().invoke(main, [*args, "--format", "csv"])
    assert result.exit_code in (0, 3), result.output
    return list(csv.DictReader(io.StringIO(result.stdout)))


def _labelled(rows: list[dict], key: str = "year") -> None:
    """Every row with a year has its label beside it: calendar 2025 is FY2024 (April 2024 to March 2025)."""
    years = [row for row in rows if row[key]]
    assert years, "no row with a year"
    assert all(row[f"{key}_label"] == f"FY{int(row[key]) - 1}" for row in years)


@pytest.mark.parametrize("command", [["report"], ["inventory"], ["explain", "--scope", "1", "--year", "FY2024"]])
def test_csv_has_the_label_beside_the_year(command):
    rows = _csv(command[0], JP, *command[1:])
    assert list(rows[0])[list(rows[0]).index("year") + 1] == "year_label"
    _labelled(rows)


def test_report_csv_leaves_the_label_of_an_audit_count_blank():
    rows = _csv("report", JP)
    audit = [row for row in rows if row["section"] == "audit"]
    assert audit and all(row["year"] == "" and row["year_label"] == "" for row in audit)
    assert {row["year_label"] for row in rows if row["section"] == "targets"} == {"FY2024"}


def test_gap_csv_labels_each_year_of_a_target():
    rows = _csv("gap", JP)
    for key in ("year", "base_year", "target_year"):
        _labelled(rows, key)
    assert {(row["base_year_label"], row["target_year_label"]) for row in rows if row["id"] == "scope12-2030"} == {
        ("FY2022", "FY2030")}


def test_inventory_workbook_has_the_label_column(tmp_path):
    book = tmp_path / "inventory.xlsx"
    result = CliRunner().invoke(main, ["inventory", JP, "--xlsx", str(book)])
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(book)["emissions"]
    header = [cell.value for cell in sheet[1]]
    assert header[:2] == ["year", "year_label"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    assert rows and all(label == f"FY{year - 1}" for year, label, *_ in rows)


def test_a_calendar_year_workspace_keeps_its_columns():
    assert "year_label" not in _csv("report", XIAOMI)[0]
    assert "year_label" not in _csv("inventory", XIAOMI)[0]
