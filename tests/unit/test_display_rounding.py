"""One rounding rule for every printed figure: half-up on the decimal value (a gap of 10.69 - 7.915 = 2.775
shows 2.78, as the target level 7.915 shows 7.92 in the same row), small values with significant digits
(0.000001583 t CO2e per rupee, not 0.000002), and a cell beyond a float's range quoted as typed."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pandas as pd
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from ghgcalc.cli import main
from ghgcalc.core.intervals import Interval, round_half_up, show_half_up, show_significant
from ghgcalc.outputs.disclosure import show_number
from ghgcalc.outputs.tables import render_table
from ghgcalc.outputs.target_text import show
from ghgcalc.targets.pathway import Figure


def test_a_gap_and_its_target_level_round_the_same_way():
    gap = 10.69 - 7.915            # the float 2.7749999999999995; its decimal value 2.775
    assert f"{gap:.2f}" == "2.77"  # what formatting the float gave
    assert show_half_up(gap, 2) == "2.78" and show_half_up(7.915, 2) == "7.92" and round_half_up(gap, 2) == 2.78
    # the gap as gap prints it: 2.775, between 10.69's and 7.915's printed precision (±0.005 and ±0.0025)
    assert show(Figure(gap, Interval(10.685 - 7.9175, 10.695 - 7.9125))) == "2.78 ±0.01"


def test_small_values_keep_significant_digits():
    per_rupee = 48_261.73 / 30_490_000_000   # t CO2e per INR: 1.5829e-06
    assert show_significant(per_rupee, 6) == "0.000001583"
    assert show_significant(15.827127, 6) == "15.827127" and show_significant(0.0, 6) == "0.000000"
    assert show_number(per_rupee) == "0.000001583"   # not 1.583e-06
    table = render_table(pd.DataFrame({"year": [2024], "value": [per_rupee]}), 6, significant=4)
    assert table.splitlines()[-1].split()[-1] == "0.000001583"


DECIMALS = st.integers(min_value=0, max_value=3)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=-10**9, max_value=10**9), st.integers(min_value=-10**9, max_value=10**9), DECIMALS)
def test_a_difference_of_printed_figures_rounds_as_its_decimal_value(a, b, decimals):
    """a/1000 - b/1000 shown at ``decimals`` places is what decimal arithmetic, half-up, gives (a difference that
    rounds to zero from below shows as 0, not -0: no sign on nothing)."""
    exact = (Decimal(a) - Decimal(b)) / 1000
    expected = exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    assert show_half_up(a / 1000 - b / 1000, decimals, grouping=False) == format(abs(expected) if expected == 0 else expected, "f")


def test_a_small_figure_is_never_padded():
    # show_number gives two decimals, and digits beyond them only where they say something (0.5, not 0.5000)
    assert show_number(0.5) == "0.50" and show_number(0.1762) == "0.1762" and show_number(1_234.5) == "1,234.50"
    assert show_significant(0.5, 1) == "0.5" and show_significant(0.0000015, 6) == "0.0000015"


def test_asked_decimals_are_kept():
    # gap % and progress ask for one decimal: a progress of 0.5 % is "0.5 %"; 0.5347 % too; 0.04 % is not 0.0 %
    assert show(Figure(0.005, Interval.exact(0.005)), 100, " %", 1) == "0.5 %"
    assert show(Figure(0.005347, Interval.exact(0.005347)), 100, " %", 1) == "0.5 %"
    assert show(Figure(0.0004, Interval.exact(0.0004)), 100, " %", 1) == "0.04 %"
    assert show(Figure(0.4375, Interval.exact(0.4375)), 100, " %", 1) == "43.8 %"


def rupee_workspace(root):
    """Revenue printed in rupees, and a year with a few kilograms of gas: 1.3824 m3 x 2.5 kg CO2e / m3 = 3.456 kg
    (0.003456 t CO2e) in 2023; 320,000 m3 x 2.5 kg = 800 t in 2024, over INR 30,490,000,000 of revenue."""
    root.mkdir()
    (root / "ghgcalc.toml").write_text('[workspace]\nname = "Rupee Co"\ngwp_set = "AR6GWP100"\ncurrency = "INR"\n'
                                       'base_year = 2023\n\n[data]\nactivity = ["activity.csv"]\n'
                                       'reported = ["company.csv"]\n', encoding="utf-8")
    (root / "activity.csv").write_text("year,activity,quantity,unit,region,site,factor_value,factor_unit\n"
                                       "2023,natural_gas.stationary,1.3824,m3,IN,Pune,2.5,kg CO2e / m3\n"
                                       "2024,natural_gas.stationary,320000,m3,IN,Pune,2.5,kg CO2e / m3\n",
                                       encoding="utf-8")
    (root / "company.csv").write_text('vintage,metric,year,value,unit\nar,revenue,2024,"30,490,000,000",INR\n',
                                      encoding="utf-8")
    return root


PER_RUPEE = 800 / 30_490_000_000  # 2.6238e-08 t CO2e per rupee


def test_a_small_figure_keeps_four_digits_in_markdown_workbooks_and_explain(tmp_path):
    from openpyxl import load_workbook

    root = rupee_workspace(tmp_path / "rupees")
    run = CliRunner().invoke
    markdown = run(main, ["intensity", str(root), "--numerator", "S1+2-location", "--format", "markdown"])
    assert markdown.exit_code == 0, markdown.output
    row = next(line for line in markdown.stdout.splitlines() if line.startswith("| 2024"))
    assert row.split("|")[6].strip() == "0.00000002624"   # not 0.000000
    book = tmp_path / "intensity.xlsx"
    assert run(main, ["intensity", str(root), "--numerator", "S1+2-location", "--xlsx", str(book)]).exit_code == 0
    sheet = load_workbook(book).active
    value = next(c for c in sheet[2] if c.column_letter == "F")
    assert value.value == pytest.approx(PER_RUPEE) and value.number_format == "#,##0.0000" + "#" * 7  # up to 11 places: 2624
    explained = run(main, ["explain", str(root), "--year", "2023", "--scope", "1"])
    assert explained.stdout.startswith("year=2023, scope=1: 0.003456 t CO2e"), explained.output  # not 0.00


def test_sentences_round_half_up_as_the_tables_do():
    """The audit's sentences, a rate in an FX note and a figure's text: the same rule as every printed figure
    (f"{2.775:,.2f}" and f"{x:.6g}" round the binary value: 2.77 and 1.23456 for 1.234565)."""
    from ghgcalc.audit.findings import number_text

    gap = 10.69 - 7.915
    assert number_text(gap, 2) == "2.78" and number_text(1_234_567.5) == "1,234,568"
    assert f"{1.234565:.6g}" == "1.23456" and number_text(1.234565) == "1.23457"
    assert str(Figure(1.234565, Interval(1.234565, 1.234565))) == "1.23457"
