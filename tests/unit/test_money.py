"""Money across currencies only through a dated FX table; scales such as 万 through the registry."""

from __future__ import annotations

import pytest

from ghgcalc.errors import CurrencyError, InputError, UnitError
from ghgcalc.core.intervals import Interval
from ghgcalc.figures.money import convert_money, currency_of, load_fx, money_factor
from tests.conftest import ROOT

FX = ROOT / "examples" / "xiaomi" / "fx.csv"


@pytest.fixture(scope="module")
def fx():
    return load_fx(FX)


def test_rates_in_both_directions(fx):
    assert fx.rate("USD", "RMB", 2023)[0] == 7.0809
    assert fx.rate("RMB", "USD", 2023)[0] == pytest.approx(1 / 7.0809)
    assert fx.rate("USD", "RMB", "2024-12-31")[0] == 7.1884  # 100 USD = 718.84 RMB


def test_scale_words_convert_without_a_rate():
    assert money_factor("million RMB", "万 RMB") == pytest.approx(1e6 / 1e4)
    assert money_factor("t CO2e / (million RMB)", "t CO2e / 万 RMB") == pytest.approx(1e4 / 1e6)
    assert money_factor("million RMB", "10,000 RMB") == pytest.approx(100)


def test_revenue_in_usd_million_uses_the_year_rate(fx):
    # revenue 2023: RMB 270,970.1 million / 7.0809 RMB per USD = USD 38,267.9 million
    usd = convert_money(Interval(270970.05, 270970.15), "million RMB", "USD million", 2023, fx)
    assert usd.low == pytest.approx(270970.05 / 7.0809)
    assert usd.high == pytest.approx(270970.15 / 7.0809)


def test_intensity_per_money_converts_with_the_power_of_the_currency(fx):
    # 0.43 t CO2e per RMB million = 0.43 x 7.0809 t CO2e per USD million (a USD million is 7.0809 RMB million)
    assert money_factor("t CO2e / (million RMB)", "t CO2e / (USD million)", 2023, fx) == pytest.approx(7.0809)


def test_missing_year_names_what_to_add(fx):
    with pytest.raises(CurrencyError) as caught:
        money_factor("million RMB", "USD million", 2024, fx)
    assert str(caught.value) == (
        "converting RMB to USD needs an exchange rate for 2024: fx.csv has RMB/USD rates for "
        "2020, 2021, 2022, 2023, 2024-12-31; add a row '2024,RMB,USD,<rate>,<source>'")


def test_no_table_is_a_currency_error():
    with pytest.raises(CurrencyError, match="needs an exchange-rate table"):
        money_factor("million RMB", "USD million", 2023, None)


def test_currency_of_finds_the_power():
    assert currency_of("t CO2e / (million RMB)") == ("RMB", -1)
    assert currency_of("USD million") == ("USD", 1)
    assert currency_of("MWh") is None


def test_bad_fx_rows_are_all_reported(tmp_path):
    path = tmp_path / "fx.csv"
    path.write_text("date_or_year,from,to,rate,source\n"
                    "2023,USD,RMB,7.0809,Federal Reserve G.5A\n"
                    "23,USD,RMB,7.08,somewhere\n"
                    "2022,USD,RMX,6.729,Federal Reserve G.5A\n"
                    "2021,USD,RMB,-1,Federal Reserve G.5A\n"
                    "2020,USD,RMB,6.9042,\n"
                    "2023,RMB,USD,0.14,duplicate pair\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_fx(path)
    assert [str(p) for p in caught.value.problems] == [
        "fx.csv, row 3, column date_or_year: '23' is neither a year (2023, FY2023/24) nor a date (2023-12-31)",
        "fx.csv, row 4, column to: 'RMX' is not a currency; did you mean 'RMB'?",
        "fx.csv, row 5, column rate: '-1' is not a positive number",
        "fx.csv, row 6, column source: every rate needs a source (publisher, series, date)",
        "fx.csv, row 7, column date_or_year: RMB/USD for 2023 is already given in row 2",
    ]


def test_money_with_other_dimensions_that_disagree_is_a_unit_error(fx):
    # t CO2e per RMB million cannot become MWh per USD million: the rate fixes the currency, not the energy
    with pytest.raises(UnitError, match=r"'t CO2e / \(million RMB\)' cannot be converted to 'MWh / \(USD million\)'"):
        money_factor("t CO2e / (million RMB)", "MWh / (USD million)", 2023, fx)
