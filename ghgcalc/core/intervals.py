"""Published figures as intervals, and arithmetic that keeps them honest.

A figure printed as 0.43 stands for every value that rounds to it: [0.425, 0.435)
under round-half-up. Sums, differences, products and quotients of such figures are
intervals too (interval arithmetic), so a derived figure never claims more precision
than its inputs had. Bounds are treated as closed for arithmetic; ``contains`` and
``rounds_to`` apply the half-open rule where it matters.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Context, Decimal

from ghgcalc.errors import ZeroDenominatorError, quoted

DECIMAL_MARKS = (".", ",")
# Thousands separators besides the one opposite the decimal mark: spaces (plain, no-break U+00A0,
# thin U+2009, narrow no-break U+202F) and the Swiss apostrophe.
_GROUP = "[ \u00a0\u2009\u202f']"
# Indian (lakh/crore) grouping: the first group of three from the right, then groups of two
# ("1,65,811" = 165,811; "1,00,00,000" = one crore), read where the decimal mark is a point, as
# Indian reports print it.
_LAKH = r"\d{1,2}(?:,\d{2})*,\d{3}"
_PRINTED = {
    ".": re.compile(rf"^\s*([+-]?)(\d{{1,3}}(?:(?:,|{_GROUP})\d{{3}})+|{_LAKH}|\d+)(?:\.(\d+))?\s*$"),
    ",": re.compile(rf"^\s*([+-]?)(\d{{1,3}}(?:(?:\.|{_GROUP})\d{{3}})+|\d+)(?:,(\d+))?\s*$"),
}


@dataclass(frozen=True)
class Printed:
    """A number as printed: its value and how many decimals it shows."""

    text: str
    value: float
    decimals: int

    @property
    def interval(self) -> "Interval":
        return Interval.from_printed(self.value, self.decimals)


def parse_printed(text: str, decimal: str = ".") -> Printed:
    """'82,820.16' -> 82820.16 with 2 decimals; with ``decimal`` "," (German, French reports) '82.820,16'
    and '82 820,16' are the same. Thousands may also be grouped by spaces or "'", and, with a decimal
    point, in lakhs and crores ('1,65,811.5'). Refuses anything not a plainly printed number, a group
    separator used as the decimal mark in the same number, and commas that fit neither grouping ('1,2345')."""
    if decimal not in _PRINTED:
        raise ValueError(f"{decimal!r} is not a decimal mark; use '.' or ','")
    match = _PRINTED[decimal].match(str(text))
    if not match:
        written = ("digits, optional thousands or lakh commas and decimals" if decimal == "." else
                   "digits, optional thousands points or spaces, and decimals after a comma")
        raise ValueError(f"{quoted(text)} is not a number as printed ({written})")
    sign, whole, frac = match.groups()
    digits = re.sub(r"\D", "", whole) + ("." + frac if frac else "")
    value = float(sign + digits)
    if not abs(value) < MAX_PRINTED:
        raise ValueError(f"{quoted(str(text)[:40])} is too large to be a printed figure (at most {MAX_PRINTED:.0e})")
    return Printed(str(text), value, len(frac) if frac else 0)


MAX_PRINTED = 1e100  # larger printed figures are not real, and their sums would overflow to infinity


def readings(text: str) -> dict[str, Printed]:
    """The number a text is under each decimal mark it can be read with ('79.683': 79.683 or 79,683;
    '12,7': only 12.7; '1,234': 1,234 or 1.234). Used to find tables whose number format must be declared."""
    out = {}
    for mark in DECIMAL_MARKS:
        try:
            out[mark] = parse_printed(text, mark)
        except ValueError:
            continue
    return out


DECIMAL_DIGITS = 15  # a float's decimal value: the digits a double holds exactly, past them only binary noise


def _decimal(value: float) -> Decimal:
    """The decimal a float stands for: 10.69 - 7.915 is the float 2.7749999999999995, whose decimal value is
    2.775 (15 significant digits, all a double carries)."""
    return Decimal(format(float(value), f".{DECIMAL_DIGITS}g"))


def _half_up(value: float, decimals: int) -> Decimal:
    exact = _decimal(value)
    digits = max(28, exact.adjusted() + decimals + 2)   # 1e300 to two decimals needs 303 digits
    return exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP, context=Context(prec=digits))


def round_half_up(value: float, decimals: int) -> float:
    """Round as reports do (0.425 -> 0.43; 2.775 -> 2.78 though its float lies just below), not as Python's
    banker's rounding of the binary value does."""
    return float(_half_up(value, decimals))


HUGE = 1e18  # from a quintillion up, figures show with an exponent (1e+60): no real figure is as large, in any currency


def show_half_up(value: float, decimals: int, grouping: bool = True, sign: bool = False) -> str:
    """``value`` with ``decimals`` decimals, rounded half-up on its decimal value, with thousands commas: the one
    rounding rule of every printed figure (f"{2.775:.2f}" prints 2.77, so formatting floats directly would
    show a gap of 2.775 as 2.77 beside a target of 7.915 shown as 7.92). ``sign``: "+" before a positive
    number (a change), "-0.0" for what rounds to zero from below shown as "0.0"."""
    if not math.isfinite(value):
        return str(value)
    if abs(value) >= HUGE:  # a 300-digit figure would widen every table it is in to hundreds of columns
        text = show_digits(value, 6)
        return "+" + text if sign and value > 0 else text
    rounded = _half_up(value, decimals)
    if rounded == 0:
        rounded = abs(rounded)  # -0.04 to one decimal is 0.0, not -0.0
    return format(rounded, ("+" if sign else "") + (",f" if grouping else "f"))


def show_digits(value: float, significant: int = 6) -> str:
    """``value`` to ``significant`` significant digits as ``format(value, ",.6g")`` writes it (no trailing zeros;
    an exponent only where ``g`` takes one), rounded half-up on its decimal value like every printed figure."""
    if not math.isfinite(value) or value == 0:
        return format(value, ",g")
    exact = _decimal(value)
    rounded = exact.quantize(Decimal(1).scaleb(exact.adjusted() - significant + 1), rounding=ROUND_HALF_UP,
                             context=Context(prec=max(28, significant + 2)))
    if not -4 <= rounded.adjusted() < significant:
        return format(float(rounded), f",.{significant}g")
    text = format(rounded, ",f")
    return text.rstrip("0").rstrip(".") if "." in text else text


SIGNIFICANT = 4  # digits a figure below one keeps wherever it is shown (text, markdown, workbooks)


def significant_places(value: float, decimals: int, significant: int = SIGNIFICANT) -> int:
    """The decimals that show ``value`` with at least ``significant`` significant digits where ``decimals`` would
    show fewer of a number below one (0.000001583 at 6 decimals: 9); ``decimals`` otherwise."""
    if not math.isfinite(value) or value == 0:
        return decimals
    exponent = _decimal(value).adjusted()   # 0.000001583 -> -6; 1.5 -> 0
    return decimals if exponent >= 0 else max(decimals, significant - 1 - exponent)


def show_significant(value: float, decimals: int, significant: int = SIGNIFICANT) -> str:
    """``value`` with ``decimals`` decimals, or, where that would keep fewer than ``significant`` digits of a
    number below one, with up to ``significant`` significant digits (an intensity per rupee, 0.000001583, not
    0.000002), half-up as :func:`show_half_up`, never in exponent notation.

    The digits beyond ``decimals`` are shown only where they say something: 0.5 asked with one decimal is
    "0.5", never "0.5000" (the zeros would claim a precision the figure was not asked for)."""
    places = significant_places(value, decimals, significant)
    shown = show_half_up(value, places)
    if places > decimals:
        head, _, tail = shown.partition(".")
        tail = tail[:decimals] + tail[decimals:].rstrip("0")
        shown = f"{head}.{tail}" if tail else head
    return shown


@dataclass(frozen=True)
class Interval:
    """A closed interval [low, high] of real values (low <= high)."""

    low: float
    high: float

    def __post_init__(self):
        if not (self.low <= self.high) and not (math.isnan(self.low) or math.isnan(self.high)):
            raise ValueError(f"interval low {self.low} is above high {self.high}")

    @classmethod
    def exact(cls, value: float) -> "Interval":
        return cls(value, value)

    @classmethod
    def from_printed(cls, value: float, decimals: int) -> "Interval":
        """Every value that rounds half-up to ``value`` at ``decimals`` places."""
        half = 0.5 * 10.0 ** (-decimals)
        return cls(value - half, value + half)

    @property
    def mid(self) -> float:
        return (self.low + self.high) / 2

    @property
    def width(self) -> float:
        return self.high - self.low

    def contains(self, value: float, *, tolerance: float = 1e-9) -> bool:
        scale = max(1.0, abs(value))
        return self.low - tolerance * scale <= value <= self.high + tolerance * scale

    def overlaps(self, other: "Interval", *, tolerance: float = 1e-9) -> bool:
        scale = max(1.0, abs(self.mid), abs(other.mid))
        return self.low <= other.high + tolerance * scale and other.low <= self.high + tolerance * scale

    def distance(self, other: "Interval") -> float:
        """How far apart two intervals are (0 when they overlap)."""
        return max(0.0, other.low - self.high, self.low - other.high)

    def __add__(self, other):
        other = _as_interval(other)
        return Interval(self.low + other.low, self.high + other.high)

    __radd__ = __add__

    def __sub__(self, other):
        other = _as_interval(other)
        return Interval(self.low - other.high, self.high - other.low)

    def __rsub__(self, other):
        return _as_interval(other) - self

    def __mul__(self, other):
        other = _as_interval(other)
        products = (self.low * other.low, self.low * other.high, self.high * other.low, self.high * other.high)
        return Interval(min(products), max(products))

    __rmul__ = __mul__

    def __truediv__(self, other):
        other = _as_interval(other)
        if other.low <= 0 <= other.high:
            raise ZeroDenominatorError(f"a denominator is zero or may be (it lies between {other.low:g} and "
                                       f"{other.high:g}), so the ratio cannot be computed")
        return self * Interval(1 / other.high, 1 / other.low)

    def __rtruediv__(self, other):
        return _as_interval(other) / self

    def __neg__(self):
        return Interval(-self.high, -self.low)

    def scale(self, factor: float) -> "Interval":
        return self * factor

    def __str__(self) -> str:
        return f"[{self.low:.6g}, {self.high:.6g}]"


def _as_interval(value) -> Interval:
    if isinstance(value, Interval):
        return value
    return Interval.exact(float(value))


def round_interval(interval: Interval, decimals: int) -> Interval:
    """The range of printed values a quantity known to lie in ``interval`` can round to.

    Why: a report that rounds each component before adding them prints a figure that can
    differ from the rounded sum; the audit needs the set of values such a report can print.
    Every printed value on the ``decimals`` grid between the two bounds is reachable.
    """
    return Interval(round_half_up(interval.low, decimals), round_half_up(interval.high, decimals))


ROUNDING_RULE = (
    "half-up: a figure printed with d decimals stands for every value in "
    "[v - 0.5e-d, v + 0.5e-d); derived intervals treat both bounds as closed"
)
