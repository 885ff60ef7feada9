"""How a :class:`~ghgcalc.targets.pathway.Figure` is written: for machines and for people.

For machines a figure is ``{value, low, high, unit}`` with binary noise trimmed; for people
it is the value, with ``±`` the farther bound only when the printed precision matters, and
"low to high" when only bounds are known. Both take a factor from the canonical unit to the
unit shown (:func:`ghgcalc.targets.progress.display_factor`; shares: fraction to percent).
"""

from __future__ import annotations

from ghgcalc.targets.pathway import Figure

MATERIAL_HALF_WIDTH = 5e-4  # show bounds for people when they exceed 0.05 % of the value


def tidy(number: float) -> float:
    """12 significant digits: drops binary noise (94025.82499999998) without touching printed precision."""
    return float(f"{number:.12g}")


def quantity(figure: Figure | None, factor: float, unit: str) -> dict | None:
    """A figure as {value, low, high, unit}; value is null when only bounds are known."""
    if figure is None:
        return None
    low, high = sorted((figure.low * factor, figure.high * factor))
    value = None if figure.value is None else tidy(figure.value * factor)
    return {"value": value, "low": tidy(low), "high": tidy(high), "unit": unit}


def _places(value: float) -> int:
    """Two decimals, or four for a number below one (a rate, an intensity)."""
    return 2 if abs(value) >= 1 or value == 0 else 4


def _number(value: float, decimals: int | None = None) -> str:
    return f"{value:,.{_places(value) if decimals is None else decimals}f}"


def show(figure: Figure | None, factor: float = 1.0, suffix: str = "", decimals: int | None = None) -> str:
    """A figure for people: the value, with ± the farther bound when printed precision matters
    (a half-width above 0.05 % of the value); "low to high" when only bounds are known."""
    if figure is None:
        return "-"
    low, high = sorted((figure.low * factor, figure.high * factor))
    if figure.value is None:
        return f"{_number(low, decimals)} to {_number(high, decimals)}{suffix}"
    value = figure.value * factor
    spread = max(value - low, high - value)
    decimals = _places(value) if decimals is None else decimals
    if spread > MATERIAL_HALF_WIDTH * max(abs(value), 1e-12):
        return f"{_number(value, decimals)} ±{_number(spread, decimals)}{suffix}"
    return f"{_number(value, decimals)}{suffix}"
