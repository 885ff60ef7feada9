"""Fiscal years: figures labelled as printed ("FY2023", "FY 2017/18"), counted by the year they end.

Convention: a fiscal year is identified with the calendar year in which it ends. "FY2017/18"
and "2017/18" end in 2018; "FY2023" ends in 2023. A workspace says on which day its fiscal
year ends (``fiscal_year_end = "03-31"`` under [workspace] in ghgcalc.toml), so that
FY2017/18 with a 31 March year end is 1 April 2017 to 31 March 2018: intensities, targets
and annual exchange rates use 2018 for it, and findings print the label as the report did.
A report that names a fiscal year by the year it starts says so with ``fiscal_year_label = "start"``
(:mod:`ghgcalc.core.years`, the one parser of years and their labels). A year of 52 or 53 weeks
("last Saturday of September") has its own first and last day each year (:mod:`ghgcalc.core.year_end`).
"""

from __future__ import annotations

from datetime import date

from ghgcalc.core.year_end import parse_year_end, year_end_of

__all__ = ["describe_year_end", "parse_year_end", "period_of"]


def period_of(year: int, year_end: str | None) -> tuple[date, date]:
    """The first and last day of the fiscal year counted as ``year`` (a calendar year without ``year_end``)."""
    return year_end_of(year_end).period(year)


def describe_year_end(year_end: str | None, example: int | None = None, label: str | None = None) -> str:
    """One sentence for a finding or a header: how a fiscal year maps to its period."""
    rule = year_end_of(year_end)
    if rule == year_end_of(None):
        return "years are calendar years"
    example = example or 2024
    start, end = rule.period(example)
    def day(d: date) -> str:
        return f"{d.day} {d:%B %Y}"
    if rule.weekly:
        return (f"the fiscal year ends on {rule.describe()} (52 or 53 weeks); a fiscal year counts as the year of "
                f"that month ({label or example} = {day(start)} to {day(end)}, counted as {example})")
    return (f"the fiscal year ends on {end.day} {end:%B}; a fiscal year counts as the calendar year it ends in "
            f"({label or example} = {day(start)} to {day(end)}, counted as {example})")
