"""Scope totals are read from the vocabulary's names and formulas (metrics.csv), not from tables in code."""

import pandas as pd

from ghgcalc.figures.metrics import load_vocabulary
from ghgcalc.figures.scopes import scope_structure


def test_the_shipped_scope_totals_and_their_methods():
    scopes = scope_structure()
    assert {m.name: (m.scopes, m.method) for m in scopes.metrics.values()} == {
        "scope1": (("1",), None), "scope2": (("2",), None), "scope2_location": (("2",), "location"),
        "scope2_market": (("2",), "market"), "scope3": (("3",), None), "scope12": (("1", "2"), None),
        "scope12_location": (("1", "2"), "location"), "scope12_market": (("1", "2"), "market"),
        "scope123": (("1", "2", "3"), None), "scope123_location": (("1", "2", "3"), "location"),
        "scope123_market": (("1", "2", "3"), "market")}
    assert "scope1_co2" not in scopes and "scope3_share" not in scopes  # a part of Scope 1; a ratio


def test_a_total_under_a_method():
    scopes = scope_structure()
    assert scopes.with_method("scope12", "market") == "scope12_market"
    assert scopes.with_method("scope2_location", "location") == "scope2_location"
    assert scopes.with_method("scope2_location", "market") is None
    assert scopes.with_method("scope1", "market") is None  # no Scope 2 in it
    # metrics.csv: scope12 = scope1 + scope2, scope123 = scope12 + scope3
    assert scopes.method_formula("scope12", "market") == "scope1 + scope2_market"
    assert scopes.method_formula("scope2", "location") == "scope2_location"
    assert scopes.method_formula("scope123", "location") == "scope12 + scope3"  # scope12 is read under it in turn
    assert scopes.method_formula("scope12", None) == "" and scopes.method_formula("scope3", "market") == ""


def test_scope_combinations_are_tried_printed_total_first():
    combinations = scope_structure().combinations()
    assert list(combinations)[:6] == ["S1", "S2", "S2-location", "S2-market", "S3", "S1+2"]
    assert combinations["S1+2"] == (("scope12",), ("scope1 + scope2",), ("scope12_location", "scope12_market"))
    assert combinations["S1+2+3-market"] == (("scope123_market",), ("scope12_market + scope3",),
                                              ("scope1 + scope2_market + scope3",))


def test_a_company_scope_total_joins_and_a_sum_of_two_methods_does_not():
    extra = pd.DataFrame([
        {"metric": "scope13", "unit": "t CO2e", "formula": "scope1 + scope3"},
        {"metric": "scope2_both", "unit": "t CO2e", "formula": "scope2_location + scope2_market"},
    ])
    scopes = scope_structure(load_vocabulary(extra))
    assert scopes["scope13"].scopes == ("1", "3") and scopes["scope13"].label == "S1+3"
    assert scopes.combinations()["S1+3"] == (("scope13",), ("scope1 + scope3",))
    assert "scope2_both" not in scopes  # Scope 2 counted twice is no scope total
    assert scopes.year_metrics() == ("scope1", "scope2", "scope2_location", "scope2_market", "scope12",
                                     "scope12_location", "scope12_market")
