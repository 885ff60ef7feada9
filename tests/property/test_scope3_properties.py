"""Scope 3 rows that name their factor: the totals path agrees with the per-row lines, good rows or bad,
and chunks add up to the whole (the checks run per distinct key, so they must not depend on the chunk)."""

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ghgcalc.factors.gwp import get_gwp_set
from ghgcalc.inventory.engine import compute_inventory, compute_lines, summarise
from ghgcalc.inventory.totals import aggregate_chunk, apply_factors, combine_partials

FACTORS = [("desnz-ghg-2025-full", "21_316_3164_11_1"), ("desnz-ghg-2025-full", "27_304_3140_14_1"),
           ("desnz-ghg-2025-full", "20_507_5313_15_1"), ("desnz-ghg-2025-full", "21_316_3164_11_3"),
           ("epa-supply-chain-v1.3-naics", "331110/with_margins"), ("epa-supply-chain-v1.3-naics", "562111/with_margins"),
           ("", ""), ("desnz-ghg-2025-full", "nope"), ("", "331110/with_margins")]
ROW = st.fixed_dictionaries({
    "year": st.sampled_from([2024, 2024, 2022, "x"]),
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
})
BY = ["year", "scope", "scope2_method", "scope3_category", "site"]


def frame(rows):
    table = pd.DataFrame([{k: v for k, v in r.items() if k != "factor"} for r in rows])
    table["factor_dataset"] = [r["factor"][0] for r in rows]
    table["factor_id"] = [r["factor"][1] for r in rows]
    table["quantity"] = table["quantity"].astype(float)
    return table


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(ROW, min_size=1, max_size=25))
def test_totals_path_equals_lines_path(library, rows):
    table = frame(rows)
    totals_path = compute_inventory(table, library, "AR6GWP100", source="t.csv")
    lines_path = compute_lines(table, library, "AR6GWP100", source="t.csv")
    pd.testing.assert_frame_equal(totals_path.rejected.astype(str), lines_path.rejected.astype(str))
    assert totals_path.rows_in == totals_path.rows_computed + totals_path.rows_rejected == len(table)
    mine, theirs = summarise(totals_path.totals, BY), summarise(lines_path.emissions, BY)
    assert mine[BY].astype(str).equals(theirs[BY].astype(str))
    np.testing.assert_allclose(mine["co2e_t"], theirs["co2e_t"], rtol=1e-9)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(ROW, min_size=2, max_size=25), st.data())
def test_chunks_add_up_to_the_whole(library, rows, data):
    table = frame(rows)
    cut = data.draw(st.integers(1, len(table) - 1))
    gwp = get_gwp_set(library.gwp_sets, "AR6GWP100")
    whole = aggregate_chunk(table, library, (), gwp, source="t")
    parts = combine_partials([aggregate_chunk(table.iloc[:cut].reset_index(drop=True), library, (), gwp, source="t"),
                              aggregate_chunk(table.iloc[cut:].reset_index(drop=True), library, (), gwp, source="t",
                                              first_row=2 + cut)])
    assert parts.rejected.astype(str).equals(whole.rejected.astype(str))
    a, _ = apply_factors(whole.sums, library, (), gwp, "t")
    b, _ = apply_factors(parts.sums, library, (), gwp, "t")
    assert a.drop(columns=["mass_t", "co2e_t"]).equals(b.drop(columns=["mass_t", "co2e_t"]))
    np.testing.assert_allclose(a["co2e_t"], b["co2e_t"], rtol=1e-9)
