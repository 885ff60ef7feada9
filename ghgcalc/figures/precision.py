"""Declared precision: what a printed number stands for, when its decimals do not say.

A figure printed with d decimals stands for +- 0.5e-d (half-up) unless the table declares
otherwise in its ``precision`` column: ``exact`` (a headcount: 296 persons is 296), ``thousand``
or ``million`` (16,538,000 printed to the thousand stands for +- 500), or a number, the step the
figure was rounded to in the unit printed (``1000``, ``0.5``). An empty cell is the printed
decimals. The finding says which precision was used.
"""

from __future__ import annotations

DEFAULT = ""  # the printed decimals
NAMED_STEPS = {"exact": 0.0, "unit": 1.0, "ten": 10.0, "hundred": 100.0, "thousand": 1e3, "million": 1e6, "billion": 1e9}


def parse_precision(text: str, decimals: int) -> tuple[float, str]:
    """(half the rounding step, in the printed unit; the declaration as a word) for a ``precision`` cell."""
    word = str(text).strip().lower()
    if not word:
        return 0.5 * 10.0 ** (-decimals), DEFAULT
    if word in NAMED_STEPS:
        return NAMED_STEPS[word] / 2, word
    try:
        step = float(word.replace(",", ""))
    except ValueError:
        step = -1.0
    if not step > 0:
        raise ValueError(f"{text!r} is not a precision: write exact, thousand, million, a positive step such as 1000, "
                         "or leave it empty for the printed decimals")
    return step / 2, word.replace(",", "")


def precision_text(precision: str) -> str:
    """The declaration in words, for a finding ("" for the printed decimals)."""
    if not precision:
        return ""
    if precision == "exact":
        return "exact"
    return f"rounded to the {precision}" if precision in NAMED_STEPS else f"rounded to steps of {precision}"
