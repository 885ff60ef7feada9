"""A company's money unit: the unit its reports print revenue in (億円, 百万円, EUR million, crore INR).

Why: a per-revenue intensity is read beside the report that prints it. A yen maker prints
revenue in 億円 and its intensity per 億円; labelled per million yen, the same figure reads
100 times smaller than the page. So the shipped money metrics (revenue and every intensity
per revenue) are kept in the unit the company prints its revenue in, read from its own
reported tables; a workspace whose tables print no revenue keeps millions of its currency.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from ghgcalc.core import units
from ghgcalc.core.money_words import with_dollar
from ghgcalc.core.textfile import read_csv_table
from ghgcalc.core.years import FiscalYears, YearError, parse_year
from ghgcalc.errors import CurrencyError, InputError, UnitError
from ghgcalc.figures.money import currency_of

SHIPPED_CURRENCY = "RMB"  # the currency data/metrics.csv is written in, and a workspace's without one
SHIPPED_MONEY = f"million {SHIPPED_CURRENCY}"  # the money unit data/metrics.csv is written in
REVENUE = "revenue"


def default_money(currency: str | None) -> str:
    """Millions of ``currency``, as most reports print revenue ("million JPY"); the shipped unit without one."""
    return f"million {currency}" if currency else SHIPPED_MONEY


def in_money(text: str, money: str, shipped: str = SHIPPED_MONEY) -> str:
    """A shipped unit (or label) with its money, ``shipped``, in ``money``: "t CO2e / (million RMB)" ->
    "t CO2e / 億円" or "t CO2e / (EUR million)"; parentheses only where the money unit has more than one word."""
    money = money.strip()
    per = money if " " not in money else f"({money})"
    return text.replace(f"({shipped})", per).replace(shipped, money)


def printed_money_unit(paths: Iterable[str | Path], currency: str | None = None, encoding: str | None = None,
                       years: FiscalYears | None = None) -> str | None:
    """The unit the reported tables print revenue in, as typed ("億円"); None when they print none.

    Where revenue is printed in several units, the latest year's (in its newest file) is the
    company's unit now. A unit that is not an amount of money in the workspace's ``currency``
    is passed over: reading the table names its problem (a revenue in another currency converts
    only through the FX table, so it cannot be the company's unit).
    """
    found: list[tuple[int, int, str]] = []
    for order, path in enumerate(paths):
        try:
            table, _ = read_csv_table(path, encoding=encoding)
        except InputError:
            continue  # the table's own reading reports it
        if not {"metric", "year", "unit"} <= set(table.columns):
            continue
        for metric, year, unit in zip(table["metric"], table["year"], table["unit"]):
            if metric.strip() != REVENUE:
                continue
            try:  # "M$" in a dollar's workspace is "million CAD"; a "$" that names none is the table's problem
                unit = with_dollar(unit.strip(), currency) if "$" in unit or "dollar" in unit.lower() else unit
            except ValueError:
                continue
            if not _is_money(unit.strip(), currency):
                continue
            try:
                found.append((parse_year(year, years)[1], order, unit.strip()))
            except YearError:
                continue
    return max(found)[2] if found else None


def _is_money(unit: str, currency: str | None) -> bool:
    try:
        money = currency_of(unit)
        units.parse_unit(unit)
    except (CurrencyError, UnitError):
        return False
    return money is not None and money[1] == 1 and (currency is None or money[0] == currency)
