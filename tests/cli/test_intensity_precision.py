"""A printed intensity shows as printed: precision-jp's integrated report prints FY2024 Scope 1+2 (market-based)
per revenue as 10.43 t CO2e / 億円 (integrated-report.csv row 18), so intensity prints 10.43, with the interval
the printing allows, 10.425 to 10.435, not 10.430000; a ratio of printed parts keeps six decimals."""

from __future__ import annotations

from click.testing import CliRunner

from ghgcalc.cli import main
from tests.conftest import ROOT

JP = str(ROOT / "examples" / "precision-jp")


def _row(text: str, year: str, numerator: str) -> list[str]:
    rows = [cells for cells in map(str.split, text.splitlines()) if cells[:1] == [year] and cells[3:4] == [numerator]]
    assert len(rows) == 1, text
    return rows[0]


def test_a_printed_intensity_shows_its_printed_decimals():
    result = CliRunner(env={"COLUMNS": "120"}).invoke(main, ["intensity", JP, "--year", "FY2024"])
    assert result.exit_code == 0, result.output
    # year, "scope1", "+", "scope2_market", denominator, low, high, value, unit
    assert _row(result.stdout, "FY2024", "scope2_market")[5:8] == ["10.425", "10.435", "10.43"]
    # the location-based one is printed by no report: the ratio of its printed parts, six decimals
    location = _row(result.stdout, "FY2024", "scope2_location")[5:8]
    assert all(len(cell.split(".")[1]) == 6 for cell in location), location


def test_in_a_unit_a_hundred_times_smaller_it_keeps_two_decimals_more():
    """10.43 t CO2e per 億円 (100 million yen) is 0.1043 per 百万円 (million yen): four decimals, not 0.104300."""
    result = CliRunner(env={"COLUMNS": "120"}).invoke(main, ["intensity", JP, "--year", "FY2024", "--currency", "百万円"])
    assert result.exit_code == 0, result.output
    assert _row(result.stdout, "FY2024", "scope2_market")[5:8] == ["0.10425", "0.10435", "0.1043"]


def test_markdown_shows_it_so_too_right_aligned():
    result = CliRunner().invoke(main, ["intensity", JP, "--year", "FY2024", "--format", "markdown"])
    lines = result.stdout.splitlines()
    assert "| ---: | ---: | ---: |" in lines[3]
    market = [line for line in lines if "scope2_market" in line]
    assert [cell.strip() for cell in market[0].split("|")[4:7]] == ["10.425", "10.435", "10.43"]
