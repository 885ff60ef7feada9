"""Spend in any currency and year, brought to a spend-based factor's currency and price year.

A spend-based (EEIO) factor is per unit of one currency at the prices of one year: the EPA
supply-chain factors are kg CO2e per 2022 US dollar at purchaser price. The GHG Protocol
Scope 3 Technical Guidance (spend-based method) and EPA's notes on the table ask for spend to
be expressed on that basis first. Here a row's money is converted at the exchange rate of the
row's year, then adjusted for inflation from the row's year to the price year with a price
index of the factor's currency: the factors model one economy's prices (a US table, US
prices), so the index follows the factor, not the purchase.

The inventory never reads the FX or price-index files (it sits below the layer that does): the
workspace fills a :class:`SpendRates` and hands it to the engine, each rate carrying where it
comes from, which the line's ``conversion`` repeats.

A price index missing for a year other than the price year refuses the row, unless the caller
names the fallback rule ``nominal_spend``. Why refuse by default: the Technical Guidance asks
for the adjustment, and US prices rose about 7 % from 2022 to 2024 (CPI-U 292.655 -> 313.689),
more than the 5 % significance threshold most inventories use, so nominal spend is a systematic
error, not rounding. A refused row is listed with its row and the fix; a total computed on
nominal spend would look like any other. A user who accepts the error names the rule, and each
line it touches says so in its ``fallback``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from ghgcalc import columns as C
from ghgcalc.core import units
from ghgcalc.core.year_sentences import write_sentence
from ghgcalc.core.years import CALENDAR, FiscalYears
from ghgcalc.errors import ColumnError, CurrencyError
from ghgcalc.factors.library import NOMINAL_SPEND
from ghgcalc.inventory.exchange import ExchangeRate, find_rate

PRICE_INDEX_COLUMNS = ("currency", "year", "index", "source")


class SpendError(ColumnError):
    """Spend that cannot be brought to a factor's basis."""

    default_column = C.UNIT


@dataclass(frozen=True)
class PriceIndex:
    """A price level of one currency in one year (any base: only ratios are used)."""

    currency: str
    year: int
    index: float
    cited: str  # e.g. "price-index.csv row 3"


@dataclass(frozen=True)
class SpendRates:
    """Exchange rates and price indices for spend-based rows, as the workspace supplies them.

    ``fx_file`` and ``index_file`` name the tables in messages ("" when none is named).
    Frozen and hashable: the engine keeps resolved keys per set of rates.
    """

    rates: tuple[ExchangeRate, ...] = ()
    indices: tuple[PriceIndex, ...] = ()
    fx_file: str = ""
    index_file: str = ""
    labels: FiscalYears = CALENDAR  # how the company labels its years: messages name them so
    prefer: str | None = None  # the reporting currency: a cross rate goes through it where it can

    @cached_property
    def _indices(self) -> dict[tuple[str, int], PriceIndex]:
        return {(p.currency, int(p.year)): p for p in self.indices}

    def exchange(self, base: str, quote: str, year: int) -> tuple[float, str]:
        """How much ``quote`` one ``base`` is worth in ``year`` (an annual rate: a row, its reciprocal or a cross
        rate, :func:`ghgcalc.inventory.exchange.find_rate`), and the steps as text, each row cited."""
        key = (base, quote, int(year))
        if key not in self._found:
            try:
                found = find_rate(self.rates, base, quote, str(int(year)), prefer=self.prefer, labels=self.labels,
                                  table=self.fx_file or "the rates given")
            except CurrencyError as exc:
                raise SpendError(str(exc)) from None
            if found is None:
                raise SpendError(self._no_rate(base, quote, year))
            self._found[key] = (found.value, found.steps)
        return self._found[key]

    @cached_property
    def _found(self) -> dict:
        return {}

    def index(self, currency: str, year: int) -> PriceIndex | None:
        return self._indices.get((currency, int(year)))

    def _no_rate(self, base: str, quote: str, year: int) -> str:
        have = sorted({r.period for r in self.rates if {r.base, r.quote} == {base, quote}})
        have = [self.labels.label_of(int(p)) if str(p).isdigit() else p for p in have]
        has = f"it has {base}/{quote} for {', '.join(have)}" if have else f"it has no {base}/{quote} rate"
        return (f"no {base}/{quote} exchange rate for {self.labels.label_of(year)} in {self.fx_file or 'the rates given'} ({has}); "
                f"add an annual rate '{self.labels.label_of(year)},{quote},{base},<rate>,<source>'")


@dataclass(frozen=True)
class SpendBasis:
    """What turns the row's money into the factor's: a multiplier, its steps as text, any fallback."""

    multiplier: float  # factor-currency units at price-year prices per row-currency unit
    steps: str
    fallback: str


def bring_to_basis(row_currency: str, year: int, factor_currency: str, price_year: int | None, what: str,
                   rates: SpendRates | None, rules: tuple[str, ...]) -> SpendBasis:
    """The exchange and price steps from the row's money to the factor's (``what`` names the factor).

    Raises SpendError (column unit for a missing rate, year for a missing price index).
    """
    steps, fallback, multiplier = [], "", 1.0
    if row_currency != factor_currency:
        basis = f"{price_year} {factor_currency}" if price_year else factor_currency
        if rates is None or not (rates.rates or rates.fx_file):
            raise SpendError(f"spend in {row_currency} cannot use {what}, a factor per {basis}: name an exchange-rate "
                             f"table ([data] fx in ghgcalc.toml) or convert the spend to {basis} first")
        rate, step = rates.exchange(row_currency, factor_currency, year)
        multiplier *= rate
        steps.append(step)
    if price_year is not None and int(year) != int(price_year):
        shown = rates.labels.label_of(year) if rates else str(year)  # the row's year as the company labels it
        now = rates.index(factor_currency, year) if rates else None
        then = rates.index(factor_currency, price_year) if rates else None
        if now is not None and then is not None:
            multiplier *= then.index / now.index
            steps.append(f"x {then.index:g}/{now.index:g} ({factor_currency} price index {price_year}/{shown}: "
                         f"{then.cited}, {now.cited})")
        elif NOMINAL_SPEND in rules:
            fallback = write_sentence(NOMINAL_SPEND, year, currency=factor_currency, price_year=price_year,
                                      price_currency=factor_currency)
        else:
            missing = [str(y) for y, found in ((shown, now), (price_year, then)) if found is None]
            table = rates.index_file if rates and rates.index_file else ""
            where = (f"{table} has no {factor_currency} index for {' or '.join(missing)}" if table
                     else "no price-index table is named ([data] price_index in ghgcalc.toml)")
            raise SpendError(f"{shown} spend must be brought to {price_year} prices for {what}: {where}; add rows "
                             f"'{factor_currency},<year>,<index>,<source>' or allow the fallback {NOMINAL_SPEND}", C.YEAR)
    return SpendBasis(multiplier, " ".join(steps), fallback)


def currency_of(quantity) -> str | None:
    """The currency of an amount of money ("million RMB" -> "RMB"); None for anything else ("USD / t")."""
    found = units.currencies_in(quantity)
    if len(found) != 1 or found[0][1] != 1:
        return None
    code = found[0][0]
    return code if quantity.dimensionality == units.parse_unit(code).dimensionality else None
