"""Exchange rates as a table of rates states them: a row, its reciprocal, or a cross rate of two rows.

A company's FX table usually lists rates against one currency (a central bank's: every currency
per euro, or per US dollar), so a yen amount that must become euros has no JPY/EUR row, but has
USD/JPY and USD/EUR for the same period. The cross rate through the currency both are quoted
against is what the table itself says (1 JPY = 1/140 USD = 0.925/140 EUR); it is built here, once,
for every reader of money: intensities and printed figures (:class:`ghgcalc.figures.money.FxTable`)
and spend-based Scope 3 rows (:class:`ghgcalc.inventory.spend.SpendRates`).

Rules, in order:
- a row for the pair and the period is used as it is, or as its reciprocal;
- otherwise a cross rate through a currency both are quoted against in that period: the workspace's
  reporting currency when it is one of them, else the only such currency; where several are and the
  reporting currency is none of them, the row to add is asked for (their cross rates differ, and which
  to take is not ghgcalc's choice);
- the two rows of a cross rate are of one convention, the one the table declares row by row: a year is
  an annual (average) rate, a date that date's rate. A year's annual rate is never crossed with a
  date's rate (a year-end spot rate and an average of the year are different numbers), nor the reverse:
  such a pair is refused naming both rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Sequence

from ghgcalc.core.years import CALENDAR, FiscalYears
from ghgcalc.errors import CurrencyError


@dataclass(frozen=True)
class ExchangeRate:
    """One ``base`` is worth ``rate`` of ``quote`` in ``period`` (a year "2024", or a date).

    The one type of an exchange rate: the FX table (:func:`ghgcalc.figures.money.load_fx`) reads its rows
    as these, and intensities and spend-based rows use them as read."""

    period: str
    base: str
    quote: str
    rate: float
    cited: str  # where it comes from, e.g. "fx.csv row 5"
    source: str = ""  # the table's source column: publisher, series, date
    row: int = 0  # its row in the table (0: not from a table)

    def said(self, labels: FiscalYears = CALENDAR) -> str:
        """The row in words, its year as the company labels it: 'fx.csv row 3 (2023: 1 USD = 140 JPY; Bank of Japan)'."""
        source = f"; {self.source}" if self.source else ""
        return f"{self.cited} ({_shown(self.period, labels)}: 1 {self.base} = {self.rate:g} {self.quote}{source})"


@dataclass(frozen=True)
class Conversion:
    """How one ``base`` became ``value`` of ``quote`` in ``period``: the table rows used, in order from ``base``
    (one, or two for a cross rate ``through`` a third currency)."""

    base: str
    quote: str
    period: str
    value: float
    legs: tuple[ExchangeRate, ...]
    through: str = ""
    labels: FiscalYears = CALENDAR  # how the company labels its years, for the lineage

    @property
    def rate(self) -> float:
        """The rate, as the one row FxTable.rate returned before cross rates had it (``value``)."""
        return self.value

    @property
    def cited(self) -> str:
        """Where the rows come from: 'fx.csv row 2', or 'fx.csv row 3 and fx.csv row 2' for a cross rate."""
        return " and ".join(leg.cited for leg in self.legs)

    @property
    def row(self) -> int:
        """The row of a rate read from one row (0 for a cross rate, which has two: :attr:`legs`)."""
        return self.legs[0].row if len(self.legs) == 1 else 0

    @property
    def source(self) -> str:
        return "; ".join(leg.source for leg in self.legs if leg.source)

    @property
    def steps(self) -> str:
        """Each row as applied, with its citation: 'x 7.1217 RMB/USD (fx.csv row 3)', or for a cross rate
        '/ 140 JPY/USD (fx.csv row 3) x 0.925 EUR/USD (fx.csv row 2)'."""
        out, holding = [], self.base
        for leg in self.legs:
            forward = leg.base == holding
            out.append(f"{'x' if forward else '/'} {leg.rate:g} {leg.quote}/{leg.base} ({leg.cited})")
            holding = leg.quote if forward else leg.base
        return " ".join(out)

    @property
    def lineage(self) -> str:
        """Where the rate comes from, in one clause: 'fx.csv row 2: <source>', or for a cross rate
        'crossed through USD: fx.csv row 3 (2023: 1 USD = 140 JPY; ...) and fx.csv row 2 (...)'."""
        if not self.through:
            leg = self.legs[0]
            return f"{leg.cited}: {leg.source}" if leg.source else leg.cited
        return f"crossed through {self.through}: {self.legs[0].said(self.labels)} and {self.legs[1].said(self.labels)}"


def find_rate(rates: Sequence[ExchangeRate], base: str, quote: str, period: str, *, prefer: str | None = None,
              labels: FiscalYears = CALENDAR, table: str = "the FX table") -> Conversion | None:
    """How much ``quote`` one ``base`` is worth in ``period`` ("2023" for the annual rate, "2023-12-31" for a
    date's), from ``rates``: a row, its reciprocal, or a cross rate (module docstring); None where the table
    has none. ``prefer``: the reporting currency, the one a cross rate goes through when it can.

    Raises CurrencyError, in one line naming the rows, where the only cross rate would mix an annual rate
    with a date's, or where several currencies could carry it and none is ``prefer``."""
    if base == quote:
        return Conversion(base, quote, period, 1.0, (ExchangeRate(period, base, quote, 1.0, "same currency"),))
    same = [r for r in rates if r.period == period]
    direct = _leg(same, base, quote)
    if direct is not None:
        return Conversion(base, quote, period, _applied(direct, base), (direct,))
    hubs = {}
    for hub in _quoted_against(same, base) & _quoted_against(same, quote):
        hubs[hub] = (_leg(same, base, hub), _leg(same, hub, quote))
    if not hubs:
        _refuse_mixed(rates, base, quote, period, labels, table)
        return None
    if prefer in hubs:
        hub = prefer
    elif len(hubs) == 1:
        [hub] = hubs
    else:
        shown = _shown(period, labels)
        raise CurrencyError(f"{table} has no {base}/{quote} rate for {shown}, and {base} and {quote} are both quoted "
                            f"against {' and '.join(sorted(hubs))}, whose cross rates differ; add a row "
                            f"'{shown},{base},{quote},<rate>,<source>'")
    first, second = hubs[hub]
    return Conversion(base, quote, period, _applied(first, base) * _applied(second, hub), (first, second), hub, labels)


def _leg(rates: Sequence[ExchangeRate], base: str, quote: str) -> ExchangeRate | None:
    """The row for the pair, in either direction (rates of one period)."""
    return next((r for r in rates if (r.base, r.quote) in ((base, quote), (quote, base))), None)


def _applied(leg: ExchangeRate, holding: str) -> float:
    """What one ``holding`` is worth through ``leg``: its rate, or the reciprocal."""
    return leg.rate if leg.base == holding else 1.0 / leg.rate


def _quoted_against(rates: Sequence[ExchangeRate], currency: str) -> set[str]:
    """The currencies ``currency`` has a rate against in ``rates``."""
    return {r.quote if r.base == currency else r.base for r in rates if currency in (r.base, r.quote)}


def _refuse_mixed(rates: Sequence[ExchangeRate], base: str, quote: str, period: str, labels: FiscalYears,
                  table: str) -> None:
    """CurrencyError where a cross rate for ``period`` could be had only by taking one row of the other
    convention (an annual rate beside a date's rate of that year, or the reverse); nothing otherwise."""
    wanted_year = _year_of(period, labels)
    same = [r for r in rates if r.period == period]
    other = [r for r in rates if r.period != period and _year_of(r.period, labels) == wanted_year
             and r.period.isdigit() != period.isdigit()]
    for hub in sorted(_quoted_against(same, base) | _quoted_against(same, quote)):
        for have, lack in ((base, quote), (quote, base)):
            kept, mixed = _leg(same, have, hub), _leg(other, hub, lack)
            if kept is None or mixed is None or hub in (base, quote):
                continue
            rows = sorted((kept, mixed), key=lambda r: r.row)
            said = " and ".join(f"{r.cited} ({_convention(r.period, labels)})" for r in rows)
            shown = _shown(period, labels)
            raise CurrencyError(f"a {base}/{quote} cross rate for {shown} through {hub} would mix two conventions: "
                                f"{said}; add '{shown},{hub},{lack},<rate>,<source>' so that both rows are "
                                f"{_convention(period, labels, plural=True)}")


def _shown(period: str, labels: FiscalYears) -> str:
    """A period as the table's date_or_year column takes it: a year as the company labels it, a date as it is."""
    return labels.label_of(int(period)) if period.isdigit() else period


def _convention(period: str, labels: FiscalYears, plural: bool = False) -> str:
    if period.isdigit():
        return "annual rates" if plural else f"the annual rate of {labels.label_of(int(period))}"
    return f"rates of {period}" if plural else f"the rate of {period}"


def _year_of(period: str, labels: FiscalYears) -> int | None:
    """The (fiscal) year a period falls in: a year is itself, a date the year whose fiscal year holds it."""
    if period.isdigit():
        return int(period)
    try:
        day = date.fromisoformat(period)
    except ValueError:
        return None
    if labels.calendar:
        return day.year
    month, last = (int(part) for part in str(labels.year_end).split("-"))
    return day.year if (day.month, day.day) <= (month, last) else day.year + 1
