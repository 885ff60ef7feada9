"""Scope 3 rows that name their factor: the totals path agrees with the per-row lines, good rows or bad,
and chunks add up to the whole (the checks run per distinct key, so they must not depend on the chunk).
Spend in RMB or USD of several years meets rates that cover some years and not others, or none at all."""

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ghgcalc.inventory.spend import ExchangeRate, PriceIndex, SpendRates
from tests.property.path_checks import assert_chunks_add_up, assert_paths_agree

RATES = SpendRates((ExchangeRate("2022", "USD", "RMB", 6.729, "fx row 2"), ExchangeRate("2024", "USD", "RMB", 7.1217, "fx row 3")),
                   (PriceIndex("USD", 2022, 292.655, "index row 2"), PriceIndex("USD", 2024, 313.689, "index row 3")),
                   "fx.csv", "price-index.csv")  # no 2023 rate or index: such rows are refused


FACTORS = [("desnz-ghg-2025-full", "21_316_3164_11_1"), ("desnz-ghg-2025-full", "27_304_3140_14_1"),
           ("desnz-ghg-2025-full", "20_507_5313_15_1"), ("desnz-ghg-2025-full", "21_316_3164_11_3"),
           ("epa-supply-chain-v1.3-naics", "331110/with_margins"), ("epa-supply-chain-v1.3-naics", "562111/with_margins"),
           ("", ""), ("desnz-ghg-2025-full", "nope"), ("", "331110/with_margins")]
ROW = st.fixed_dictionaries({
    "year": st.sampled_from([2024, 2024, 2022, 2023, "x"]),
    "activity": st.sampled_from(["value_chain", "value_chain", "value_chain", "electricity.td_losses", "natural_gas.stationary"]),
    "quantity": st.sampled_from([1.0, 2.5, 1e6, 0.0, -3.0, float("nan")]),
    "unit": st.sampled_from(["passenger.km", "tkm", "t", "USD", "RMB", "kWh", "count"]),
    "region": st.sampled_from(["GB", ""]),
    "scope3_category": st.sampled_from(["1", "4", "5", "6", "12", "", "3", "16"]),
    "factor": st.sampled_from(FACTORS),
    "factor_value": st.sampled_from(["", "", "12", "-1"]),
    "factor_unit": st.sampled_from(["", "", "kg CO2e / count"]),
    "method": st.sampled_from(["", "", "spend-based", "average-data", "supplier-specific", "guess"]),
    "site": st.sampled_from(["a", "b"]),
    "supplier": st.sampled_from(["", "X", "Y"]),
})
BY = ["year", "scope", "scope2_method", "scope3_category", "site", "supplier"]


def frame(rows):
    table = pd.DataFrame([{k: v for k, v in r.items() if k != "factor"} for r in rows])
    table["factor_dataset"] = [r["factor"][0] for r in rows]
    table["factor_id"] = [r["factor"][1] for r in rows]
    table["quantity"] = table["quantity"].astype(float)
    return table


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(ROW, min_size=1, max_size=25), st.sampled_from([None, RATES]))
def test_totals_path_equals_lines_path(library, rows, spend):
    table = frame(rows)
    assert_paths_agree(table, library, "AR5GWP100", BY, spend)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(ROW, min_size=2, max_size=25), st.data(), st.sampled_from([None, RATES]))
def test_chunks_add_up_to_the_whole(library, rows, data, spend):
    table = frame(rows)
    cut = data.draw(st.integers(1, len(table) - 1))
    assert_chunks_add_up(table, cut, library, "AR5GWP100", spend)
