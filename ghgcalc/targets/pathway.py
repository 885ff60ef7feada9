"""Pathway arithmetic: where a target says a figure should be, and what it still takes.

The functions are plain arithmetic over ``+ - * /`` and work the same on floats, on
:class:`~ghgcalc.core.intervals.Interval` and on :class:`Figure` (a point value together with
the interval it could be). Each formula is written so that an uncertain input appears
once, or only with coefficients of one sign, so that interval arithmetic gives the
tightest bounds rather than a needlessly wide enclosure (the "dependency problem").

Conventions: a *direction* of -1 is a target that cuts a figure (emissions, intensity),
+1 one that raises it (a renewable share, a cumulative total). Gaps and required changes
are stated in the target's direction: positive means "still to go".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from ghgcalc.core.intervals import Interval, show_digits

REDUCE = -1
RAISE = +1


@dataclass(frozen=True)
class Figure:
    """A quantity as computed from the figures as printed (``value``) and the interval
    it could lie in given their printed precision (``bounds``).

    ``value`` is None when only bounds are known, e.g. a share whose denominator the
    report does not give but bounds from above; every figure derived from it is then a
    bound too.
    """

    value: float | None
    bounds: Interval

    @classmethod
    def exact(cls, value: float) -> "Figure":
        return cls(float(value), Interval.exact(float(value)))

    @classmethod
    def between(cls, value: float | None, low: float, high: float) -> "Figure":
        return cls(None if value is None else float(value), Interval(float(low), float(high)))

    @property
    def low(self) -> float:
        return self.bounds.low

    @property
    def high(self) -> float:
        return self.bounds.high

    @property
    def is_exact(self) -> bool:
        return self.bounds.width == 0

    def _combine(self, other, op):
        other = as_figure(other)
        value = None if self.value is None or other.value is None else op(self.value, other.value)
        return Figure(value, op(self.bounds, other.bounds))

    def __add__(self, other):
        return self._combine(other, lambda a, b: a + b)

    __radd__ = __add__

    def __sub__(self, other):
        return self._combine(other, lambda a, b: a - b)

    def __rsub__(self, other):
        return as_figure(other) - self

    def __mul__(self, other):
        return self._combine(other, lambda a, b: a * b)

    __rmul__ = __mul__

    def __truediv__(self, other):
        return self._combine(other, lambda a, b: a / b)

    def __rtruediv__(self, other):
        return as_figure(other) / self

    def __neg__(self):
        return Figure(None if self.value is None else -self.value, -self.bounds)

    def __str__(self) -> str:
        shown = "?" if self.value is None else show_digits(self.value)
        return shown if self.is_exact else f"{shown} {self.bounds}"


def as_figure(value) -> Figure:
    if isinstance(value, Figure):
        return value
    if isinstance(value, Interval):
        return Figure(None, value)
    return Figure.exact(float(value))


def power(base, exponent: float):
    """``base ** exponent`` for a non-negative base; increasing in the base when exponent > 0."""
    if isinstance(base, Figure):
        value = None if base.value is None else power(base.value, exponent)
        return Figure(value, power(base.bounds, exponent))
    if isinstance(base, Interval):
        ends = sorted((power(base.low, exponent), power(base.high, exponent)))
        return Interval(*ends)
    if base < 0:
        raise ValueError(f"cannot take a fractional power of a negative number ({base})")
    return base ** exponent


# --- where the straight line says a figure should be -------------------------------------

def linear_pathway(points: Sequence[tuple[int, object]], year: int):
    """The value in ``year`` of the straight lines through ``points`` (year, level).

    ``points`` run from the base year to the target year, with any interim milestones
    in between. Between two points the pathway is ``a * (1 - t) + b * t``, whose
    coefficients are both non-negative, so interval bounds stay tight. Before the first
    point the pathway is the first level; after the last, the last level.
    """
    if not points:
        raise ValueError("a pathway needs at least one point")
    points = sorted(points, key=lambda p: p[0])
    if year <= points[0][0]:
        return points[0][1]
    for (y0, a), (y1, b) in zip(points, points[1:]):
        if y0 <= year <= y1:
            if year == y0:
                return a
            if year == y1:
                return b
            t = (year - y0) / (y1 - y0)
            return a * (1 - t) + b * t
    return points[-1][1]


# --- how far from it, and how far along ---------------------------------------------------

def gap(actual, level, direction: int):
    """How far ``actual`` still is from ``level`` in the target's direction (positive: still to go).

    For a reduction target this is ``actual - level``; for a target that raises a figure,
    ``level - actual``. Zero exactly at the level; negative when the level is passed.
    """
    return actual - level if direction == REDUCE else level - actual


def progress_fraction(base, actual, target):
    """Share of the way from base to target covered by actual: ``(base - actual) / (base - target)``.

    Holds for both directions (the sign of numerator and denominator flip together).
    0 at the base, 1 at the target, negative when the figure moved away from the target.
    """
    return (base - actual) / (base - target)


def progress_fraction_of_base(actual_over_base, target_fraction: float):
    """The same share when the target is a fraction of the base: ``(1 - A/B) / (1 - f)``.

    The base appears once (inside A/B), so interval bounds are tight.
    """
    return (1 - actual_over_base) / (1 - target_fraction)


# --- what it takes from here --------------------------------------------------------------

def compound_annual_change(start, end, years: int):
    """The constant yearly rate r with ``start * (1 + r) ** years == end``: ``(end/start) ** (1/years) - 1``.

    Negative for a cut (-0.173 is a 17.3 % cut a year). Needs start > 0 and end >= 0.
    """
    if years <= 0:
        raise ValueError(f"a rate needs at least one year ahead, not {years}")
    return power(end / start, 1.0 / years) - 1


def linear_annual_change(start, end, years: int):
    """The constant yearly amount d with ``start + years * d == end``."""
    if years <= 0:
        raise ValueError(f"a yearly amount needs at least one year ahead, not {years}")
    return (end - start) / years


def implied_linear_reduction(target_fraction_of_base: float, base_year: int, target_year: int) -> float:
    """Yearly cut, as a fraction of base-year emissions, of a straight line from base to target.

    SBTi's absolute-contraction approach states ambition this way: (1 - f) / (target - base).
    """
    return (1 - target_fraction_of_base) / (target_year - base_year)
