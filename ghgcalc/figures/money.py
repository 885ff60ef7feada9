"""Money across currencies, only through a dated exchange-rate table the user supplies.

Currencies are separate dimensions in the unit registry (:mod:`ghgcalc.core.units`): RMB
never silently becomes USD, because the rate depends on the year and on whose rate it
is (an annual average, a year-end spot rate). An intensity per USD million of a
report kept in RMB therefore needs a row of the FX table for that year, and its absence
is an error that says which row to add.

FX table: CSV with columns ``date_or_year,from,to,rate,source``; one ``from`` is worth
``rate`` of ``to``. ``2023,USD,RMB,7.0809,<source>`` is an annual (average) rate for
2023; ``2024-12-31,USD,RMB,7.1884,<source>`` a rate for that date only. A rate given
in one direction serves the other as its reciprocal, and two rates against one currency give the
cross rate between the other two (:mod:`ghgcalc.inventory.exchange`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Mapping

from ghgcalc.core.pint_import import pint

from ghgcalc.core.number_format import number_mark, read_number_columns
from ghgcalc.core.textfile import read_csv_table
from ghgcalc.core import units
from ghgcalc.errors import CurrencyError, ProblemCollector, UnitError, did_you_mean, quoted
from ghgcalc.core.intervals import Interval
from ghgcalc.core.years import CALENDAR, FiscalYears, YearError, parse_year
from ghgcalc.inventory.exchange import Conversion, ExchangeRate, find_rate
from ghgcalc.figures.fiscal import period_of

FX_COLUMNS = ("date_or_year", "from", "to", "rate", "source")


@dataclass(frozen=True)
class FxTable:
    """The exchange rates of one file, looked up by currency pair and period."""

    name: str
    rates: tuple[ExchangeRate, ...]
    years: FiscalYears | None = None  # how the table's years are labelled, to name a missing row as it is written
    prefer: str | None = None  # the reporting currency: a cross rate goes through it where it can

    def rate(self, base: str, quote: str, period: int | str | date) -> tuple[float, Conversion]:
        """How much ``quote`` one ``base`` is worth in ``period``, and the rows it comes from: a row, its reciprocal,
        or a cross rate through a currency both are quoted against (:func:`ghgcalc.inventory.exchange.find_rate`,
        the rule spend-based rows use too).

        A year asks for annual rates, a date for that date's rates; neither stands in for the other. Raises
        CurrencyError naming the missing row, or the two rows a cross rate would mix.
        """
        wanted = _period_text(period)
        found = find_rate(self.rates, base, quote, wanted, prefer=self.prefer, labels=self.years or CALENDAR,
                          table=self.name)
        if found is not None:
            return found.value, found
        have = sorted({fx.period for fx in self.rates if {fx.base, fx.quote} == {base, quote}})
        given = (f"{self.name} has {base}/{quote} rates for {', '.join(self._label(p) for p in have)}" if have
                 else f"{self.name} has no {base}/{quote} rate")
        raise CurrencyError(f"converting {base} to {quote} needs an exchange rate for {self._label(wanted, True)}: "
                            f"{given}; add a row '{self._label(wanted)},{base},{quote},<rate>,<source>'")

    def _label(self, period: str, say_year: bool = False) -> str:
        """A period as the table's date_or_year column takes it: a date as it is, a year as the company labels it
        ('FY2023' for the fiscal year ending in 2023, which the column reads back as that year); with
        ``say_year``, a fiscal-year label says which days it is ('FY2023 (1 July 2022 to 30 June 2023)')."""
        if not period.isdigit() or self.years is None or self.years.calendar:
            return period
        label = self.years.label_of(int(period))
        if not say_year:
            return label
        start, end = period_of(int(period), self.years.year_end)
        return f"{label} ({start.day} {start:%B %Y} to {end.day} {end:%B %Y})"


def _period_text(period: int | str | date) -> str:
    if isinstance(period, date):
        return period.isoformat()
    return str(period).strip()


def currency_cell(collector: ProblemCollector, row: int, column: str, text: str) -> str:
    """A cell that names a currency by its code, as the registry names it ('CNY' -> 'RMB'); recorded as a problem
    when it names none."""
    code = currency_code(text)
    if code is None:
        collector.add(row, column, text.strip(), f"{quoted(text.strip())} is not a currency"
                                                 f"{did_you_mean(text.strip(), known_currencies())}")
        return text.strip()
    return code


def positive_cell(collector: ProblemCollector, row: int, column: str, text: str, read: float | None = None) -> float:
    """A cell holding a positive number (a rate, an index) from 1e-100 to 1e100; NaN, and a problem, otherwise.
    ``read`` is the cell as its table's number format reads it ("7,1217" under a decimal comma), if it did.

    Why bounds: a rate is multiplied and divided by; 1e-320 is positive, but one over it is infinite.
    """
    try:
        value = float(text) if read is None else read
    except ValueError:
        collector.add(row, column, text, f"{quoted(text)} is not a number")
        return float("nan")
    if not 0 < value < float("inf"):
        collector.add(row, column, text, f"{quoted(text)} is not a positive number")
        return float("nan")
    if not RATE_BOUNDS[0] <= value <= RATE_BOUNDS[1]:
        collector.add(row, column, text, f"{quoted(text)} is not a rate or an index ghgcalc can compute with "
                                         f"(from {RATE_BOUNDS[0]:g} to {RATE_BOUNDS[1]:g})")
        return float("nan")
    return value


RATE_BOUNDS = (1e-100, 1e100)


def load_fx(path: str | Path, encoding: str | None = None, years: FiscalYears | None = None,
            decimal: Mapping[str, str] | None = None, currency: str | None = None, read=read_csv_table) -> FxTable:
    """An FX table, every row validated before any is used (InputError lists them all).

    A year may be a fiscal year as the company labels it (``years``): "FY2023/24" is the annual
    rate of the fiscal year counted as 2024. Rates are read in the table's number format
    (``decimal``: [data] decimal by file name or for all tables; else the one its cells show). ``currency``:
    the workspace's reporting currency, the one a cross rate goes through where it can. ``read``: the reader of
    the table (an opened workspace's reads each file once for every part that asks)."""
    path = Path(path)
    collector = ProblemCollector(path.name)
    table, _ = read(path, encoding=encoding)
    collector.check_columns(table.columns, FX_COLUMNS)
    collector.raise_if_any()
    rates_read = read_number_columns(table, ["rate"], path.name, number_mark(decimal or {}, path.name))["rate"]
    rates, seen = [], {}
    for row, rec in zip(table.index, table.to_dict("records")):
        period = rec["date_or_year"].strip()
        try:
            period = str(parse_year(period, years)[1])
        except YearError:
            try:
                period = date.fromisoformat(period).isoformat()
            except ValueError:
                collector.add(row, "date_or_year", period, f"{quoted(period)} is neither a year (2023, FY2023/24) nor a date "
                                                           "(2023-12-31)")
        pair = [currency_cell(collector, row, column, rec[column]) for column in ("from", "to")]
        read = rates_read[row]
        rate = positive_cell(collector, row, "rate", rec["rate"], read if isinstance(read, float) and read == read else None)
        if not rec["source"].strip():
            collector.add(row, "source", "", "every rate needs a source (publisher, series, date)")
        key = (period, *sorted(pair))
        if key in seen:
            typed = rec["date_or_year"].strip()
            collector.add(row, "date_or_year", typed, f"{pair[0]}/{pair[1]} for {typed} is already given in row {seen[key]}")
        seen[key] = row
        rates.append(ExchangeRate(period, pair[0], pair[1], rate, f"{path.name} row {row}", rec["source"].strip(), row))
    collector.raise_if_any()
    return FxTable(path.name, tuple(rates), years, currency)


def known_currencies() -> tuple[str, ...]:
    """Currency codes the unit registry defines (each its own dimension)."""
    registry = units.get_registry()
    return tuple(sorted(d.removeprefix("[currency_").rstrip("]") for d in registry._dimensions  # noqa: SLF001
                        if d.startswith("[currency_")))


_ISO_CODE = re.compile(r"[A-Z]{3}")


def currency_code(text: str) -> str | None:
    """The registry's name of the currency whose code ``text`` is, or None: a code the registry defines ('JPY',
    'RMB'), or an ISO 4217 code it knows by another name ('CNY', the code of the renminbi, -> 'RMB').

    Why: [workspace] currency, ``init --currency`` and the FX and price tables take a currency's code, and
    every currency is compared by the registry's name; a sign or a word ('Rs', '元') is no code."""
    value = str(text).strip()
    if value in known_currencies():
        return value
    if not _ISO_CODE.fullmatch(value):
        return None
    try:
        found = currency_of(value)
    except CurrencyError:
        return None
    return found[0] if found and found[1] == 1 and units.parse_unit(value).magnitude == 1 else None


def iso_code(code: str) -> str:
    """The ISO 4217 code of a currency the registry names ``code`` ('RMB' -> 'CNY'): its symbol or alias of three
    capitals where the registry's name is not the ISO code, else the name itself."""
    definition = units.get_registry()._units.get(code)  # noqa: SLF001
    names = (getattr(definition, "defined_symbol", None) or "", *getattr(definition, "aliases", ()))
    return next((name for name in names if _ISO_CODE.fullmatch(name) and name != code), code)


def not_a_code(text: str) -> str:
    """Why ``text`` is not a currency code, with the code meant: a sign as reports print it ('Rs', '₹', '€')
    reads as its code in a unit, but [workspace] currency and ``init --currency`` take the ISO 4217 code."""
    value = str(text).strip()
    codes = known_currencies()
    try:
        meant = currency_of(value)
    except CurrencyError:  # names two currencies: no one code meant
        meant = None
    if meant and meant[1] == 1 and meant[0] != value:
        return f"{value!r} is not an ISO 4217 code; did you mean {iso_code(meant[0])!r}?"
    hint = did_you_mean(value.upper(), codes) or "; use an ISO 4217 code such as EUR, JPY or USD"
    return f"{quoted(value)} is not a currency code ghgcalc knows{hint}"


def currency_of(unit: str) -> tuple[str, int] | None:
    """The currency in a unit and its power ("t CO2e / (million RMB)" -> ("RMB", -1)), or None."""
    try:
        quantity = units.parse_unit(unit)
    except UnitError:
        return None
    found = units.currencies_in(quantity)
    if len(found) > 1:
        raise CurrencyError(f"{quoted(unit)} mixes currencies ({', '.join(c for c, _ in found)}); convert one of them first")
    return found[0] if found else None


def money_factor(unit: str, to_unit: str, period: int | str | date | None = None, fx: FxTable | None = None) -> float:
    """The number that turns a magnitude in ``unit`` into one in ``to_unit``.

    Works for money ("million RMB" -> "USD million") and for anything per money
    ("t CO2e / (million RMB)" -> "t CO2e / (USD million)"); scales such as 万 (1e4)
    convert through the registry, currencies only through ``fx`` for ``period``.
    """
    source, target = currency_of(unit), currency_of(to_unit)
    if source is None or target is None or source[0] == target[0]:
        return units.conversion_factor(unit, to_unit)
    if source[1] != target[1]:
        raise UnitError(f"{quoted(unit)} and {quoted(to_unit)} hold money to different powers")
    if fx is None:
        raise CurrencyError(f"converting {source[0]} to {target[0]} needs an exchange-rate table "
                            f"(columns {','.join(FX_COLUMNS)}); name it with [data] fx in ghgcalc.toml or --fx")
    if period is None:
        raise CurrencyError(f"converting {source[0]} to {target[0]} needs the year or date of the amount")
    rate, _ = fx.rate(source[0], target[0], period)
    registry = units.get_registry()
    converted = units.parse_unit(unit) * registry.Quantity(rate, f"{target[0]} / {source[0]}") ** source[1]
    try:  # both units parsed above (currency_of), so only their dimensions can disagree
        return float((converted / units.parse_unit(to_unit)).to("").magnitude)
    except pint.DimensionalityError:
        raise UnitError(f"{quoted(unit)} cannot be converted to {quoted(to_unit)}") from None


def convert_money(amount: Interval | float, unit: str, to_unit: str, period=None, fx: FxTable | None = None) -> Interval:
    """``amount`` (an interval or a number) in ``unit``, expressed in ``to_unit``."""
    amount = amount if isinstance(amount, Interval) else Interval.exact(float(amount))
    return amount * money_factor(unit, to_unit, period, fx)


def with_currency(unit: str, code: str) -> str:
    """``unit`` with its money in ``code`` at the same scale: "t CO2e / (million RMB)" -> "t CO2e / (million USD)",
    "t CO2e / 億円" -> "t CO2e / (100 million USD)", "Rs crore" -> "10 million USD".

    Why the registry and not the text: a money unit as reports print it often names no code (億円, 亿元,
    "₹ crore", "€ million"), so swapping the code in the text would leave it unchanged, and a figure in
    another currency would be refused as not fitting. The money term is found, its scale read from the
    registry, and "<scale> <code>" written in its place; the scale keeps the magnitude's meaning.
    """
    found = currency_of(unit)
    if found is None or found[0] == code:
        return unit
    pieces = _OPERATORS.split(unit)
    for i, piece in enumerate(pieces):
        scale = _money_scale(piece, found[0])
        if scale is None:
            continue
        money = f"{scale_words(scale)} {code}".strip()
        enclosed = _neighbour(pieces, i, -1) == "(" and _neighbour(pieces, i, 1) == ")"
        if " " in money and len(pieces) > 1 and not enclosed:
            money = f"({money})"
        lead, trail = piece[:len(piece) - len(piece.lstrip())], piece[len(piece.rstrip()):]
        return "".join(pieces[:i]) + lead + money + trail + "".join(pieces[i + 1:])
    return re.sub(rf"\b{re.escape(found[0])}\b", code, unit)  # money mixed with another unit in one term


_OPERATORS = re.compile(r"(\*\*|[/*()])")
SCALE_WORDS = ((1e9, "billion"), (1e6, "million"), (1e3, "thousand"))  # as the registry defines them


def _money_scale(term: str, code: str) -> float | None:
    """How many ``code`` one ``term`` is ("億円" -> 1e8, "Rs crore" -> 1e7), or None if it is not money alone."""
    if not term.strip():
        return None
    try:
        quantity = units.parse_unit(term.strip())
        if units.currencies_in(quantity) != ((code, 1),):
            return None
        return float(quantity.to(code).magnitude)
    except (UnitError, pint.DimensionalityError):
        return None


def _neighbour(pieces: list[str], i: int, step: int) -> str:
    """The nearest operator on one side of ``pieces[i]`` ('' where there is none)."""
    i += step
    while 0 <= i < len(pieces) and not pieces[i].strip():
        i += step
    return pieces[i].strip() if 0 <= i < len(pieces) else ""


def scale_words(scale: float) -> str:
    """A money scale in words: 1e6 -> "million", 1e8 -> "100 million", 1 -> "" (plain figures otherwise)."""
    if scale == 1:
        return ""
    for size, word in SCALE_WORDS:
        times = scale / size
        if times >= 1 and abs(times - round(times)) < 1e-9 * times:
            return word if round(times) == 1 else f"{round(times)} {word}"
    return f"{scale:g}"
