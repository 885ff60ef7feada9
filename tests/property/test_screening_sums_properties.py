"""The Scope 3 table's per-category figures, shares and scores worked out in Python from pandas' group sums,
are those pandas' pivot, unstack and aligned divisions give, to the last bit. A share's whole is the sum of
its parts (methods, or bases) added in their order, so that none of parts that are not negative exceeds 1."""

import operator
from functools import reduce

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from ghgcalc.inventory.quality import BASES, DEFAULT, DERIVED, GIVEN, INDICATORS, METHODS
from ghgcalc.inventory.screening import METHOD_SHARES, _scores

DQ = ("dq_technology", "dq_time", "dq_geography", "dq_completeness", "dq_reliability")
KEYS = ["year", "category"]
# magnitudes far apart, so that a sum in another order or without compensation comes out otherwise
VALUES = st.sampled_from([0.0, 1e-9, 0.1, 0.7, 3.3, 12.5, 1e6 / 3, 7e12, -2.5])


def _reference(quality: pd.DataFrame) -> pd.DataFrame:
    """The same table through pandas' group-bys, pivot and unstack: the formulas the module states."""
    def ratio(numerator, denominator):
        numerator, denominator = numerator.align(denominator, join="right", fill_value=0.0)
        return (numerator / denominator.where(denominator != 0)).astype(float)

    one = quality.loc[quality["indicator"] == INDICATORS[0]]
    co2e = one.groupby(KEYS)["co2e_t"].sum()
    by_method = one.pivot_table(index=KEYS, columns="method", values="co2e_t", aggfunc="sum").reindex(
        columns=list(METHODS)).fillna(0.0)
    out = pd.DataFrame({"co2e_t": co2e})
    methods = reduce(operator.add, (by_method[method] for method in METHODS))  # a share's whole: its parts' sum
    for method, column in zip(METHODS, METHOD_SHARES):
        out[column] = ratio(by_method[method], methods)
    weighted = quality.groupby(KEYS + ["indicator"])[["score_x_co2e_t", "co2e_t"]].sum()
    score = ratio(weighted["score_x_co2e_t"], weighted["co2e_t"]).unstack("indicator").reindex(columns=list(INDICATORS))
    for indicator, column in zip(INDICATORS, DQ):
        out[column] = score[indicator]
    out["dq_score"] = score.mean(axis=1, skipna=False)
    for column, scored, basis in (("dq_default_share", quality, DEFAULT),
                                  ("dq_time_derived_share", quality.loc[quality["indicator"] == "time"], DERIVED)):
        by_basis = scored.pivot_table(index=KEYS, columns="basis", values="co2e_t", aggfunc="sum").reindex(
            index=co2e.index, columns=list(BASES)).fillna(0.0)
        out[column] = ratio(by_basis[basis], reduce(operator.add, (by_basis[b] for b in BASES)))
    return out.reset_index()


LINE = st.tuples(st.sampled_from([2023, 2024]), st.sampled_from(["1", "4", "11"]), st.sampled_from(METHODS[:3]), VALUES,
                 st.lists(st.tuples(st.sampled_from([GIVEN, DERIVED, DEFAULT]), st.integers(1, 4)),
                          min_size=len(INDICATORS), max_size=len(INDICATORS)))


def _quality(lines) -> pd.DataFrame:
    """A quality table as the inventory makes it: each line's t CO2e under each indicator, with that indicator's
    basis and score, summed by year, category, method, indicator and basis."""
    rows = [(year, category, method, indicator, basis, co2e, score * co2e)
            for year, category, method, co2e, scored in lines for indicator, (basis, score) in zip(INDICATORS, scored)]
    table = pd.DataFrame(rows, columns=["year", "category", "method", "indicator", "basis", "co2e_t", "score_x_co2e_t"])
    table = table.astype({"year": "int64", "co2e_t": float, "score_x_co2e_t": float, "category": "str"})
    return table.groupby(["year", "category", "method", "indicator", "basis"], sort=True)[
        ["co2e_t", "score_x_co2e_t"]].sum().reset_index()


@settings(max_examples=40, deadline=None)
@given(st.lists(LINE, min_size=0, max_size=12))
def test_the_figures_are_pandas_own(lines):
    quality = _quality(lines)
    expected = _reference(quality)
    got = _scores(quality, KEYS)[list(expected.columns)]
    assert got[KEYS].astype(object).values.tolist() == expected[KEYS].astype(object).values.tolist()
    numbers = [c for c in expected.columns if c not in KEYS]
    np.testing.assert_array_equal(got[numbers].to_numpy(dtype=float), expected[numbers].to_numpy(dtype=float))
