"""Numbers as Indian reports print them: lakh/crore grouping ("1,65,811" = 165,811; "4,51,280.00" =
451,280.00), read wherever thousands grouping is read under a decimal point: reported tables, activity
CSV and the text cells of an activity workbook. A number that fits neither grouping is still refused."""

from __future__ import annotations

import openpyxl
import pytest

from ghgcalc.core.intervals import parse_printed
from ghgcalc.figures.reported import read_reported
from ghgcalc.inventory.reading import read_activity_table


@pytest.mark.parametrize("text, value, decimals", [
    ("1,65,811", 165_811, 0),              # 1 lakh 65 thousand 811
    ("4,51,280.00", 451_280, 2),           # 4 lakh 51 thousand 280, two decimals as printed
    ("1,00,00,000", 10_000_000, 0),        # one crore = 100 lakh
    ("12,34,56,789.5", 123_456_789.5, 1),  # 12 crore 34 lakh 56 thousand 789.5
    ("-2,50,000", -250_000, 0),
])
def test_lakh_grouping_reads_with_a_decimal_point(text, value, decimals):
    printed = parse_printed(text, ".")
    assert printed.value == value and printed.decimals == decimals


@pytest.mark.parametrize("text, decimal", [
    ("1,2345", "."),        # neither three nor two-then-three
    ("12,34", "."),         # a last group of two is no grouping at all
    ("1,65,8111", "."),
    ("1,234,56", "."),      # groups of three then two: no convention writes that
    ("1,65,811", ","),      # with a decimal comma, commas are not grouping
])
def test_a_number_that_fits_neither_grouping_is_refused(text, decimal):
    with pytest.raises(ValueError, match="is not a number as printed"):
        parse_printed(text, decimal)


def test_a_reported_table_in_lakh_grouping_keeps_its_printed_precision(tmp_path):
    path = tmp_path / "brsr.csv"
    path.write_text('vintage,metric,year,value,unit\nbrsr,scope3,2024,"1,65,811",t CO2e\n'
                    'brsr,scope1,2024,"4,424.81",t CO2e\n', encoding="utf-8")
    figures = read_reported([path]).set_index("metric")
    assert figures.at["scope3", "value"] == 165_811 and figures.at["scope3", "decimals"] == 0
    # the printed interval is that of units: 165,810.5 to 165,811.5
    assert (figures.at["scope3", "low"], figures.at["scope3", "high"]) == (165_810.5, 165_811.5)


ROWS = [["year", "activity", "quantity", "unit", "region"],
        [2024, "diesel.stationary", "1,85,000", "L", "IN"],
        [2024, "diesel.stationary", "1,00,00,000.5", "L", "IN"]]


def test_activity_csv_and_workbook_quantities_in_lakh_grouping(tmp_path):
    csv = tmp_path / "activity.csv"
    csv.write_text("\n".join(",".join(f'"{c}"' for c in map(str, row)) for row in ROWS) + "\n", encoding="utf-8")
    book = openpyxl.Workbook()
    for row in ROWS:
        book.active.append(row)
    book.save(tmp_path / "activity.xlsx")
    for path in (csv, tmp_path / "activity.xlsx"):
        assert list(read_activity_table(path)["quantity"]) == [185_000, 10_000_000.5]


def test_the_report_shows_a_printed_figure_with_its_printed_decimals(tmp_path):
    from click.testing import CliRunner

    from ghgcalc.cli import main

    (tmp_path / "reported.csv").write_text(
        'vintage,metric,year,value,unit\nsr,scope1,2024,"4,424.81",t CO2e\nsr,scope1,2023,"4,171.05",t CO2e\n'
        'sr,scope3,2024,"1,65,811",t CO2e\n', encoding="utf-8")
    (tmp_path / "ghgcalc.toml").write_text('[workspace]\nname = "x"\n[data]\nreported = ["reported.csv"]\n',
                                           encoding="utf-8")
    result = CliRunner().invoke(main, ["report", str(tmp_path), "--year", "2024"])
    assert result.exit_code == 0, result.output
    scope3 = [line.split() for line in result.stdout.splitlines() if line.startswith("Scope 3 ")]
    assert len(scope3) == 2 and all("165,811" in line and "165,811.00" not in line for line in scope3)
    scope1 = [line.split() for line in result.stdout.splitlines() if line.startswith("Scope 1 ")]
    assert scope1[0][2:4] == ["4,171.05", "4,424.81"]
