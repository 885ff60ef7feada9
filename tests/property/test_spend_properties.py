"""Scope 3 invariants: spend is the same purchase in any currency, spend and mass differ only by their
factors, categories add up to Scope 3, and a supplier's own factor touches only that supplier's lines."""

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ghgcalc.inventory.engine import compute_inventory, compute_lines, summarise, total_co2e
from ghgcalc.inventory.spend import ExchangeRate, PriceIndex, SpendRates

EPA = "epa-supply-chain-v1.3-naics"
DESNZ = "desnz-ghg-2025-full"
STEEL_SPEND = "331110/with_margins"  # kg CO2e per 2022 USD
STEEL_MASS = "19_500_5028_15_1"  # DESNZ material use, construction metals, primary production: kg CO2e per tonne
GWP = "AR5GWP100"
# An inventory costs ~0.1 s of fixed pandas work however small its table: few examples, each checked hard
SETTINGS = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
AMOUNT = st.floats(1.0, 1e9, allow_nan=False)


def spend_row(quantity, unit, year=2022, supplier="", factor_id=STEEL_SPEND):
    return dict(year=year, activity="value_chain", quantity=quantity, unit=unit, scope3_category="1", factor_dataset=EPA,
                factor_id=factor_id, factor_value="", factor_unit="", method="spend-based", supplier=supplier)


def co2e(library, table, spend=None) -> float:
    # rows of any year with the 2025 DESNZ table: these properties are about ratios, not editions
    result = compute_inventory(pd.DataFrame(table), library, GWP, spend=spend, fallback=["other_edition"])
    assert result.rows_rejected == 0, result.rejected.to_string()
    return float(result.totals["co2e_t"].sum())


@SETTINGS
@given(AMOUNT, st.floats(1e-3, 1e3), st.sampled_from(["RMB", "EUR", "GBP", "JPY"]), st.sampled_from([2022, 2023, 2024]),
       st.booleans(), st.floats(50, 500), st.floats(50, 500))
def test_spend_in_any_currency_is_the_same_purchase(library, amount_usd, per_usd, currency, year, quoted_in_usd, index_then, index_now):
    """(a) amount USD and amount x rate in another currency, at that year's rate, give the same emissions."""
    rate = ExchangeRate(str(year), "USD", currency, per_usd, "fx") if quoted_in_usd else \
        ExchangeRate(str(year), currency, "USD", 1 / per_usd, "fx")
    indices = (PriceIndex("USD", 2022, index_then, "i"),) + ((PriceIndex("USD", year, index_now, "i"),) if year != 2022 else ())
    rates = SpendRates((rate,), indices, "fx.csv", "price-index.csv")
    in_usd = co2e(library, [spend_row(amount_usd, "USD", year)], rates)
    in_other = co2e(library, [spend_row(amount_usd * per_usd, currency, year)], rates)
    assert in_other == pytest.approx(in_usd, rel=1e-9)
    expected_index = index_then / (index_now if year != 2022 else index_then)
    assert in_usd == pytest.approx(amount_usd * expected_index * library.published_factor(EPA, STEEL_SPEND).value / 1000,
                                   rel=1e-9)


@SETTINGS
@given(st.floats(1e-3, 1e5), st.floats(10, 1e5))
def test_spend_and_mass_differ_by_the_ratio_of_their_factors(library, tonnes, usd_per_tonne):
    """(b) one purchase as spend (USD of 2022) and as mass: emissions differ by price x spend factor / mass factor."""
    spend_factor = library.published_factor(EPA, STEEL_SPEND).value  # kg CO2e / USD
    mass_factor = library.published_factor(DESNZ, STEEL_MASS).value  # kg CO2e / t
    by_spend = co2e(library, [spend_row(tonnes * usd_per_tonne, "USD")])
    by_mass = co2e(library, [dict(spend_row(tonnes, "t"), factor_dataset=DESNZ, factor_id=STEEL_MASS, method="average-data")])
    assert by_spend / by_mass == pytest.approx(usd_per_tonne * spend_factor / mass_factor, rel=1e-9)


SCOPE3_ROWS = [  # (activity, unit, category, dataset, factor id, region): one of each kind of Scope 3 row
    ("value_chain", "USD", "1", EPA, STEEL_SPEND, ""),
    ("value_chain", "t", "1", DESNZ, STEEL_MASS, ""),
    ("value_chain", "tkm", "4", DESNZ, "27_304_3140_14_1", ""),
    ("value_chain", "t", "5", DESNZ, "20_507_5313_15_1", ""),
    ("value_chain", "passenger.km", "6", DESNZ, "21_316_3164_11_1", ""),
    ("value_chain", "km", "7", DESNZ, "25_301_3074_4_1", ""),
    ("value_chain", "t", "12", DESNZ, "20_507_5313_15_1", ""),
    ("electricity.td_losses", "kWh", "", "", "", "GB"),
    ("natural_gas.stationary", "kWh", "", "", "", "GB"),  # Scope 1: must not count in Scope 3
]
MIXED_ROW = st.tuples(st.sampled_from(SCOPE3_ROWS), AMOUNT, st.sampled_from(["", "A", "B"]))


def mixed_table(drawn) -> pd.DataFrame:
    return pd.DataFrame([dict(year=2022, activity=a, quantity=q, unit=u, scope3_category=c, factor_dataset=d, factor_id=f,
                              region=r, supplier=s) for (a, u, c, d, f, r), q, s in drawn])


@SETTINGS
@given(st.lists(MIXED_ROW, min_size=1, max_size=20))
def test_category_totals_add_up_to_scope3(library, drawn):
    """(c) the categories' totals add up to Scope 3, on the totals path and on the lines path alike."""
    table = mixed_table(drawn)
    result = compute_inventory(table, library, GWP, fallback=["other_edition"])
    assert result.rows_rejected == 0, result.rejected.to_string()
    by_category = summarise(result.totals, ["scope", "scope3_category"])
    scope3 = by_category[by_category["scope"] == "3"]
    assert (scope3["scope3_category"] != "").all()
    assert scope3["co2e_t"].sum() == pytest.approx(total_co2e(result.totals, ["3"]), rel=1e-12)
    lines = compute_lines(table, library, GWP, fallback=["other_edition"]).emissions
    per_category = lines[lines["scope"] == "3"].groupby("scope3_category", observed=True)["co2e_t"].sum()
    assert per_category.sum() == pytest.approx(total_co2e(lines, ["3"]), rel=1e-12)
    assert dict(zip(scope3["scope3_category"], scope3["co2e_t"])) == pytest.approx(
        {str(k): v for k, v in per_category.items()}, rel=1e-9)


def by_supplier(library, table: pd.DataFrame) -> dict[str, float]:
    result = compute_inventory(table, library, GWP, fallback=["other_edition"])
    assert result.rows_rejected == 0, result.rejected.to_string()
    return dict(summarise(result.totals, ["supplier"]).itertuples(index=False, name=None))


@settings(SETTINGS, max_examples=10)
@given(st.lists(MIXED_ROW, min_size=1, max_size=20), st.sampled_from(["A", "B"]), AMOUNT, st.floats(0, 10))
def test_a_supplier_s_own_factor_changes_only_that_supplier(library, drawn, supplier, quantity, kg_per_usd):
    """(d) a supplier-specific row (its factor on the row) for one supplier changes that supplier's total only."""
    table = mixed_table(drawn)
    before = by_supplier(library, table)
    own = dict(year=2022, activity="value_chain", quantity=quantity, unit="USD", scope3_category="1", factor_value=kg_per_usd,
               factor_unit="kg CO2e / USD", method="supplier-specific", supplier=supplier)
    added = by_supplier(library, pd.concat([table, pd.DataFrame([own])], ignore_index=True))
    assert {k: v for k, v in added.items() if k != supplier} == pytest.approx({k: v for k, v in before.items() if k != supplier},
                                                                              rel=1e-12)
    # the difference of two totals: good to the larger total's rounding, not to the added line's
    assert added[supplier] - before.get(supplier, 0.0) == pytest.approx(quantity * kg_per_usd / 1000, abs=1e-12 * added[supplier] + 1e-12)

    # The supplier's spend rows carry its own factor instead of the average: again only its total moves
    mine = (table["supplier"] == supplier) & (table["unit"] == "USD")
    overridden = table.assign(factor_value="", factor_unit="", method="").astype(object)
    overridden.loc[mine, ["factor_dataset", "factor_id", "factor_value", "factor_unit", "method"]] = \
        ["", "", kg_per_usd, "kg CO2e / USD", "supplier-specific"]
    after = by_supplier(library, overridden)
    assert {k: v for k, v in after.items() if k != supplier} == pytest.approx({k: v for k, v in before.items() if k != supplier},
                                                                              rel=1e-12)
    lines = compute_lines(overridden, library, GWP, fallback=["other_edition"]).emissions
    own_lines = lines[(lines["supplier"] == supplier) & (lines["factor_id"] == "row:factor_value")]
    assert len(own_lines) == mine.sum()
    assert own_lines["co2e_t"].sum() == pytest.approx(table.loc[mine, "quantity"].sum() * kg_per_usd / 1000, rel=1e-9, abs=1e-9)
