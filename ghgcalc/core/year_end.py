"""The day a fiscal year ends, as ``fiscal_year_end`` says it, and which fiscal year a day falls in.

Two kinds of rule. A fixed day, "MM-DD" ("03-31"): every year ends on it. A 52/53-week rule, "last Saturday of
September" or "Saturday nearest the end of September": the year ends on a weekday, so that it holds whole
weeks (52, and 53 about one year in six), as Apple, many retailers and US manufacturers keep it (the US tax
code's 52-53 week year, 26 CFR 1.441-2: the weekday that last occurs in a month, or that falls nearest its
last day). Each year then has its own first day: FY2024 ending Saturday 28 September 2024 began Sunday
1 October 2023, the day after FY2023 ended, not 29 September 2023.

A fiscal year counts as the year of the month its rule names: under "Saturday nearest the end of December"
the year whose last day is Saturday 1 January 2022 is 2021, as the company calls it.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from ghgcalc.errors import quoted

WEEKDAYS = tuple(name.lower() for name in calendar.day_name)  # monday ... sunday
MONTHS = tuple(name.lower() for name in calendar.month_name)[1:]  # january ... december
RULE_EXAMPLES = ('"03-31"', '"last Saturday of September"', '"Saturday nearest the end of September"')
_MONTH_DAY = re.compile(r"^(\d{2})-(\d{2})$")
_LAST = re.compile(r"^last\s+([a-z]+)\s+(?:of|in)\s+([a-z]+)$", re.I)
_NEAREST = re.compile(r"^([a-z]+)\s+(?:nearest|closest)(?:\s+to)?\s+the\s+(?:end|last\s+day)\s+of\s+([a-z]+)$", re.I)


@dataclass(frozen=True)
class YearEnd:
    """The rule a fiscal year ends by: a fixed ``month`` and ``day``, or the last ``weekday`` (0 Monday .. 6
    Sunday) of ``month``, or (``nearest``) that weekday nearest the month's last day, within three days."""

    month: int
    day: int = 0
    weekday: int | None = None
    nearest: bool = False

    @property
    def weekly(self) -> bool:
        """Whether years are 52 or 53 weeks (their first and last days move from year to year)."""
        return self.weekday is not None

    def last_day(self, year: int) -> date:
        """The last day of the fiscal year counted as ``year``."""
        if not self.weekly:
            return date(year, self.month, self.day)
        month_end = date(year, self.month, calendar.monthrange(year, self.month)[1])
        back = (month_end.weekday() - self.weekday) % 7  # days from the last such weekday to the month's end
        if self.nearest and back > 3:
            return month_end + timedelta(days=7 - back)
        return month_end - timedelta(days=back)

    def period(self, year: int) -> tuple[date, date]:
        """The first and last day of the fiscal year counted as ``year``."""
        return self.last_day(year - 1) + timedelta(days=1), self.last_day(year)

    def year_of(self, day: date) -> int:
        """The fiscal year ``day`` falls in."""
        year = day.year
        while day > self.last_day(year):
            year += 1
        while day <= self.last_day(year - 1):
            year -= 1
        return year

    def describe(self) -> str:
        """'31 March', 'the last Saturday of September', 'the Saturday nearest the end of September'."""
        month = calendar.month_name[self.month]
        if not self.weekly:
            return f"{self.day} {month}"
        weekday = calendar.day_name[self.weekday]
        return f"the {weekday} nearest the end of {month}" if self.nearest else f"the last {weekday} of {month}"


CALENDAR_YEAR_END = YearEnd(12, 31)


@lru_cache(maxsize=64)
def parse_year_end(text: str) -> YearEnd:
    """The rule ``fiscal_year_end`` states; ValueError saying what is accepted."""
    written = " ".join(str(text).split())
    fixed = _MONTH_DAY.match(written)
    if fixed:
        return _fixed(written, int(fixed.group(1)), int(fixed.group(2)))
    last, nearest = _LAST.match(written), _NEAREST.match(written)
    match = last or nearest
    weekday = _named(match.group(1), WEEKDAYS) if match else None
    month = _named(match.group(2), MONTHS) if match else None
    if weekday is None or month is None:
        if not any(c.isalpha() for c in written):
            raise ValueError(f"{quoted(text)} is not a month and day written MM-DD, e.g. \"03-31\"")
        raise ValueError(f"{quoted(text)} is not a fiscal year end: write a month and day (MM-DD) or a 52/53-week "
                         f"rule ({', '.join(RULE_EXAMPLES)})")
    return YearEnd(month + 1, weekday=weekday, nearest=bool(nearest))


def _named(word: str, names: tuple[str, ...]) -> int | None:
    """The index of a weekday or month written in full or by its first three letters ('Sat', 'Sept' too)."""
    word = word.lower().rstrip(".")
    for index, name in enumerate(names):
        if word == name or (len(word) >= 3 and name.startswith(word)):
            return index
    return None


def _fixed(text: str, month: int, day: int) -> YearEnd:
    try:
        date(2001, month, day)  # a year without 29 February: a fixed year end is the same day every year
    except ValueError:
        swapped = _day_first(month, day)
        raise ValueError(f"{quoted(text)} is not a day of the year (MM-DD; 29 February is not allowed)"
                         + (f"; did you mean '{swapped}' (the month first)?" if swapped else "")) from None
    return YearEnd(month, day)


def _day_first(day: int, month: int) -> str:
    """'06-30' for a year end typed day first ('30-06'), where that is a day of the year; else ""."""
    try:
        date(2001, month, day)
    except ValueError:
        return ""
    return f"{month:02d}-{day:02d}"


def year_end_of(text: str | None) -> YearEnd:
    """The rule of a workspace's ``fiscal_year_end`` (calendar years without one)."""
    return parse_year_end(text) if text else CALENDAR_YEAR_END
