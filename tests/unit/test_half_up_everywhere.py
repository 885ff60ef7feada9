"""Every number shown to a reader goes through the one display rule, half-up on the decimal value
(core.intervals.show_half_up): a format spec such as f"{x:,.2f}" rounds the binary value half-to-even, so 0.125
(exact in binary) shows as 0.12 and 2.675 (just below in binary) as 2.67, where a report prints 0.13 and 2.68.
Machine formats (JSON, CSV, workbook cells) keep the numbers whole and are not concerned."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ghgcalc.core.intervals import show_digits
from ghgcalc.outputs import audit_text, disclosure_facts, scenario_tables, scope3_text, svg_charts
from ghgcalc.plotting import canvas
from tests.conftest import ROOT


@pytest.mark.parametrize("shown, expected", [
    (lambda: scope3_text._score(2.25, 0), "2.3 "),  # a data-quality score; f"{2.25:.1f}" is 2.2
    (lambda: scope3_text._percent(0.125), "13%"),  # f"{0.125:.0%}" is 12%
    (lambda: disclosure_facts._t(0.125), "0.13"),
    (lambda: disclosure_facts._mwh(2.675), "2.68 MWh"),  # 2.675 is 2.67499999... in binary
    (lambda: scenario_tables._signed(-0.125), "-0.13"),
    (lambda: scenario_tables._signed(-0.004), "0.00"),  # no minus sign on what rounds to zero
    (lambda: audit_text._fmt(0.125, 2), "0.13"),
    (lambda: audit_text._fmt(-0.001, 2), "0.00"),
    (lambda: svg_charts.tick_label(0.125), "0.13"),
    (lambda: canvas.thousands(0.125), "0.13"),
    (lambda: show_digits(1.234565), "1.23457"),  # explain's six significant digits; f"{1.234565:.6g}" is 1.23456
])
def test_a_half_shows_rounded_up(shown, expected):
    assert shown() == expected


# f"{value:.2f}", f"{value:+,.1f}", f"{share:.0%}", f"{x:,.6g}": a fixed-precision format spec inside braces
FORMAT_SPEC = re.compile(r"\{[^{}]*:[+ ]?,?\.\d+[fg%]\}")
# widths only: a workbook column is sized to the text a number would take, which no one reads
ALLOWED = {("outputs/workbook.py", 'shown = f"{value:,.4f}" if small else f"{value:,.2f}"')}


def test_no_text_output_formats_a_number_itself():
    found = []
    for folder in ("outputs", "cli", "plotting"):
        for path in sorted((ROOT / "ghgcalc" / folder).rglob("*.py")):
            name = path.relative_to(ROOT / "ghgcalc").as_posix()
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                if FORMAT_SPEC.search(line) and (name, line.strip()) not in ALLOWED:
                    found.append(f"{name}:{number}: {line.strip()}")
    assert not found, "format through show_half_up (core.intervals): " + "; ".join(found)


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=-10**12, max_value=10**12), st.integers(min_value=0, max_value=9))
def test_six_significant_digits_are_the_decimal_values_rounded_half_up(digits, scale):
    """digits / 10**scale to six significant digits is what decimal arithmetic, half-up, gives (as ``g`` writes it:
    no trailing zeros, an exponent from 1e6 up or below 1e-4)."""
    exact = Decimal(digits).scaleb(-scale)
    if exact == 0:
        assert show_digits(0.0) == "0"
        return
    rounded = exact.quantize(Decimal(1).scaleb(exact.adjusted() - 5), rounding=ROUND_HALF_UP)
    assert float(show_digits(float(exact)).replace(",", "")) == float(rounded)
