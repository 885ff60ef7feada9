"""The intensity table for reading: a printed intensity at its printed precision, a ratio of parts as an interval.

Why a table of text: one column holds both a printed figure (10.43, whose interval 10.425 to 10.435 needs one
decimal more) and ratios of printed parts (15.932232, six decimals, the precision the parts allow), so the
decimals are chosen row by row; the CSV, JSON and workbook keep the numbers whole.
"""

from __future__ import annotations

import math

import pandas as pd

from ghgcalc.core.intervals import show_half_up, show_significant, significant_places

DECIMALS = 6  # a ratio of printed parts: enough to see where its interval lies
SIGNIFICANT = 4  # below one, at least this many significant digits (per rupee: 0.000001583)
TELLING = 6  # significant digits a ratio's bounds may take to be told apart


def intensity_cells(report) -> pd.DataFrame:
    """``report.to_frame()`` with low, high and value as text: a printed intensity (``printed_decimals``) as printed
    and its bounds one decimal more (half a unit of the last printed digit), every other row at DECIMALS, or at
    as many more as its low and high need to differ where they do (0.00447428 to 0.00447434 per USD thousand,
    not 0.004474 twice)."""
    frame = report.to_frame()
    places = [None if r.printed_decimals is not None else _places(low, high)
              for r, low, high in zip(report.results, frame["low"], frame["high"])]
    for column in ("low", "high", "value"):
        cells = []
        for r, number, decimals in zip(report.results, frame[column], places):
            if r.printed_decimals is not None:
                cells.append(show_half_up(number, r.printed_decimals + (column != "value")))
            else:
                cells.append(show_significant(number, decimals, SIGNIFICANT))
        frame[column] = cells
    return frame


def _places(low: float, high: float) -> int:
    """The decimals a ratio of printed parts is shown with: DECIMALS (more below one, for SIGNIFICANT digits), and
    more where its bounds differ but show alike, up to TELLING significant digits (as the audit shows a recomputed
    interval, [4.47433, 4.47459]); bounds closer than that are shown at the first count, not in a run of noise."""
    decimals = max(significant_places(low, DECIMALS, SIGNIFICANT), significant_places(high, DECIMALS, SIGNIFICANT))
    if not (math.isfinite(low) and math.isfinite(high)) or low == high:
        return decimals
    most = max(decimals, significant_places(max(abs(low), abs(high)), 0, TELLING))
    for places in range(decimals, most + 1):
        if show_half_up(low, places) != show_half_up(high, places):
            return places
    return decimals
