"""Invariants of the inventory engine, stated as hypothesis properties."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from ghgcalc.inventory.engine import compute_inventory, summarise

SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

# (activity, unit, an equivalent unit, how many of the second make one of the first, region, gas)
KINDS = [
    ("electricity.grid", "MWh", "kWh", 1000, "CN-EAST", ""),
    ("electricity.grid", "kWh", "GJ", 0.0036, "CN", ""),
    ("natural_gas.stationary", "m3", "L", 1000, "CN", ""),
    ("diesel.stationary", "t", "kg", 1000, "", ""),
    ("refrigerant.release", "kg", "g", 1000, "", "HFC-410A"),
    ("refrigerant.release", "t", "kg", 1000, "", "HFC134a"),
]

row = st.tuples(
    st.sampled_from(range(len(KINDS))),
    st.floats(min_value=0, max_value=1e7, allow_nan=False, allow_infinity=False),
    st.sampled_from([2021, 2022, 2023]),
    st.sampled_from(["", "GEC"]),
    st.sampled_from(["a", "b"]),
)


def table(rows, alternate_units=False):
    records = []
    for kind, quantity, year, instrument, segment in rows:
        activity, unit, alt, per, region, gas = KINDS[kind]
        if alternate_units:
            unit, quantity = alt, quantity * per
        records.append({
            "year": year, "activity": activity, "quantity": quantity, "unit": unit, "region": region, "gas": gas,
            "instrument": instrument if activity == "electricity.grid" else "", "segment": segment,
        })
    return pd.DataFrame(records, columns=["year", "activity", "quantity", "unit", "region", "gas", "instrument", "segment"])


def totals(library, frame, by=("year", "scope", "scope2_method"), gwp="AR5GWP100"):
    result = compute_inventory(frame, library, gwp)
    assert result.rows_rejected == 0, result.rejected.to_string()
    return summarise(result.emissions, by).set_index(list(by))["co2e_t"]


rows = st.lists(row, min_size=1, max_size=12)


@SETTINGS
@given(rows)
def test_changing_an_input_unit_leaves_totals_unchanged(library, rows):
    pd.testing.assert_series_equal(totals(library, table(rows)), totals(library, table(rows, alternate_units=True)), rtol=1e-9)


@SETTINGS
@given(rows)
def test_totals_equal_the_sum_of_their_parts_at_every_grouping(library, rows):
    result = compute_inventory(table(rows), library, "AR5GWP100")
    fine = summarise(result.emissions, ["year", "scope", "scope2_method", "segment", "activity", "gas"])
    coarse = summarise(result.emissions, ["year", "scope", "scope2_method"]).set_index(["year", "scope", "scope2_method"])["co2e_t"]
    regrouped = fine.groupby(["year", "scope", "scope2_method"], observed=True)["co2e_t"].sum()
    pd.testing.assert_series_equal(regrouped.sort_index(), coarse.sort_index(), rtol=1e-9, check_names=False)


@SETTINGS
# k up to 50: the largest row, 1e7 t of HFC-134a x 50 x GWP 1,300, is 6.5e11 t CO2e, under the ceiling of 1e12 t
# a row may emit (ghgcalc.inventory.overflow)
@given(rows, st.floats(min_value=0.001, max_value=50))
def test_emissions_are_linear_in_activity(library, rows, k):
    base = table(rows)
    scaled = base.assign(quantity=base["quantity"] * k)
    pd.testing.assert_series_equal(totals(library, scaled), totals(library, base) * k, rtol=1e-9, atol=1e-9)


@SETTINGS
@given(rows, st.randoms(use_true_random=False))
def test_row_order_does_not_matter(library, rows, rnd):
    shuffled = list(rows)
    rnd.shuffle(shuffled)
    pd.testing.assert_series_equal(totals(library, table(rows)), totals(library, table(shuffled)), rtol=1e-12)


@SETTINGS
@given(rows, rows)
def test_two_files_concatenated_equal_the_sum_of_their_inventories(library, first, second):
    together = totals(library, pd.concat([table(first), table(second)], ignore_index=True))
    apart = totals(library, table(first)).add(totals(library, table(second)), fill_value=0)
    pd.testing.assert_series_equal(together.sort_index(), apart.sort_index(), rtol=1e-9, check_names=False)


@SETTINGS
@given(rows, st.sampled_from(["AR4GWP100", "AR6GWP100"]))
def test_switching_gwp_set_changes_only_non_co2_gases(library, rows, other):
    frame = table(rows)
    ar5 = compute_inventory(frame, library, "AR5GWP100").emissions
    alt = compute_inventory(frame, library, other).emissions
    co2 = lambda e: e[e["gas"] == "CO2"]["co2e_t"].to_numpy()  # noqa: E731
    np.testing.assert_allclose(co2(ar5), co2(alt))
    np.testing.assert_allclose(ar5["mass_t"].to_numpy(), alt["mass_t"].to_numpy())  # masses never depend on GWPs


def test_co2_gwp_is_one_in_every_set(library):
    for name, gwp_set in library.gwp_sets.items():
        assert gwp_set.value("CO2") == 1, name


@SETTINGS
@given(rows)
@example([(0, 1_000.0, 2023, "GEC", "a"), (2, 50.0, 2023, "", "b")])  # the premise, electricity, always tried
def test_market_based_never_exceeds_without_certificates(library, rows):
    with_gec = table(rows)
    without = with_gec.assign(instrument="")
    market = lambda f: summarise(compute_inventory(f, library, "AR5GWP100").emissions, ["scope2_method"]).set_index("scope2_method")["co2e_t"]  # noqa: E731
    a, b = market(with_gec), market(without)
    electricity = any(KINDS[kind][0] == "electricity.grid" for kind, *_ in rows)
    # Scope 2 (both methods) exactly when a row is electricity; otherwise there is nothing to compare
    assert ("market" in a.index) == ("location" in a.index) == electricity
    if electricity:
        assert a["market"] <= b["market"] + 1e-9
        assert a["location"] == pytest.approx(b["location"], rel=1e-12)
