"""Fiscal years: figures labelled as printed ("FY2023", "FY 2017/18"), counted by the year they end.

Convention: a fiscal year is identified with the calendar year in which it ends. "FY2017/18"
and "2017/18" end in 2018; "FY2023" ends in 2023. A workspace says on which day its fiscal
year ends (``fiscal_year_end = "03-31"`` under [workspace] in ghgcalc.toml), so that
FY2017/18 with a 31 March year end is 1 April 2017 to 31 March 2018: intensities, targets
and annual exchange rates use 2018 for it, and findings print the label as the report did.
A report that names a fiscal year by the year it starts must be typed with the year it ends.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from ghgcalc.errors import YEARS, ProblemCollector

_FISCAL = re.compile(r"^(?:FY\s*)?(\d{4})\s*/\s*(\d{2}|\d{4})$|^FY\s*(\d{4})$", re.I)
_MONTH_DAY = re.compile(r"^(\d{2})-(\d{2})$")


def parse_year(text: str, row: int, collector: ProblemCollector) -> tuple[str, int] | None:
    """(the label as printed, the calendar year the period ends in), or None with the problem recorded."""
    label = str(text).strip()
    match = _FISCAL.match(label)
    if not match:
        year = collector.year(row, label)
        return None if year is None else (str(year), year)
    first, second, single = match.groups()
    if single:
        year = int(single)
    else:
        start = int(first)
        year = int(second) if len(second) == 4 else start // 100 * 100 + int(second)
        if year != start + 1:
            collector.add(row, "year", label, f"{label!r} is not a fiscal year: the second year must follow the first "
                                              f"(FY{start}/{str(start + 1)[-2:]})")
            return None
    if not YEARS[0] <= year <= YEARS[1]:
        collector.add(row, "year", label, f"{year} is not a year between {YEARS[0]} and {YEARS[1]}")
        return None
    return label, year


def parse_year_end(text: str) -> tuple[int, int]:
    """(month, day) from "MM-DD"; ValueError saying what was expected."""
    match = _MONTH_DAY.match(str(text).strip())
    if not match:
        raise ValueError(f"{text!r} is not a month and day written MM-DD, e.g. \"03-31\"")
    month, day = int(match.group(1)), int(match.group(2))
    try:
        date(2001, month, day)  # a year without 29 February: a fiscal year ends on the same day every year
    except ValueError:
        raise ValueError(f"{text!r} is not a day of the year (MM-DD; 29 February is not allowed)") from None
    return month, day


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
