"""Spend-based Scope 3 rows in any currency and year: exchange rate, then price index, then the factor.

The factor is EPA supply-chain v1.3 331110/with_margins (iron and steel mills), 0.787 kg CO2e per 2022 USD
(the test checks the shipped CSV still holds it). Rates and indices are made up for round numbers.
"""

import json

import pandas as pd
import pytest
from click.testing import CliRunner

from ghgcalc.cli import main
from ghgcalc.errors import InputError
from ghgcalc.figures.money import load_fx
from ghgcalc.figures.prices import load_price_index, spend_rates
from ghgcalc.inventory.engine import compute_inventory, compute_lines
from ghgcalc.inventory.spend import ExchangeRate, SpendRates

EPA = "epa-supply-chain-v1.3-naics"
STEEL = "331110/with_margins"
FX = "date_or_year,from,to,rate,source\n2022,USD,RMB,7.08,made up\n2024,USD,RMB,7.08,made up\n2024,EUR,USD,1.25,made up\n"
INDEX = "currency,year,index,source\nUSD,2022,100,made up\nUSD,2024,125,made up\n"


def spend(quantity, unit, year=2022, **extra):
    return dict(year=year, activity="value_chain", quantity=quantity, unit=unit, scope3_category=1, factor_dataset=EPA,
                factor_id=STEEL, method="spend-based", **extra)


@pytest.fixture()
def rates(tmp_path):
    (tmp_path / "fx.csv").write_text(FX, encoding="utf-8")
    (tmp_path / "price-index.csv").write_text(INDEX, encoding="utf-8")
    return spend_rates(load_fx(tmp_path / "fx.csv"), load_price_index(tmp_path / "price-index.csv"), "price-index.csv")


def test_the_factor_is_the_shipped_one(library):
    assert library.published_factor(EPA, STEEL).value == 0.787


@pytest.mark.parametrize("quantity, unit, year, tonnes, step", [
    # 7,080,000 RMB / 7.08 RMB/USD = 1,000,000 USD of 2022 x 0.787 kg = 787,000 kg
    (7_080_000, "RMB", 2022, 787.0, "RMB / 7.08 RMB/USD (fx.csv row 2)"),
    (7.08, "million RMB", 2022, 787.0, "million RMB / 7.08 RMB/USD (fx.csv row 2)"),
    # 2024: 1,000,000 USD of 2024 x 100/125 = 800,000 USD of 2022 x 0.787 = 629,600 kg
    (7_080_000, "RMB", 2024, 629.6, "RMB / 7.08 RMB/USD (fx.csv row 3) x 100/125 (USD price index 2022/2024"),
    # EUR: 800,000 EUR x 1.25 USD/EUR = 1,000,000 USD of 2024, then as above
    (800_000, "EUR", 2024, 629.6, "EUR x 1.25 USD/EUR (fx.csv row 4) x 100/125"),
    (1_000_000, "USD", 2024, 629.6, "USD x 100/125 (USD price index 2022/2024: price-index.csv row 2, price-index.csv row 3)"),
    (1_000_000, "USD", 2022, 787.0, "method: spend-based; USD x 0.787 kg CO2e / USD"),  # nothing to convert
])
def test_spend_is_brought_to_2022_usd(library, rates, quantity, unit, year, tonnes, step):
    rows = pd.DataFrame([spend(quantity, unit, year)])
    result = compute_inventory(rows, library, "AR5GWP100", spend=rates)
    assert result.rows_rejected == 0, result.rejected.to_string()
    assert result.totals["co2e_t"].sum() == pytest.approx(tonnes)
    line = compute_lines(rows, library, "AR5GWP100", spend=rates).emissions.iloc[0]
    assert line["co2e_t"] == pytest.approx(tonnes)
    assert step in line["conversion"], line["conversion"]
    assert "nominal_spend" not in line["fallback"]


def test_a_library_user_gives_the_rates_as_values(library):
    rates = SpendRates((ExchangeRate("2022", "RMB", "USD", 0.125, "treasury note 7"),))
    rows = pd.DataFrame([spend(8_000_000, "RMB")])  # 8,000,000 x 0.125 = 1,000,000 USD x 0.787 kg = 787 t
    result = compute_lines(rows, library, "AR5GWP100", spend=rates)
    assert result.emissions["co2e_t"].sum() == pytest.approx(787.0)
    assert "RMB x 0.125 USD/RMB (treasury note 7)" in result.emissions.iloc[0]["conversion"]


@pytest.mark.parametrize("bad, rates_given, column, words", [
    (spend(1_000, "RMB"), False, "unit", "name an exchange-rate table ([data] fx in ghgcalc.toml) or convert the spend to 2022 USD first"),
    (spend(1_000, "RMB", 2023), True, "unit",
     "no RMB/USD exchange rate for 2023 in fx.csv (it has RMB/USD for 2022, 2024); add an annual rate '2023,USD,RMB,<rate>,<source>'"),
    (spend(1_000, "GBP"), True, "unit", "no GBP/USD exchange rate for 2022 in fx.csv (it has no GBP/USD rate)"),
    (spend(1_000, "USD", 2023), True, "year", "price-index.csv has no USD index for 2023; add rows 'USD,<year>,<index>,<source>'"),
    (spend(1_000, "USD", 2024), False, "year", "no price-index table is named ([data] price_index in ghgcalc.toml)"),
    (spend(1_000, "USD / t"), True, "unit", "does not fit"),
])
def test_spend_that_cannot_be_converted_is_refused_in_one_line(library, rates, bad, rates_given, column, words):
    good = spend(1_000_000, "USD")  # 787 t
    table = pd.DataFrame([good, bad, good])
    result = compute_inventory(table, library, "AR5GWP100", spend=rates if rates_given else None)
    problems = result.rejected
    assert list(problems["row"]) == [3] and list(problems["column"]) == [column], problems.to_string()
    assert words in problems["message"].iloc[0] and "\n" not in problems["message"].iloc[0], problems["message"].iloc[0]
    assert problems["value"].iloc[0] == bad[column]  # the row's own value: its unit or its year
    assert (result.rows_in, result.rows_computed, result.rows_rejected) == (3, 2, 1)
    assert result.totals["co2e_t"].sum() == pytest.approx(2 * 787.0)
    lines = compute_lines(table, library, "AR5GWP100", spend=rates if rates_given else None)
    pd.testing.assert_frame_equal(lines.rejected.astype(str), problems.astype(str))


def test_nominal_spend_is_a_fallback_the_user_names(library):
    rows = pd.DataFrame([spend(1_000_000, "USD", 2024)])  # taken as 1,000,000 USD of 2022: 787 t
    result = compute_inventory(rows, library, "AR5GWP100", fallback=["nominal_spend"])
    assert result.rows_rejected == 0 and result.totals["co2e_t"].sum() == pytest.approx(787.0)
    fallback = result.totals["fallback"].iloc[0]
    assert "nominal_spend: 2024 USD taken as 2022 USD, not adjusted for inflation" in fallback
    assert "used for 2024" in fallback  # the table's own year, said as before


def test_price_index_table_lists_every_bad_row(tmp_path):
    path = tmp_path / "price-index.csv"
    path.write_text("currency,year,index,source\nUSD,2022,100,a\nUDS,2023,101,a\nUSD,20x4,102,a\nUSD,2022,-1,\n",
                    encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_price_index(path)
    text = str(caught.value)
    assert "price-index.csv, row 3, column currency: 'UDS' is not a currency" in text
    assert "row 4, column year: '20x4' is not a year" in text
    assert "row 5, column index: '-1' is not a positive number" in text
    assert "row 5, column source: every index needs a source" in text
    assert "row 5, column year: USD for 2022 is already given in row 2" in text


def workspace(root, rows: str, fx: str | None = FX, index: str | None = INDEX, fallback: str = "[]"):
    data = ['activity = "spend.csv"'] + (['fx = "fx.csv"'] if fx else []) + (['price_index = "price-index.csv"'] if index else [])
    (root / "ghgcalc.toml").write_text(f'[workspace]\nname = "t"\ngwp_set = "AR5GWP100"\nfallback = {fallback}\n\n[data]\n'
                                       + "\n".join(data) + "\n", encoding="utf-8")
    (root / "spend.csv").write_text("year,activity,quantity,unit,scope3_category,factor_dataset,factor_id,method\n" + rows,
                                    encoding="utf-8")
    if fx:
        (root / "fx.csv").write_text(fx, encoding="utf-8")
    if index:
        (root / "price-index.csv").write_text(index, encoding="utf-8")
    return str(root)


def test_a_workspace_with_rmb_spend(tmp_path):
    rows = f"2022,value_chain,7080000,RMB,1,{EPA},{STEEL},spend-based\n2024,value_chain,7080000,RMB,1,{EPA},{STEEL},\n"
    result = CliRunner().invoke(main, ["inventory", workspace(tmp_path, rows), "--format", "json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    got = {r["year"]: r["value"] for r in payload["rows"]}
    assert got == pytest.approx({2022: 787.0, 2024: 629.6})  # as in test_spend_is_brought_to_2022_usd
    inputs = {entry["file"] for entry in payload["manifest"]["inputs"]}
    assert {"fx.csv", "price-index.csv"} <= inputs  # the rates are inputs of the run


def test_a_workspace_without_the_year_s_rate_lists_the_row(tmp_path):
    rows = f"2023,value_chain,7080000,RMB,1,{EPA},{STEEL},spend-based\n2022,value_chain,7080000,RMB,1,{EPA},{STEEL},\n"
    result = CliRunner().invoke(main, ["inventory", workspace(tmp_path, rows)])
    assert "spend.csv, row 2, column unit: no RMB/USD exchange rate for 2023 in fx.csv" in result.output
    assert "rows in: 2, computed: 1, rejected: 1" in result.output


def test_a_workspace_may_allow_nominal_spend(tmp_path):
    rows = f"2024,value_chain,1000000,USD,1,{EPA},{STEEL},spend-based\n"
    path = workspace(tmp_path, rows, fx=None, index=None, fallback='["nominal_spend"]')
    result = CliRunner().invoke(main, ["inventory", path, "--format", "json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["rows"][0]["value"] == pytest.approx(787.0)  # 1,000,000 x 0.787 kg at face value
