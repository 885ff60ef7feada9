"""Cross rates: a table quoted against one currency converts between any two it lists, by one rule for
intensities and printed figures (FxTable) and for spend-based Scope 3 rows (SpendRates).

The worked example of docs/audit.md ("The FX table"): fx.csv quotes the yen and the euro against the US dollar,
2023,USD,JPY,140 and 2023,USD,EUR,0.925. One yen is 1/140 USD, and 0.925/140 EUR = 0.00660714...; revenue of
1,400 million JPY is 10 million USD, 9.25 million EUR.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest
from click.testing import CliRunner

from ghgcalc.cli import main
from ghgcalc.core.intervals import Interval
from ghgcalc.core.years import FiscalYears
from ghgcalc.errors import CurrencyError
from ghgcalc.figures.money import convert_money, load_fx, money_factor
from ghgcalc.figures.prices import spend_rates
from ghgcalc.inventory.engine import compute_lines
from ghgcalc.inventory.spend import SpendError

HEAD = "date_or_year,from,to,rate,source\n"
USD_BASED = HEAD + "2023,USD,EUR,0.925,ECB made up\n2023,USD,JPY,140,BoJ made up\n"


def fx_file(tmp_path, text: str, **kwargs):
    path = tmp_path / "fx.csv"
    path.write_text(text, encoding="utf-8")
    return load_fx(path, **kwargs)


def test_the_worked_example_by_hand(tmp_path):
    fx = fx_file(tmp_path, USD_BASED)
    rate, used = fx.rate("JPY", "EUR", 2023)
    assert rate == pytest.approx(0.925 / 140)  # 1 JPY = 1/140 USD = 0.925/140 EUR = 0.00660714 EUR
    assert rate == pytest.approx(0.00660714, rel=1e-6)
    assert fx.rate("EUR", "JPY", 2023)[0] == pytest.approx(140 / 0.925)  # the other way: 151.35 JPY per EUR
    revenue = convert_money(Interval.exact(1_400), "million JPY", "million EUR", 2023, fx)
    assert revenue.mid == pytest.approx(9.25)  # 1,400 million JPY / 140 = 10 million USD x 0.925 = 9.25 million EUR
    # the lineage names the currency it went through, both rows and their years
    assert used.through == "USD" and [leg.row for leg in used.legs] == [3, 2] and used.row == 0
    assert used.cited == "fx.csv row 3 and fx.csv row 2"
    assert used.lineage == ("crossed through USD: fx.csv row 3 (2023: 1 USD = 140 JPY; BoJ made up) and "
                            "fx.csv row 2 (2023: 1 USD = 0.925 EUR; ECB made up)")


def test_an_intensity_per_money_converts_through_the_cross_rate(tmp_path):
    fx = fx_file(tmp_path, USD_BASED)
    # 1 t CO2e per million JPY: a million EUR is 140/0.925 = 151.351 million JPY, so 151.351 t CO2e per million EUR
    assert money_factor("t CO2e / (million JPY)", "t CO2e / (million EUR)", 2023, fx) == pytest.approx(140 / 0.925)


def test_a_direct_row_comes_before_a_cross_rate(tmp_path):
    fx = fx_file(tmp_path, USD_BASED + "2023,EUR,JPY,150,made up\n")
    rate, used = fx.rate("JPY", "EUR", 2023)
    assert rate == pytest.approx(1 / 150) and used.through == "" and used.row == 4
    assert used.cited == "fx.csv row 4" and used.rate == rate
    assert used.lineage == "fx.csv row 4: made up"


def test_inverse_rates(tmp_path):
    fx = fx_file(tmp_path, USD_BASED)
    assert fx.rate("EUR", "USD", 2023)[0] == pytest.approx(1 / 0.925)  # from USD->EUR
    assert fx.rate("USD", "EUR", 2023)[0] == 0.925


TWO_HUBS = USD_BASED + "2023,GBP,EUR,1.15,made up\n2023,GBP,JPY,175,made up\n"


def test_the_reporting_currency_carries_a_cross_rate(tmp_path):
    # through USD 0.925/140 = 0.0066071; through GBP 1.15/175 = 0.0065714: the reporting currency decides
    assert fx_file(tmp_path, TWO_HUBS, currency="GBP").rate("JPY", "EUR", 2023)[0] == pytest.approx(1.15 / 175)
    assert fx_file(tmp_path, TWO_HUBS, currency="USD").rate("JPY", "EUR", 2023)[0] == pytest.approx(0.925 / 140)


def test_two_common_currencies_and_no_reporting_one_ask_for_the_row(tmp_path):
    fx = fx_file(tmp_path, TWO_HUBS, currency="EUR")  # EUR is a side, not a currency between them
    with pytest.raises(CurrencyError) as caught:
        fx.rate("JPY", "EUR", 2023)
    assert str(caught.value) == ("fx.csv has no JPY/EUR rate for 2023, and JPY and EUR are both quoted against GBP and "
                                 "USD, whose cross rates differ; add a row '2023,JPY,EUR,<rate>,<source>'")


def test_an_annual_rate_is_never_crossed_with_a_date_s_rate(tmp_path):
    fx = fx_file(tmp_path, HEAD + "2024,USD,JPY,151.4,BoJ\n2024-12-31,USD,EUR,0.96,ECB\n")
    with pytest.raises(CurrencyError) as caught:
        fx.rate("JPY", "EUR", 2024)
    assert str(caught.value) == (
        "a JPY/EUR cross rate for 2024 through USD would mix two conventions: fx.csv row 2 (the annual rate of 2024) "
        "and fx.csv row 3 (the rate of 2024-12-31); add '2024,USD,EUR,<rate>,<source>' so that both rows are annual "
        "rates")
    with pytest.raises(CurrencyError, match=r"fx.csv row 2 \(the annual rate of 2024\) and fx.csv row 3 \(the rate "
                                            r"of 2024-12-31\); add '2024-12-31,USD,JPY,<rate>,<source>' so that both "
                                            r"rows are rates of 2024-12-31"):
        fx.rate("JPY", "EUR", "2024-12-31")
    spend = spend_rates(fx)
    with pytest.raises(SpendError, match="would mix two conventions: fx.csv row 2"):
        spend.exchange("JPY", "EUR", 2024)


def test_a_fiscal_year_s_annual_rate_is_not_crossed_with_a_date_inside_it(tmp_path):
    years = FiscalYears("03-31")  # FY2024 is April 2023 to March 2024: 2024-03-31 falls in it, 2024-12-31 does not
    fx = fx_file(tmp_path, HEAD + "FY2024,USD,JPY,141,a\n2024-03-31,USD,EUR,0.92,b\n", years=years)
    with pytest.raises(CurrencyError, match=r"for FY2023/24 through USD would mix two conventions: fx.csv row 2 \(the "
                                            r"annual rate of FY2023/24\) and fx.csv row 3 \(the rate of 2024-03-31\)"):
        fx.rate("JPY", "EUR", 2024)
    later = fx_file(tmp_path, HEAD + "FY2024,USD,JPY,141,a\n2024-12-31,USD,EUR,0.92,b\n", years=years)
    with pytest.raises(CurrencyError, match=r"needs an exchange rate for FY2023/24 \(1 April 2023"):  # none that year
        later.rate("JPY", "EUR", 2024)


EPA, STEEL = "epa-supply-chain-v1.3-naics", "331110/with_margins"  # 0.787 kg CO2e per 2022 USD (test_spend.py)
EUR_BASED = HEAD + "2022,EUR,USD,1.08,ECB made up\n2022,EUR,JPY,152,ECB made up\n"


def test_spend_converts_through_the_same_cross_rate(tmp_path, library):
    rates = spend_rates(fx_file(tmp_path, EUR_BASED, currency="EUR"))
    value, steps = rates.exchange("JPY", "USD", 2022)
    assert value == pytest.approx(1.08 / 152)
    assert steps == "/ 152 JPY/EUR (fx.csv row 3) x 1.08 USD/EUR (fx.csv row 2)"
    rows = pd.DataFrame([dict(year=2022, activity="value_chain", quantity=15_200_000, unit="JPY", scope3_category=1,
                              factor_dataset=EPA, factor_id=STEEL, method="spend-based")])
    line = compute_lines(rows, library, "AR5GWP100", spend=rates).emissions.iloc[0]
    # 15,200,000 JPY / 152 = 100,000 EUR x 1.08 = 108,000 USD of 2022 x 0.787 kg = 84,996 kg
    assert line["co2e_t"] == pytest.approx(84.996)
    assert "JPY / 152 JPY/EUR (fx.csv row 3) x 1.08 USD/EUR (fx.csv row 2)" in line["conversion"]


def test_a_figure_and_a_spend_row_get_the_same_rate(tmp_path):
    fx = fx_file(tmp_path, TWO_HUBS, currency="GBP")
    assert spend_rates(fx).exchange("JPY", "EUR", 2023)[0] == fx.rate("JPY", "EUR", 2023)[0]


def test_a_workspace_reporting_in_euros_computes_yen_spend(tmp_path):
    (tmp_path / "ghgcalc.toml").write_text('[workspace]\nname = "t"\ncurrency = "EUR"\ngwp_set = "AR5GWP100"\n\n'
                                           '[data]\nactivity = "spend.csv"\nfx = "fx.csv"\n', encoding="utf-8")
    (tmp_path / "spend.csv").write_text("year,activity,quantity,unit,scope3_category,factor_dataset,factor_id,method\n"
                                        f"2022,value_chain,15200000,JPY,1,{EPA},{STEEL},spend-based\n", encoding="utf-8")
    (tmp_path / "fx.csv").write_text(EUR_BASED, encoding="utf-8")
    result = CliRunner().invoke(main, ["inventory", str(tmp_path), "--format", "json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert [r["value"] for r in json.loads(result.stdout)["rows"]] == pytest.approx([84.996])


def test_the_documented_example_is_the_one_computed_here(tmp_path):
    from tests.conftest import ROOT

    doc = (ROOT / "docs" / "audit.md").read_text(encoding="utf-8")
    assert "2023,USD,EUR,0.925,<source>\n2023,USD,JPY,140,<source>" in doc
    assert "1 JPY = 0.925 / 140 = 0.00660714 EUR" in doc and "x 0.925 = 9.25\nmillion EUR" in doc
    fx = fx_file(tmp_path, HEAD + "2024,USD,JPY,151.4,BoJ\n2024-12-31,USD,EUR,0.96,ECB\n")
    with pytest.raises(CurrencyError) as caught:
        fx.rate("JPY", "EUR", 2024)
    assert f"Error: {caught.value}\n" in doc
