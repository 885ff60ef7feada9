"""The two invariants every way into the inventory must keep, shared by the property tests.

- the totals-first path equals the per-row lines path (same rejected rows, same totals, same Scope 3
  data quality table);
- chunks of a table add up to the whole table.
"""

import numpy as np
import pandas as pd

from ghgcalc.factors.gwp import get_gwp_set
from ghgcalc.inventory.engine import compute_inventory, compute_lines, summarise
from ghgcalc.inventory.totals import aggregate_chunk, apply_factors, combine_partials


def assert_paths_agree(table: pd.DataFrame, library, gwp_set: str, by: list[str], spend=None):
    """Totals first and row by row give the same refused rows and totals; returns the totals path's result."""
    totals_path = compute_inventory(table, library, gwp_set, source="t.csv", spend=spend)
    lines_path = compute_lines(table, library, gwp_set, source="t.csv", spend=spend)
    pd.testing.assert_frame_equal(totals_path.rejected.astype(str), lines_path.rejected.astype(str))
    assert totals_path.rows_in == totals_path.rows_computed + totals_path.rows_rejected == len(table)
    mine, theirs = summarise(totals_path.totals, by), summarise(lines_path.emissions, by)
    assert mine[by].astype(str).equals(theirs[by].astype(str))
    np.testing.assert_allclose(mine["co2e_t"], theirs["co2e_t"], rtol=1e-9)
    # Scope 3 data quality: from the summed table and from the lines, the same groups and sums
    quality, lines_quality = totals_path.scope3_quality, lines_path.scope3_quality
    keys = ["year", "scope3_category", "method", "indicator", "basis"]
    assert quality[keys].astype(str).equals(lines_quality[keys].astype(str))
    np.testing.assert_allclose(quality[["co2e_t", "score_x_co2e_t"]], lines_quality[["co2e_t", "score_x_co2e_t"]],
                               rtol=1e-9, atol=1e-12)
    return totals_path


def assert_chunks_add_up(table: pd.DataFrame, cut: int, library, gwp_set: str, spend=None) -> None:
    """The table cut at ``cut`` and summed in two chunks gives the whole table's refused rows and totals."""
    gwp = get_gwp_set(library.gwp_sets, gwp_set)
    whole = aggregate_chunk(table, library, (), gwp, source="t", spend=spend)
    parts = combine_partials([aggregate_chunk(table.iloc[:cut].reset_index(drop=True), library, (), gwp, source="t", spend=spend),
                              aggregate_chunk(table.iloc[cut:].reset_index(drop=True), library, (), gwp, source="t",
                                              first_row=2 + cut, spend=spend)])
    assert parts.rejected.astype(str).equals(whole.rejected.astype(str))
    a, _ = apply_factors(whole.sums, library, (), gwp, "t", spend=spend)
    b, _ = apply_factors(parts.sums, library, (), gwp, "t", spend=spend)
    assert a.drop(columns=["mass_t", "co2e_t"]).equals(b.drop(columns=["mass_t", "co2e_t"]))
    np.testing.assert_allclose(a["co2e_t"], b["co2e_t"], rtol=1e-9)
