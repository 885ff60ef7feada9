"""The intensity table for reading: a printed intensity at its printed precision, a ratio of parts as an interval.

Why a table of text: one column holds both a printed figure (10.43, whose interval 10.425 to 10.435 needs one
decimal more) and ratios of printed parts (15.932232, six decimals, the precision the parts allow), so the
decimals are chosen row by row; the CSV, JSON and workbook keep the numbers whole.
"""

from __future__ import annotations

import pandas as pd

from ghgcalc.core.intervals import show_half_up, show_significant

DECIMALS = 6  # a ratio of printed parts: enough to see where its interval lies
SIGNIFICANT = 4  # below one, at least this many significant digits (per rupee: 0.000001583)


def intensity_cells(report) -> pd.DataFrame:
    """``report.to_frame()`` with low, high and value as text: a printed intensity (``printed_decimals``) as printed
    and its bounds one decimal more (half a unit of the last printed digit), every other row at DECIMALS."""
    frame = report.to_frame()
    for column in ("low", "high", "value"):
        cells = []
        for r, number in zip(report.results, frame[column]):
            if r.printed_decimals is not None:
                cells.append(show_half_up(number, r.printed_decimals + (column != "value")))
            else:
                cells.append(show_significant(number, DECIMALS, SIGNIFICANT))
        frame[column] = cells
    return frame
