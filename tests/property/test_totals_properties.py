"""Totals first agrees with the per-row lines on any table, good or bad, however it is chunked."""

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.property.path_checks import assert_chunks_add_up, assert_paths_agree


ROW = st.fixed_dictionaries({
    "year": st.sampled_from([2021, 2022, 2023, 2023, "2023", "x", None]),
    "activity": st.sampled_from(["electricity.grid", "electricity.grid", "natural_gas.stationary", "diesel.stationary",
                                 "refrigerant.release", "electricity.grd"]),
    "quantity": st.sampled_from([1.0, 2.5, 1e6, 0.0, -3.0, float("nan"), 17.25]),
    "unit": st.sampled_from(["MWh", "kWh", "m3", "t", "kg", "kwh", "kg CO2"]),
    "region": st.sampled_from(["CN", "CN", "", "CN-BJ", "GB"]),
    "gas": st.sampled_from(["", "", "HFC134a", "R-410A", "CO9"]),
    "instrument": st.sampled_from(["", "", "GEC", "supplier", "REC?"]),
    "factor_value": st.sampled_from(["", "", "", "0.4", "-1", "abc"]),
    "factor_unit": st.sampled_from(["", "", "", "kg CO2e / kWh", "kg CO2e / parsec"]),
    "site": st.sampled_from(["a", "b", ""]),
})
BY = ["year", "scope", "scope2_method", "gas", "site"]


def frame(rows):
    table = pd.DataFrame(rows)
    table["quantity"] = table["quantity"].astype(float)
    return table


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(ROW, min_size=1, max_size=30))
def test_totals_path_equals_lines_path(library, rows):
    table = frame(rows)
    totals_path = assert_paths_agree(table, library, "AR5GWP100", BY)
    assert totals_path.totals["rows"].sum() >= totals_path.rows_computed  # each row feeds one or more lines


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(ROW, min_size=2, max_size=30), st.data())
def test_chunks_add_up_to_the_whole(library, rows, data):
    table = frame(rows)
    cut = data.draw(st.integers(1, len(table) - 1))
    assert_chunks_add_up(table, cut, library, "AR5GWP100")
