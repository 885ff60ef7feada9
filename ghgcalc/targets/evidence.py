"""What figures after the reporting year say about a share target, when they bound its numerator.

Why: a report or a news item often prints a later quantity (renewable electricity bought in a year) before the
total it is a share of; the target still reads the last year with both. ``numerator_at_least`` names a metric that
is part of the numerator (renewable electricity is part of renewable energy), so each of its later figures is a
lower bound on the numerator in that year; the note says how it compares with the reporting year and what is
missing to turn it into a share (the denominator of that year, or a figure that bounds it from above).
"""

from __future__ import annotations

from typing import Iterable

from ghgcalc.targets.actuals import Observations
from ghgcalc.targets.definitions import StructuralChange, Target


LATER_FIGURE = "later figure"


def _amount(value: float) -> str:
    return f"{value:,.2f}"


def later_evidence(target: Target, year: int, observations: Observations,
                   changes: Iterable[StructuralChange] = ()) -> list[str]:
    """One note per year after ``year`` (up to the target year) with a figure of the target's ``numerator_at_least``."""
    bound_metric = target.numerator_at_least
    if not (target.kind.share and target.numerator and bound_metric):
        return []
    changes = tuple(changes)
    unit = observations.vocabulary.unit(bound_metric)
    notes = []
    for later in sorted(y for y in observations.years_with_data([bound_metric]) if year < y <= target.target_year):
        part = observations.in_boundary(target, bound_metric, later, changes)
        if part.missing:
            continue
        low = part.figure.low
        text = (f"{LATER_FIGURE}, {target.label(later)}: {bound_metric} at least {_amount(low)} {unit} ({part.source}); "
                f"it is part of {target.numerator}, so {target.numerator} {target.label(later)} is at least that")
        now = observations.in_boundary(target, target.numerator, year, changes)
        if not now.missing and now.figure.high > 0:
            text += f", {low / now.figure.high:,.1f} times {target.label(year)}'s {_amount(now.figure.high)} {unit}"
        den = observations.in_boundary(target, target.denominator, later, changes)
        if not den.missing:
            text += f"; share {target.label(later)} at least {100 * min(low / den.figure.high, 1.0):.2f} %"
        elif target.denominator_at_most and not (ceiling := observations.in_boundary(
                target, target.denominator_at_most, later, changes)).missing:
            text += (f"; share {target.label(later)} at least {100 * min(low / ceiling.figure.high, 1.0):.2f} % "
                     f"({target.denominator_at_most} bounds {target.denominator})")
        else:
            text += (f"; no share for {target.label(later)}: {target.denominator} {target.label(later)} is not in the "
                     f"workspace (add it to turn the figure into a share"
                     + (f", or {target.denominator_at_most} {target.label(later)} for a lower bound on the share"
                        if target.denominator_at_most else "")
                     + ")")
        notes.append(text)
    return notes
