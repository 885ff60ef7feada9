"""Counts of persons are whole numbers: a printed headcount stands for the whole numbers it rounds from.

Why: 296 persons printed without decimals is not "295.5 to 296.5" but 296; reading it as an
interval of reals lets 258,764.96 kWh / 296.006 = 874.19 through, when no whole number of
persons gives 874.19. A figure in persons is narrowed to the whole numbers of its printed
interval (``[ceil(low), floor(high)]``) unless the metric counts full-time equivalents or an
average, which may be fractional: declared by its unit (FTE), its vocabulary definition or the
row's ``note`` ("average", "FTE", "full-time equivalent").
"""

from __future__ import annotations

import math
import re

import pandas as pd

from ghgcalc.core import units
from ghgcalc.core.intervals import Interval
from ghgcalc.errors import UnitError
from ghgcalc.figures.metrics import Vocabulary

WHOLE = "whole"  # the column that marks a figure read as a whole number of persons
WHOLE_TEXT = "a whole number of persons"
FRACTIONAL = re.compile(r"\b(average|mean|FTE|full[- ]time equivalents?)\b", re.I)
EPSILON = 1e-9


def _counts_persons(metric: str, vocabulary: Vocabulary) -> bool:
    if metric not in vocabulary:
        return False
    try:
        unit = vocabulary.unit(metric)
        persons = units.is_dimension(unit, "person") and not units.is_dimension(unit, "FTE")
    except UnitError:
        return False
    return persons and not FRACTIONAL.search(str(vocabulary.table.at[metric, "definition"]))


def whole_hull(interval: Interval) -> Interval | None:
    """The whole numbers in ``interval``, as an interval; None when it holds none (or is not finite)."""
    if not (math.isfinite(interval.low) and math.isfinite(interval.high)):
        return None
    low, high = math.ceil(interval.low - EPSILON), math.floor(interval.high + EPSILON)
    return Interval(float(low), float(high)) if low <= high else None


def nearest_whole(interval: Interval) -> int | None:
    """The whole number nearest to ``interval`` (its midpoint rounded half-up); None for an unbounded one."""
    middle = (interval.low + interval.high) / 2
    return int(math.floor(middle + 0.5)) if math.isfinite(middle) else None


def whole_counts(figures: pd.DataFrame, vocabulary: Vocabulary) -> pd.DataFrame:
    """``figures`` with every count of persons narrowed to whole numbers and marked in column ``whole``."""
    out = figures.reset_index(drop=True)
    out[WHOLE] = False
    if out.empty:
        return out
    persons = {m: _counts_persons(m, vocabulary) for m in out["metric"].unique()}
    notes = out["note"] if "note" in out else pd.Series("", index=out.index)
    for index, (metric, note) in enumerate(zip(out["metric"], notes)):
        if not persons[metric] or FRACTIONAL.search(str(note)):
            continue
        hull = whole_hull(Interval(float(out.at[index, "low_c"]), float(out.at[index, "high_c"])))
        if hull is None:
            continue
        scale = out.at[index, "to_canonical"]
        out.at[index, "low_c"], out.at[index, "high_c"] = hull.low, hull.high
        out.at[index, "low"], out.at[index, "high"] = hull.low / scale, hull.high / scale
        out.at[index, WHOLE] = True
    return out
