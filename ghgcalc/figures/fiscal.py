"""Fiscal years: figures labelled as printed ("FY2023", "FY 2017/18"), counted by the year they end.

Convention: a fiscal year is identified with the calendar year in which it ends. "FY2017/18"
and "2017/18" end in 2018; "FY2023" ends in 2023. A workspace says on which day its fiscal
year ends (``fiscal_year_end = "03-31"`` under [workspace] in ghgcalc.toml), so that
FY2017/18 with a 31 March year end is 1 April 2017 to 31 March 2018: intensities, targets
and annual exchange rates use 2018 for it, and findings print the label as the report did.
A report that names a fiscal year by the year it starts says so with ``fiscal_year_label = "start"``
(:mod:`ghgcalc.core.years`, the one parser of years and their labels).
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from ghgcalc.errors import quoted


_MONTH_DAY = re.compile(r"^(\d{2})-(\d{2})$")


def parse_year_end(text: str) -> tuple[int, int]:
    """(month, day) from "MM-DD"; ValueError saying what was expected."""
    match = _MONTH_DAY.match(str(text).strip())
    if not match:
        raise ValueError(f"{quoted(text)} is not a month and day written MM-DD, e.g. \"03-31\"")
    month, day = int(match.group(1)), int(match.group(2))
    try:
        date(2001, month, day)  # a year without 29 February: a fiscal year ends on the same day every year
    except ValueError:
        swapped = _day_first(month, day)
        raise ValueError(f"{quoted(text)} is not a day of the year (MM-DD; 29 February is not allowed)"
                         + (f"; did you mean '{swapped}' (the month first)?" if swapped else "")) from None
    return month, day


def _day_first(day: int, month: int) -> str:
    """'06-30' for a year end typed day first ('30-06'), where that is a day of the year; else ""."""
    try:
        date(2001, month, day)
    except ValueError:
        return ""
    return f"{month:02d}-{day:02d}"


def period_of(year: int, year_end: str | None) -> tuple[date, date]:
    """The first and last day of the fiscal year that ends in ``year`` (a calendar year without ``year_end``)."""
    month, day = parse_year_end(year_end) if year_end else (12, 31)
    end = date(year, month, day)
    return end.replace(year=year - 1) + timedelta(days=1), end


def describe_year_end(year_end: str | None, example: int | None = None, label: str | None = None) -> str:
    """One sentence for a finding or a header: how a fiscal year maps to its period."""
    if not year_end or parse_year_end(year_end) == (12, 31):
        return "years are calendar years"
    example = example or 2024
    start, end = period_of(example, year_end)
    def day(d: date) -> str:
        return f"{d.day} {d:%B %Y}"
    return (f"the fiscal year ends on {end.day} {end:%B}; a fiscal year counts as the calendar year it ends in "
            f"({label or example} = {day(start)} to {day(end)}, counted as {example})")
