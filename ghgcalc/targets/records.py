"""A :class:`~ghgcalc.targets.pathway.Figure` as a record for machines: ``{value, low, high, unit}``.

Numbers are trimmed to 12 significant digits (binary noise goes, printed precision stays); a
factor takes a figure from the canonical unit to the unit shown
(:func:`ghgcalc.targets.kinds.display_factor`; shares: fraction to percent). How a figure is
written for people is :mod:`ghgcalc.outputs.target_text`.
"""

from __future__ import annotations

import math

from ghgcalc.targets.pathway import Figure


def tidy(number) -> float | None:
    """12 significant digits: drops binary noise (94025.82499999998) without touching printed precision;
    None for no number (None, NaN), as JSON has it."""
    if number is None or math.isnan(number):
        return None
    return float(f"{float(number):.12g}")


def quantity(figure: Figure | None, factor: float, unit: str) -> dict | None:
    """A figure as {value, low, high, unit}; value is null when only bounds are known."""
    if figure is None:
        return None
    low, high = sorted((figure.low * factor, figure.high * factor))
    value = None if figure.value is None else tidy(figure.value * factor)
    return {"value": value, "low": tidy(low), "high": tidy(high), "unit": unit}
