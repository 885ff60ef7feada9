"""Years and fiscal years: the one parser every table, target file, scenario file and ``--year`` calls.

Inside ghgcalc a year is a whole number: the calendar year in which the (fiscal) year ends, so
that figures of one period meet whatever their label. Companies label fiscal years two ways:
by the year they end (UK, HK, India: "FY2023/24" or "FY2024" ends in 2024; a US 10-K's "fiscal 2024") or
by the year they start (Japan: "FY2023" runs April 2023 to March 2024). A workspace says which
(``fiscal_year_label = "start"`` or ``"end"`` under [workspace], with ``fiscal_year_end``);
a label naming both years ("FY2023/24", "2023/24") ends in its second year either way. A plain
number ("2024") is always the year the period ends in. In an activity table, a day ("2024-09-29") is the
fiscal year it falls in, by the workspace's year end (:mod:`ghgcalc.core.year_end`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ghgcalc.core.year_end import year_end_of
from ghgcalc.core.year_sentences import label_sentence
from ghgcalc.errors import YEARS, GhgcalcError, ProblemCollector, quoted

LABEL_RULES = ("end", "start")
# fiscal year (a US 10-K's "fiscal 2024", "fiscal year 2024"), Geschäftsjahr (German reports: "GJ 2022/23")
_FY = r"(?:FY|GJ|fiscal\s+year\s+|fiscal\s+)"
_PAIR = re.compile(rf"^(?:{_FY}\s*)?'?(\d{{4}}|\d{{2}})\s*[/\-–]\s*'?(\d{{4}}|\d{{2}})$", re.I)
_SINGLE = re.compile(rf"^{_FY}\s*'?(\d{{4}}|\d{{2}})$", re.I)
_PLAIN = re.compile(r"^\d{4}(?:\.0+)?$")
# A label's shape, to print every year as the company prints one: prefix, first year, separator, second year
_SHAPE = re.compile(rf"^((?:{_FY})?\s*'?)(\d{{4}}|\d{{2}})(?:(\s*[/\-–]\s*'?)(\d{{4}}|\d{{2}}))?$", re.I)
_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
FORMAT_EXAMPLES = ("FY2024", "FY2023/24", "2023-24", "FY24", "GJ 2023/24", "fiscal 2024")


class YearError(GhgcalcError, ValueError):
    """A text that is not a year or a fiscal-year label; the message says what is accepted."""


def _full(digits: str) -> int:
    """'21' -> 2021 (a two-digit year is in this century), '2021' -> 2021."""
    return 2000 + int(digits) if len(digits) == 2 else int(digits)


@dataclass(frozen=True)
class FiscalYears:
    """How a company labels its years: the day its fiscal year ends ("MM-DD", None for calendar
    years) and whether a one-year label ("FY2023") names the year it ends or the year it starts."""

    year_end: str | None = None
    label: str = "end"
    style: str = ""  # one label as the company prints it ("FY2024", "2023-24"): every year is printed so

    def __post_init__(self):
        if self.style:
            check_style(self.style, self)

    @property
    def calendar(self) -> bool:
        return self.year_end is None or self.year_end.strip() == "12-31"

    @property
    def by_start(self) -> bool:
        """Whether "FY2023" starts in 2023 (and so counts as 2024)."""
        return self.label == "start" and not self.calendar

    def parse(self, text: object, days: bool = False) -> tuple[str, int]:
        """(the label as written, the calendar year the period ends in); YearError if it is neither. With ``days``
        (an activity row's year), a day written "2024-09-29" is the fiscal year it falls in; elsewhere a day is no
        year (an FX table's dated rate is a rate of that day, not of its year). A spreadsheet's date cell is no
        day here: Excel turns 2023 typed in a date-formatted cell into 15 July 1905."""
        if isinstance(text, bool):
            raise YearError(f"{quoted(text)} is not a year")
        if isinstance(text, int):
            return str(text), _checked(text, str(text))
        if isinstance(text, float) and text.is_integer():
            return str(int(text)), _checked(int(text), str(int(text)))
        label = str(text).strip()
        if _PLAIN.match(label):
            return label.split(".")[0], _checked(int(float(label)), repr(label))
        pair = _PAIR.match(label)
        if pair:
            start = _full(pair.group(1))
            second = pair.group(2)
            end = start // 100 * 100 + int(second) if len(second) == 2 else int(second)
            if end != start + 1:
                raise YearError(f"{quoted(label)} is not a fiscal year: the second year must follow the first "
                                f"(FY{start}/{str(start + 1)[-2:]})")
            return label, _checked(end, repr(label))
        single = _SINGLE.match(label)
        if single:
            year = _full(single.group(1))
            return label, _checked(year + 1 if self.by_start else year, repr(label))
        day = _DAY.match(label) if days else None
        if day:
            try:
                when = date(*(int(part) for part in day.groups()))
            except ValueError:
                raise YearError(f"{quoted(label)} is not a day (YYYY-MM-DD)") from None
            return label, _checked(year_end_of(self.year_end).year_of(when), repr(label))
        raise YearError(f"{quoted(label[:40])} is not a year: write 2024" + (", " if days else " or ")
                        + "a fiscal year as printed (FY2024, FY2023/24, 2023/24, FY'24, fiscal 2024)"
                        + (" or a day (2024-09-28)" if days else ""))

    def year(self, text: object) -> int:
        """The calendar year the period ends in."""
        return self.parse(text)[1]

    def label_of(self, year: int) -> str:
        """The company's own label for the year ending in ``year``: "2024" for calendar years, "FY2023"
        when years are labelled by their start, "FY2023/24" (both years, unambiguous) when by their end.

        The one place a year is written for people: every output (tables, sentences, headings, workbooks,
        charts, the ``*_label`` keys of JSON documents) calls it, so no other code formats "FY"."""
        year = int(year)
        if self.calendar:
            return str(year)
        if self.style:
            return _render(self.style, year, self.named_year(year))
        return f"FY{year - 1}" if self.by_start else f"FY{year - 1}/{year % 100:02d}"

    def label_in(self, text: str, year: int) -> str:
        """A sentence ghgcalc wrote about the year ending in ``year`` (a line's fallback, "no residual mix for
        region CZ in 2025"; a refused row's message) written again from its template with that year as the
        company's label (:mod:`ghgcalc.core.year_sentences`); every other number, such as the year of the factor
        used instead ("latest_earlier_year: 2025 -> 2023"), a figure or a file name, as it is. The inventory
        computes in calendar years and keeps its sentences so (JSON too): the label is for people."""
        if self.calendar or not text or not _is_year(year):
            return text
        return label_sentence(str(text), int(year), self.label_of(year))

    def named_year(self, year: int) -> int:
        """The year a one-year label names: 2023 for "FY2023" (the year ending in 2024) when years are labelled by
        their start, else the year itself; a table of every fifth year shows FY2030, FY2035 as the company counts."""
        return int(year) - 1 if self.by_start else int(year)

    def labels(self, values) -> list:
        """Each value of a year column as the company's label; a value that is no year (blank, a total) as it is."""
        return [self.label_of(v) if _is_year(v) else v for v in values]

    def label_columns(self, frame, columns=("year",)):
        """A table for people with its year columns as the company's labels; as it is under calendar years
        (whose label is the year), so calendar-year outputs do not change."""
        present = [c for c in columns if c in getattr(frame, "columns", ())]
        if self.calendar or not present:
            return frame
        frame = frame.copy()
        for column in present:
            frame[column] = self.labels(frame[column])
        return frame

    def with_label_columns(self, frame, columns=("year",)):
        """A table for files (CSV, workbooks) with ``<column>_label`` beside each year column, the calendar year
        kept: additive, as ``add_labels`` is for JSON, and only when the company's labels are not calendar years
        (a value that is no year, such as an audit count's blank year, gets a blank label)."""
        present = [c for c in columns if c in getattr(frame, "columns", ())]
        if self.calendar or not present:
            return frame
        frame = frame.copy()
        for column in present:
            labels = [label if _is_year(value) else "" for value, label in zip(frame[column], self.labels(frame[column]))]
            frame.insert(frame.columns.get_loc(column) + 1, f"{column}_label", labels)
        return frame

    def add_labels(self, record: dict, keys=("year",)) -> dict:
        """A JSON record with ``<key>_label`` beside each year key (the calendar year stays): additive, and
        only when the company's labels are not calendar years."""
        if not self.calendar:
            for key in keys:
                if _is_year(record.get(key)):
                    record[f"{key}_label"] = self.label_of(record[key])
        return record


def _digits(year: int, width: int) -> str:
    return f"{year % 100:02d}" if width == 2 else str(year)


def _render(style: str, year: int, named: int) -> str:
    """``year`` (the calendar year the period ends in) written in the shape of ``style``: a label naming both
    years takes the start and end years, a one-year label the year the company's rule names."""
    prefix, first, separator, second = _SHAPE.match(style.strip()).groups()
    if separator is None:
        return f"{prefix}{_digits(year if _PLAIN.match(style.strip()) else named, len(first))}"
    return f"{prefix}{_digits(year - 1, len(first))}{separator}{_digits(year, len(second))}"


def check_style(style: str, years: FiscalYears) -> None:
    """YearError unless ``style`` is one fiscal-year label as printed ("FY2024", "FY2023/24", "2023-24", "FY24",
    "GJ 2023/24") that reads back as itself: the shape every year is then printed in."""
    text = str(style).strip()
    shown = ", ".join(f'"{e}"' for e in FORMAT_EXAMPLES)
    if not _SHAPE.match(text):
        raise YearError(f"{quoted(text[:40])} is not a fiscal-year label to print years like: write one year's label as "
                        f"your reports print it ({shown})")
    year = FiscalYears(years.year_end, years.label).year(text)
    if _render(text, year, years.named_year(year)) != text:
        raise YearError(f"{quoted(text)} is not a fiscal-year label to print years like ({shown})")


def shape_of(label: str) -> tuple | None:
    """The shape of a fiscal-year label (prefix, widths, separator), None for a plain year or no label:
    labels of one shape are printed alike."""
    match = _SHAPE.match(str(label).strip())
    if not match or _PLAIN.match(str(label).strip()) or (not match.group(1) and match.group(3) is None):
        return None
    prefix, first, separator, second = match.groups()
    return prefix, len(first), separator, len(second) if second else None


def common_style(labels, years: FiscalYears) -> str:
    """The style a workspace's own labels share ("" when they are none, plain years, or of several shapes;
    also "" when it is the shape the default prints, so that nothing changes)."""
    found = {}
    for label in labels:
        shape = shape_of(label)
        if shape is not None:
            found.setdefault(shape, str(label).strip())
    if len(found) != 1 or years.calendar:
        return ""
    style = next(iter(found.values()))
    try:
        check_style(style, years)
    except YearError:
        return ""
    default = FiscalYears(years.year_end, years.label)
    return "" if shape_of(default.label_of(2024)) == shape_of(style) else style


def _is_year(value) -> bool:
    """A whole number that can be a year (numpy integers and 2024.0 included); not bool, blank or text."""
    try:
        return not isinstance(value, (bool, str)) and float(value).is_integer() and YEARS[0] <= float(value) <= YEARS[1]
    except (TypeError, ValueError):
        return False


def _checked(year: int, shown: str) -> int:
    if not YEARS[0] <= year <= YEARS[1]:
        raise YearError(f"{shown} is not a year between {YEARS[0]} and {YEARS[1]}")
    return year


CALENDAR = FiscalYears()


def parse_year(text: object, years: FiscalYears | None = None) -> tuple[str, int]:
    """(label, calendar year) of a year or fiscal-year label under ``years`` (calendar years by default)."""
    return (years or CALENDAR).parse(text)


def year_cell(collector: ProblemCollector, row: int, text: object, years: FiscalYears | None = None,
              column: str = "year") -> tuple[str, int] | None:
    """A table cell holding a year or a fiscal-year label: (label, calendar year), or None with the problem recorded."""
    try:
        return parse_year(text, years)
    except YearError as exc:
        collector.add(row, column, text, str(exc))
        return None


def relabel_years(values, years: FiscalYears | None = None, days: bool = False) -> list:
    """Each cell of a year column as its calendar year when it is a year or a fiscal-year label (or, with
    ``days``, a day); other cells as they are, for the table's own check to report. Each distinct cell is
    parsed once."""
    years = years or CALENDAR
    seen: dict = {}
    out = []
    for value in values:
        key = (type(value), value)
        if key not in seen:
            try:
                seen[key] = years.parse(value, days)[1]
            except (YearError, TypeError):
                seen[key] = value
        out.append(seen[key])
    return out
