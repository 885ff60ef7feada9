"""The table of figures: an inventory's standard metrics, by hand, and printed figures beside them."""

import pandas as pd
import pytest

from ghgcalc.figures.metrics import load_vocabulary
from ghgcalc.inventory.engine import compute_inventory
from ghgcalc.workspace.figures import COMPUTED, PRINTED, computed_figures, figure_table, gas_metric
from tests.unit.test_worked_example import (
    SCOPE1, SCOPE1_GAS_CH4, SCOPE1_GAS_CO2, SCOPE1_GAS_N2O, SCOPE1_HFC, SCOPE2_LOCATION, SCOPE2_MARKET)

ACTIVITIES = pd.DataFrame({
    "year": [2023, 2023, 2023, 2023, 2023],
    "activity": ["electricity.grid", "electricity.grid", "natural_gas.stationary", "refrigerant.release",
                 "emissions.reported"],
    "quantity": [1000, 500, 10000, 50, 120],
    "unit": ["MWh", "MWh", "m3", "kg", "t CO2e"],
    "region": ["CN", "CN", "CN", "CN", ""],
    "segment": ["plant", "plant", "plant", "office", "office"],
    "gas": ["", "", "", "HFC-134a", "CO2"],
    "instrument": ["", "GEC", "", "", ""],
    "scope": ["", "", "", "", "3"],
    "scope3_category": ["", "", "", "", "6"],
})


@pytest.fixture(scope="module")
def figures(library):
    result = compute_inventory(ACTIVITIES, library, "AR5GWP100")
    table = computed_figures(result.emissions, load_vocabulary(), files=["activity.csv"])
    return table.set_index(["metric", "segment"])["value"]


def test_scope_totals_for_the_whole_boundary(figures):
    assert figures[("scope1", "")] == pytest.approx(SCOPE1, rel=1e-12)  # 86.86 t
    assert figures[("scope2_location", "")] == pytest.approx(SCOPE2_LOCATION, rel=1e-12)  # 795.90 t
    assert figures[("scope2_market", "")] == pytest.approx(SCOPE2_MARKET, rel=1e-12)  # 609.60 t
    assert figures[("scope3", "")] == pytest.approx(120)
    assert figures[("scope3_cat6", "")] == pytest.approx(120)


def test_sums_under_each_scope2_method_never_both(figures):
    assert figures[("scope12_location", "")] == pytest.approx(SCOPE1 + SCOPE2_LOCATION)  # 882.76 t
    assert figures[("scope12_market", "")] == pytest.approx(SCOPE1 + SCOPE2_MARKET)  # 696.46 t
    assert figures[("scope123_market", "")] == pytest.approx(SCOPE1 + SCOPE2_MARKET + 120)  # 816.46 t
    assert ("scope12", "") not in figures.index and ("scope2", "") not in figures.index


def test_gases_of_scope1(figures):
    assert figures[("scope1_co2", "")] == pytest.approx(SCOPE1_GAS_CO2)
    assert figures[("scope1_ch4", "")] == pytest.approx(SCOPE1_GAS_CH4 * 28)
    assert figures[("scope1_n2o", "")] == pytest.approx(SCOPE1_GAS_N2O * 265)
    assert figures[("scope1_hfcs", "")] == pytest.approx(SCOPE1_HFC)


def test_segments_add_up_to_the_whole(figures):
    assert figures[("scope1", "plant")] == pytest.approx(SCOPE1 - SCOPE1_HFC)
    assert figures[("scope1", "office")] == pytest.approx(SCOPE1_HFC)  # 50 kg x 1,300 = 65 t
    assert figures[("scope12_market", "office")] == pytest.approx(SCOPE1_HFC)  # no electricity there
    assert figures[("scope3", "office")] == pytest.approx(120)


def test_printed_and_computed_in_one_table(library):
    result = compute_inventory(ACTIVITIES.iloc[:1], library, "AR5GWP100")
    computed = computed_figures(result.emissions, load_vocabulary())
    printed = pd.DataFrame({"file": ["r.csv"], "row": [2], "vintage": ["esg"], "metric": ["scope2_location"],
                            "year": [2023], "segment": [""], "text": ["530.60"], "value": [530.6]})
    table = figure_table(printed, computed)
    assert list(table["provenance"]) == [PRINTED] + [COMPUTED] * len(computed)
    both = table[(table["metric"] == "scope2_location") & (table["segment"] == "")]
    assert list(both["value"]) == pytest.approx([530.6, 1000 * 0.5306])


@pytest.mark.parametrize("gas, metric", [("HFC134a", "scope1_hfcs"), ("R-410A", "scope1_hfcs"), ("CH4_fossil", "scope1_ch4"),
                                         ("SF6", "scope1_sf6"), ("CF4", "scope1_pfcs"), ("CO2e", None)])
def test_gas_metric(gas, metric):
    assert gas_metric(gas) == metric
