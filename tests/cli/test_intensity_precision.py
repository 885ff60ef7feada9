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


def test_a_small_ratio_shows_enough_digits_to_tell_its_bounds_apart(tmp_path):
    """A US filer's revenue in thousands: 2,658.0 + 14,797.4 t CO2e over $3,901,250 thousand (10-K). The sum is
    17,455.3 to 17,455.5 (each part +-0.05), revenue 3,901,249.5 to 3,901,250.5, so the ratio per USD thousand is
    17,455.3 / 3,901,250.5 = 0.0044742833 to 17,455.5 / 3,901,249.5 = 0.0044743357: at six decimals both are
    0.004474 (as shown before), at seven 0.0044743, at eight 0.00447428 and 0.00447434; the face value
    17,455.4 / 3,901,250 = 0.0044743095 is shown to the same eight."""
    from ghgcalc.workspace.template import create_workspace

    root = tmp_path / "us"
    create_workspace(root, currency="USD")
    (root / "reported" / "company.csv").write_text(
        "vintage,metric,year,value,unit,source,note\n"
        'sr,revenue,2020,"3,901,250",$ in thousands,10-K,\n'
        'sr,scope1,2020,"2,658.0",t CO2e,SR,\n'
        'sr,scope2_location,2020,"14,797.4",t CO2e,SR,\n', encoding="utf-8")
    args = ["intensity", str(root), "--year", "2020", "--currency", "USD thousand"]
    result = CliRunner(env={"COLUMNS": "120"}).invoke(main, args)
    assert result.exit_code == 0, result.output
    assert _row(result.stdout, "2020", "scope2_location")[5:8] == ["0.00447428", "0.00447434", "0.00447431"]
    # in 100 columns the denominator, which the title names, is left out before the unit
    narrow = CliRunner().invoke(main, args).stdout
    assert max(map(len, narrow.splitlines())) <= 100
    assert "(--wide also shows: denominator)" in narrow
    row = next(line for line in narrow.splitlines() if line.startswith("2020"))
    assert row.endswith("0.00447428  0.00447434  0.00447431  t CO2e / (USD thousand)")
