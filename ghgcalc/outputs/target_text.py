"""Targets for people: a target's figures as text, the gap table and the sentences under it.

A figure is written as its value, with ``±`` the farther bound only when the printed precision
matters, and "low to high" when only bounds are known; each takes a factor from the canonical
unit to the unit shown (:func:`ghgcalc.targets.kinds.display_factor`). The text and HTML
reports and ``ghgcalc gap`` write targets with these.
"""

from __future__ import annotations

import pandas as pd

from ghgcalc.core.intervals import show_half_up, show_significant
from ghgcalc.core.percent import PERCENT_PER_FRACTION, to_percent
from ghgcalc.targets.kinds import display_unit
from ghgcalc.targets.pathway import Figure
from ghgcalc.targets.progress import status_reason

MATERIAL_HALF_WIDTH = 5e-4  # show bounds for people when they exceed 0.05 % of the value


def _places(value: float) -> int:
    """Two decimals, or four for a number below one (a rate, an intensity)."""
    return 2 if abs(value) >= 1 or value == 0 else 4


def _number(value: float, decimals: int | None = None) -> str:
    """Half-up on the decimal value, as every printed figure (a gap of 2.775 is 2.78); a number below one keeps
    four significant digits. Asked for ``decimals`` (a percent with one), those: 0.5 % is "0.5 %", not
    "0.5000 %"; only a figure they would show as zero keeps its first digit (0.04 %, not 0.0 %)."""
    if decimals is None:
        return show_significant(value, _places(value), 4)
    return show_significant(value, decimals, 1)


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
    if spread > MATERIAL_HALF_WIDTH * max(abs(value), 1e-12):
        shown = _number(value, decimals)
        places = len(shown.partition(".")[2])   # the spread at the value's decimals: 2.78 ±0.01
        return f"{shown} ±{show_half_up(spread, places)}{suffix}"
    return f"{_number(value, decimals)}{suffix}"


def gap_of_base(progress) -> str:
    """The gap as a share of the base-year figure, for the kinds whose gap reads that way (not shares or
    running totals); "-" when there is no gap or no base to read it against."""
    base = progress.base.recalculated or progress.base.as_set
    if progress.gap is None or base is None or base.value in (None, 0) or progress.gap.value is None \
            or not progress.target.kind.gap_of_base:
        return "-"
    return f"{show_half_up(to_percent(progress.gap.value / base.value), 1)} %"


# --- a gap report -------------------------------------------------------------------------

def gap_table(report) -> pd.DataFrame:
    """The table for people of a :class:`~ghgcalc.targets.gap.GapReport`: each figure as text in the target's
    unit, ± where precision matters; the recalculated base only when some base was recalculated."""
    frame = pd.DataFrame([_display_row(p) for p in report.progress])
    if all(p.base.recalculated is None for p in report.progress):
        frame = frame.drop(columns="base recalculated")
    return frame


def gap_explanations(report) -> list[str]:
    """Per target: the reading in words, where the actual came from, the base, the ambition, notes."""
    return [line for p in report.progress for line in _explanation(p)]


def _display_row(p) -> dict:
    f = p.display_factor
    share = p.target.kind.share
    pct = " %" if share else ""
    word = "cut" if p.target.direction < 0 else "rise"
    base = show(p.base.as_set, f, pct) if not p.target.kind.running_total else f"0 from {p.target.label(p.target.base_year)}"
    return {
        "target": p.target.id,
        "unit": display_unit(p.target),
        "base": base,
        "base recalculated": show(p.base.recalculated, f, pct),
        "actual": show(p.actual.figure, f, pct) + (" !" if p.actual.fails_audit else ""),  # a print that fails audit
        "pathway": show(p.pathway_value, f, pct),
        "target level": show(p.target_level, f, pct),
        "gap": show(p.gap, f, " pp" if share else ""),
        "gap %": show(p.gap_fraction, PERCENT_PER_FRACTION, " %", 1),
        "progress": show(p.progress, PERCENT_PER_FRACTION, " %", 1),
        "years left": str(p.years_left),
        "rate/yr": show(p.required_annual_rate, PERCENT_PER_FRACTION, f" % {word}", 1),
        "linear/yr": show(p.required_annual_change, f, f" {word}"),
        "status": p.status,
    }


def _explanation(p) -> list[str]:
    lines = [f"{p.target.id}: {p.target.reading}", f"  actual {p.target.label(p.year)}: {p.actual.source}"]
    lines.extend(f"  ! {failing}" for failing in p.actual.fails_audit)
    if p.base.note:
        lines.append(f"  base: {p.base.note}")
    if p.ambition is not None:
        lines.append(f"  ambition: {p.ambition.describe()}")
    if p.neutralisation is not None:
        n, f = p.neutralisation, p.display_factor
        lines.append(f"  neutralisation {p.target.label(p.year)} (not subtracted from emissions): removals {show(n.removals, f)}, "
                     f"credits {show(n.credits, f)}; counted {show(n.counted, f)}; emissions not covered "
                     f"{show(n.uncovered, f)} {p.target.unit}")
    lines.extend(f"  note: {note}" for note in p.notes)
    if (reason := status_reason(p)) and reason != p.actual.source:  # a missing actual is said above
        lines.append(f"  {p.status}: {reason}")
    return lines
