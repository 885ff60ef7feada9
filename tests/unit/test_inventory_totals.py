"""Totals first: the same figures and refusals as the per-row lines, without building the lines."""

import numpy as np
import pandas as pd
import pytest

from ghgcalc.inventory import engine
from ghgcalc.inventory.reading import read_activity_table
from ghgcalc.inventory.engine import compute_inventory, compute_lines, summarise
from ghgcalc.inventory.summary import InventorySummary
from tests.conftest import FIXTURES

GOOD = FIXTURES / "activity" / "good.csv"


def test_totals_without_lines(library, monkeypatch):
    def no_lines(*args, **kwargs):
        raise AssertionError("lines were built")

    monkeypatch.setattr(engine, "compute_lines", no_lines)
    result = compute_inventory(read_activity_table(GOOD), library, "AR5GWP100")
    totals = summarise(result.totals).set_index(["year", "scope", "scope2_method"])["co2e_t"]
    # (1,000 + 500) MWh x 0.5306 t CO2/MWh (mee-nbs-electricity, CN 2023) = 795.9 t CO2e
    assert totals[(2023, "2", "location")] == pytest.approx(795.9, rel=1e-12)


def test_lines_come_when_asked_and_add_up_to_the_totals(library):
    result = compute_inventory(read_activity_table(GOOD), library, "AR5GWP100")
    lines = result.emissions
    assert len(lines) and set(lines["row"]) == {2, 3, 4, 5}
    by = ["year", "scope", "scope2_method", "gas"]
    pd.testing.assert_frame_equal(summarise(result.totals, by), summarise(lines, by), check_exact=False, rtol=1e-12)


def test_two_rows_of_one_key_are_summed_before_the_factor(library):
    table = pd.DataFrame({"year": [2023, 2023], "activity": ["electricity.grid"] * 2, "quantity": [1000.0, 500.0],
                          "unit": ["MWh", "MWh"], "region": ["CN", "CN"]})
    totals = compute_inventory(table, library, "AR5GWP100").totals
    location = totals[totals["scope2_method"] == "location"]
    # one line: 1,500 MWh x 0.5306 t CO2/MWh = 795.9 t, from 2 rows
    assert len(location) == 1 and location["rows"].iloc[0] == 2
    assert location["co2e_t"].iloc[0] == pytest.approx(795.9, rel=1e-12)


def test_supplier_factor_on_rows_is_weighted_by_each_rows_quantity(library):
    table = pd.DataFrame({"year": [2023, 2023], "activity": ["electricity.grid"] * 2, "quantity": [100.0, 300.0],
                          "unit": ["MWh", "MWh"], "region": ["CN", "CN"], "instrument": ["supplier", "supplier"],
                          "factor_value": [0.2, 0.4], "factor_unit": ["kg CO2e / kWh", "kg CO2e / kWh"]})
    totals = summarise(compute_inventory(table, library, "AR5GWP100").totals, ["scope2_method"]).set_index("scope2_method")
    # market: 100 MWh x 0.2 t/MWh + 300 MWh x 0.4 t/MWh = 20 + 120 = 140 t CO2e
    assert totals.at["market", "co2e_t"] == pytest.approx(140.0, rel=1e-12)
    # location: 400 MWh x 0.5306 t CO2/MWh = 212.24 t CO2e
    assert totals.at["location", "co2e_t"] == pytest.approx(212.24, rel=1e-12)


BAD_ROWS = pd.DataFrame({
    "year": [2023, 2023, "20x3", 2023, 2023, 2019, 2023, 2023, 2023],
    "activity": ["electricity.grid", "electricity.grid", "electricity.grid", "electricity.grd", "electricity.grid",
                 "electricity.grid", "electricity.grid", "electricity.grid", "electricity.grid"],
    "quantity": ["10", "-5", "1", "1", "lots", "1", "1", "1", "2"],
    "unit": ["MWh", "MWh", "MWh", "MWh", "MWh", "MWh", "kwh", "MWh", "MWh"],
    "region": ["CN", "CN", "CN", "CN", "CN", "CN-BJ", "CN", "CN", "CN"],
    "instrument": ["", "", "", "", "", "", "", "supplier", "supplier"],
    "factor_value": ["", "", "", "", "", "", "", "", "-0.3"],
    "factor_unit": ["", "", "", "", "", "", "", "", "kg CO2e / kWh"],
})


def test_every_bad_row_is_refused_as_the_lines_refuse_it(library):
    totals_path = compute_inventory(BAD_ROWS, library, "AR5GWP100", source="a.csv")
    lines_path = compute_lines(BAD_ROWS, library, "AR5GWP100", source="a.csv")
    pd.testing.assert_frame_equal(totals_path.rejected.astype(str), lines_path.rejected.astype(str))
    # rows 3..10 (spreadsheet numbering) are bad; only row 2 is computed: 10 MWh x 0.5306 = 5.306 t CO2e location
    assert (totals_path.rows_in, totals_path.rows_computed, totals_path.rows_rejected) == (9, 1, 8)
    location = totals_path.totals[totals_path.totals["scope2_method"] == "location"]
    assert location["co2e_t"].sum() == pytest.approx(5.306, rel=1e-12)
    row_10 = totals_path.rejected[totals_path.rejected["row"] == 10]
    assert list(row_10["value"]) == ["-0.3"] and list(row_10["message"]) == ["expected a non-negative number"]


def test_first_row_numbers_a_chunk(library):
    result = compute_lines(BAD_ROWS.iloc[4:5].reset_index(drop=True), library, "AR5GWP100", first_row=6)
    assert list(result.rejected["row"]) == [6]


def test_summary_renders_the_json_contract():
    totals = pd.DataFrame({"year": [2023], "scope": ["1"], "co2e_t": [12.5]})
    summary = InventorySummary("ws", "AR5GWP100", ("year", "scope"), totals, 3, 1,
                               pd.DataFrame({"source": ["a.csv"], "row": [4], "column": ["unit"], "value": ["kwh"], "message": ["m"]}), {})
    doc = summary.to_dict()
    assert doc["rows"] == [{"year": 2023, "scope": "1", "gas": "CO2e", "value": 12.5, "unit": "t CO2e", "gwp_set": "AR5GWP100"}]
    assert doc["summary"] == {"rows_in": 3, "rows_computed": 2, "rows_rejected": 1}
    assert summary.to_frame().equals(totals)


def test_many_distinct_sites_still_group_exactly(library):
    n = 5000
    rng = np.random.default_rng(1)
    table = pd.DataFrame({"year": 2023, "activity": "electricity.grid", "quantity": rng.random(n), "unit": "MWh",
                          "region": "CN", "site": [f"s{i}" for i in range(n)], "segment": [f"g{i % 7}" for i in range(n)]})
    result = compute_inventory(table, library, "AR5GWP100")
    by_site = summarise(result.totals, ["site", "scope2_method"])
    assert len(by_site) == 2 * n
    location = by_site[by_site["scope2_method"] == "location"].set_index("site")["co2e_t"]
    # each site: its own quantity (MWh) x 0.5306 t CO2/MWh
    np.testing.assert_allclose(location[table["site"]].to_numpy(), table["quantity"].to_numpy() * 0.5306, rtol=1e-12)
