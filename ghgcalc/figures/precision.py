"""Declared precision: what a printed number stands for, when its decimals do not say.

A figure printed with d decimals stands for +- 0.5e-d (half-up) unless the table declares
otherwise in its ``precision`` column: ``exact`` (a headcount: 296 persons is 296), ``thousand``
or ``million`` (16,538,000 printed to the thousand stands for +- 500), or a number, the step the
figure was rounded to in the unit printed (``1000``, ``0.5``). An empty cell is the printed
decimals. The finding says which precision was used.

A printed approximation is one-sided: "nearly 300 suppliers" is at most 300, "over 40 million
kWh" at least 40 million. ``nearly 50`` declares that the value lies up to 50 below the printed
figure ([250, 300] for "nearly 300"), ``over 50`` up to 50 above it; how far is the reader's
judgement, written down where the audit can show it. ``at least`` declares no upper end at all: "more than
40 million kWh" with nothing printed that bounds it ([40 million, infinity)).
"""

from __future__ import annotations

from dataclasses import dataclass

from ghgcalc.errors import quoted

DEFAULT = ""  # the printed decimals
NAMED_STEPS = {"exact": 0.0, "unit": 1.0, "ten": 10.0, "hundred": 100.0, "thousand": 1e3, "million": 1e6, "billion": 1e9}
# A printed approximation: (share of the distance below the printed figure, share above it).
ONE_SIDED = {"nearly": (1.0, 0.0), "over": (0.0, 1.0)}
AT_LEAST = "at least"  # a lower bound with no upper end
_HINT = ("write exact, thousand, million, a positive step such as 1000, 'nearly 50' or 'over 50' for a printed "
         "approximation, 'at least' for a lower bound with no upper end, or leave it empty for the printed decimals")


@dataclass(frozen=True)
class Precision:
    """How far the true value may lie below and above the printed figure (in the unit printed), and the
    declaration as written ("" for the printed decimals)."""

    below: float
    above: float
    word: str = DEFAULT


def parse_precision(text: str, decimals: int) -> Precision:
    """What a ``precision`` cell declares, for a figure printed with ``decimals`` decimals."""
    word = " ".join(str(text).strip().lower().split())
    if not word:
        half = 0.5 * 10.0 ** (-decimals)
        return Precision(half, half)
    if word == AT_LEAST:
        return Precision(0.0, float("inf"), AT_LEAST)
    if word in NAMED_STEPS:
        return Precision(NAMED_STEPS[word] / 2, NAMED_STEPS[word] / 2, word)
    side, _, rest = word.partition(" ")
    if side in ONE_SIDED:
        distance = _positive(rest)
        if distance is None:
            raise ValueError(f"{quoted(text)} does not say how far: write '{side} 50', the most the value can lie "
                             f"{'below' if side == 'nearly' else 'above'} the printed figure, in the unit printed")
        below, above = ONE_SIDED[side]
        return Precision(below * distance, above * distance, f"{side} {rest.replace(',', '')}")
    step = _positive(word)
    if step is None:
        raise ValueError(f"{quoted(text)} is not a precision: {_HINT}")
    return Precision(step / 2, step / 2, word.replace(",", ""))


def _positive(text: str) -> float | None:
    try:
        value = float(text.replace(",", ""))
    except ValueError:
        return None
    return value if value > 0 else None


def is_approximation(precision: str) -> bool:
    """Whether a declaration is a one-sided printed approximation ("nearly 50", "over 50", "at least")."""
    return precision == AT_LEAST or precision.partition(" ")[0] in ONE_SIDED


def precision_text(precision: str) -> str:
    """The declaration in words, for a finding ("" for the printed decimals)."""
    if not precision:
        return ""
    if precision == "exact":
        return "exact"
    if precision == AT_LEAST:
        return "at least the printed figure, with no upper end"
    if is_approximation(precision):
        side, _, distance = precision.partition(" ")
        return f"{side}: up to {distance} {'below' if side == 'nearly' else 'above'} the printed figure"
    return f"rounded to the {precision}" if precision in NAMED_STEPS else f"rounded to steps of {precision}"
