"""One percent conversion (core/percent.py) and one exchange-rate type, read from the FX table and used as read."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ghgcalc.figures.money import load_fx
from ghgcalc.core.percent import change_percent, from_percent, percent_text, to_percent
from ghgcalc.figures.prices import spend_rates
from ghgcalc.inventory.spend import ExchangeRate


def test_percent_by_hand():
    assert to_percent(0.173) == pytest.approx(17.3)
    assert from_percent(42) == pytest.approx(0.42)
    assert percent_text(0.05) == "5"
    assert change_percent(90.0, 120.0) == pytest.approx(-25.0)  # (90 - 120) / 120
    assert change_percent(-30.0, -20.0) == pytest.approx(-50.0)  # against the size of a negative figure: -10 / 20
    assert change_percent(5.0, 0.0) is None and change_percent(None, 1.0) is None


def test_an_fx_row_is_the_rate_spend_uses(tmp_path):
    path = tmp_path / "fx.csv"
    path.write_text("date_or_year,from,to,rate,source\n2023,USD,JPY,140.5,Bank of Japan annual average\n",
                    encoding="utf-8")
    table = load_fx(path)
    [rate] = table.rates
    assert isinstance(rate, ExchangeRate)
    assert (rate.period, rate.base, rate.quote, rate.rate, rate.row) == ("2023", "USD", "JPY", 140.5, 2)
    assert rate.cited == "fx.csv row 2" and rate.source == "Bank of Japan annual average"
    rates = spend_rates(table)
    assert rates.rates == (rate,)
    value, step = rates.exchange("JPY", "USD", 2023)
    assert value == pytest.approx(1 / 140.5) and step == "/ 140.5 JPY/USD (fx.csv row 2)"


def test_a_percentage_string_reads_through_the_one_conversion():
    from ghgcalc.core.quantity import fraction_from

    assert fraction_from("17.3 %") == from_percent(17.3)  # the same float, not a second division of its own
    assert fraction_from("7 percent") == pytest.approx(0.07)


def test_no_module_but_core_percent_converts_percent_itself():
    import re
    from pathlib import Path

    import ghgcalc

    package = Path(ghgcalc.__file__).parent
    by_hand = re.compile(r"[/*] ?100(?:\.0)?\b(?! \*)")
    found = [f"{path.relative_to(package)}:{n}" for path in sorted(package.rglob("*.py")) if path.name != "percent.py"
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if by_hand.search(line) and "// 100 * 100" not in line]
    assert found == []


def test_a_probability_that_is_not_certain_never_shows_as_100_or_0_percent():
    from ghgcalc.core.percent import probability_text

    assert probability_text(1.0) == "100 %" and probability_text(0.0) == "0 %"
    assert probability_text(0.9998) == "> 99.9 %"  # 99.98 % would round to 100.0 at one decimal
    assert probability_text(0.00004) == "< 0.1 %"
    assert probability_text(0.356) == "35.6 %"
    assert probability_text(0.9994) == "99.9 %"
    assert probability_text(0.9998, decimals=2) == "99.98 %"


@given(st.floats(min_value=0, max_value=1, exclude_min=True, exclude_max=True))
def test_probability_text_says_certain_only_of_certainty(fraction):
    from ghgcalc.core.percent import probability_text

    text = probability_text(fraction)
    assert text not in ("100 %", "0 %") and not text.startswith(("100.0", "0.0 "))
