"""Targets for people: the figures of a target's progress as text, shared by the text and HTML reports."""

from __future__ import annotations


def gap_of_base(progress) -> str:
    """The gap as a share of the base-year figure, for the kinds whose gap reads that way (not shares or
    running totals); "-" when there is no gap or no base to read it against."""
    base = progress.base.recalculated or progress.base.as_set
    if progress.gap is None or base is None or base.value in (None, 0) or progress.gap.value is None \
            or not progress.target.kind.gap_of_base:
        return "-"
    return f"{progress.gap.value / base.value * 100:,.1f} %"
