"""Shares are kept as fractions and shown as percent: the one place that rule lives.

Why one place: the library computes with fractions (0.05, 0.173) so that arithmetic needs
no hidden factor, while reports, tables and the JSON contracts show percent (5, 17.3). The
conversion is the unit registry's ``1 = 100 percent``; it is written once here so that a
display never re-derives it. It sits in core because quantity strings ("30 %") are read
there too, and every layer above shows shares.
"""

from __future__ import annotations

PERCENT_PER_FRACTION = 100.0  # 1 (a whole) = 100 percent


def to_percent(fraction):
    """A fraction (or a Figure or Interval of fractions) in percent; None stays None."""
    return None if fraction is None else fraction * PERCENT_PER_FRACTION


def from_percent(percent):
    """A number printed in percent as a fraction; None stays None."""
    return None if percent is None else percent / PERCENT_PER_FRACTION


def change_percent(now, before):
    """The change from ``before`` to ``now`` in percent of ``before``'s size; None when either is unknown or
    ``before`` is zero (a change from nothing has no percent)."""
    if now is None or before is None or before == 0:
        return None
    return to_percent((now - before) / abs(before))


def signed_percent_text(fraction: float, decimals: int = 2) -> str:
    """A signed share as percent with ``decimals`` decimals ("-4.00%"), and more where those would show a share
    that is not zero as zero (-0.0048 % is "-0.005%", not "-0.00%"); below a millionth of a percent, in words.
    Why: a difference printed as "-0.00%" beside one that is not zero reads as a contradiction."""
    percent = to_percent(fraction)
    places = decimals
    while percent and round(percent, places) == 0 and places < decimals + 6:
        places += 1
    if percent and round(percent, places) == 0:
        return f"less than {10.0 ** -places:.{places}f}%"
    return f"{percent:+.{places}f}%"


def percent_text(fraction: float, spec: str = "g") -> str:
    """A fraction written as a percent number with a format spec: ``percent_text(0.05) == '5'``."""
    return format(to_percent(fraction), spec)


def probability_text(fraction: float, decimals: int = 1) -> str:
    """A probability for people, the one rule of every output: "100 %" only when it is 1 and "0 %" only when it is
    0; any other never rounds onto either (0.9998 is "> 99.9 %", 0.00004 "< 0.1 %"), else ``decimals`` decimals.
    Why: a run that says "uncertain" beside "P(met) 100.0 %" contradicts itself."""
    if fraction >= 1:
        return "100 %"
    if fraction <= 0:
        return "0 %"
    step = 10.0 ** -decimals
    shown = round(to_percent(fraction), decimals)
    if shown >= 100:
        return f"> {100 - step:.{decimals}f} %"
    if shown <= 0:
        return f"< {step:.{decimals}f} %"
    return f"{shown:.{decimals}f} %"
