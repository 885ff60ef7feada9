"""Scope 3 data quality on random value-chain rows: a category's weighted score lies between its lines'
lowest and highest score, method shares lie in [0, 1] and add up to 1, the quality table's t CO2e is
the Scope 3 total, and chunks summed apart give the same table as the whole."""

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from ghgcalc.factors.gwp import get_gwp_set
from ghgcalc.inventory.engine import compute_inventory
from ghgcalc.inventory.quality import INDICATORS, default_scores, quality_table
from ghgcalc.inventory.screening import METHOD_SHARES, scope3_overview
from ghgcalc.inventory.totals import aggregate_chunk, combine_partials

DQ = ("dq_technology", "dq_time", "dq_geography", "dq_completeness", "dq_reliability")
ROW = st.fixed_dictionaries({
    "quantity": st.sampled_from([1.0, 250.0, 1e6, 0.0, 3.5]),
    "factor_value": st.sampled_from([0.5, 2.0, 12.0]),
    "method": st.sampled_from(["supplier-specific", "hybrid"]),
    "scope3_category": st.sampled_from(["1", "2", "4"]),
    **{column: st.sampled_from(["", "", 1, 2, 3, 4]) for column in DQ},
})
# A category's share of one method came out 1 + 2e-16 when the share's total was a group sum taken in another
# order than its parts' (category "total" here: 0.001 + 0.004 + 12,000 t against 0 + 0.001 + 0.004 + 12,000 t).
PINNED = [{"quantity": q, "factor_value": f, "method": m, "scope3_category": c,
           **{column: (tech if column == "dq_technology" else "") for column in DQ}}
          for q, f, m, c, tech in [(1.0, 0.5, "supplier-specific", "1", ""), (1.0, 0.5, "supplier-specific", "1", ""),
                                   (1.0, 2.0, "supplier-specific", "1", 1), (1.0, 2.0, "supplier-specific", "1", 1),
                                   (1e6, 12.0, "supplier-specific", "2", ""), (0.0, 0.5, "hybrid", "1", "")]]
SETTINGS = dict(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def frame(rows):
    table = pd.DataFrame(rows)
    return table.assign(year=2024, activity="value_chain", unit="count", factor_unit="kg CO2e / count")


def line_scores(table: pd.DataFrame, indicator: str, column: str) -> pd.Series:
    """Each row's score, worked out apart from the engine: the row's own, else its method's default."""
    defaults = default_scores()[indicator]
    given = pd.to_numeric(table[column].replace("", np.nan))
    return given.fillna(table["method"].map(defaults)).astype(float)


@settings(max_examples=15, **SETTINGS)
@given(st.lists(ROW, min_size=1, max_size=20))
@example(rows=PINNED)
def test_weighted_scores_lie_between_the_line_scores(library, rows):
    table = frame(rows)
    result = compute_inventory(table, library, "AR5GWP100")
    overview = scope3_overview(result.scope3_quality, years=[2024]).table.set_index("category")
    weight = table["quantity"] * table["factor_value"]
    for indicator, column in zip(INDICATORS, DQ):
        scores = line_scores(table, indicator, column)
        for category, group in table.groupby("scope3_category"):
            emitting = weight[group.index] > 0
            got = overview.loc[category, column]
            if not emitting.any():
                assert np.isnan(got)
                continue
            low, high = scores[group.index][emitting].min(), scores[group.index][emitting].max()
            assert low - 1e-9 <= got <= high + 1e-9
    shares = overview[list(METHOD_SHARES)].dropna()
    assert ((shares >= 0) & (shares <= 1)).all().all()
    np.testing.assert_allclose(shares.sum(axis=1), 1.0, rtol=1e-12)
    bases = overview[["dq_default_share", "dq_time_derived_share"]]
    assert ((bases.isna() | ((bases >= 0) & (bases <= 1))).all().all())
    totals = result.totals
    np.testing.assert_allclose(result.scope3_quality.query("indicator == 'time'")["co2e_t"].sum(),
                               totals.loc[totals["scope"] == "3", "co2e_t"].sum(), rtol=1e-12)


@settings(max_examples=10, **SETTINGS)
@given(st.lists(ROW, min_size=2, max_size=20), st.data())
def test_chunks_give_the_whole_quality_table(library, rows, data):
    table = frame(rows)
    cut = data.draw(st.integers(1, len(table) - 1))
    gwp = get_gwp_set(library.gwp_sets, "AR5GWP100")
    whole = quality_table(aggregate_chunk(table, library, (), gwp).sums, library, (), gwp)
    parts = combine_partials([aggregate_chunk(table.iloc[:cut].reset_index(drop=True), library, (), gwp),
                              aggregate_chunk(table.iloc[cut:].reset_index(drop=True), library, (), gwp)])
    chunked = quality_table(parts.sums, library, (), gwp)
    keys = ["year", "scope3_category", "method", "indicator", "basis"]
    pd.testing.assert_frame_equal(whole[keys], chunked[keys])
    np.testing.assert_allclose(whole[["co2e_t", "score_x_co2e_t"]], chunked[["co2e_t", "score_x_co2e_t"]], rtol=1e-9)
