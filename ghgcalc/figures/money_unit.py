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
                       years: FiscalYears | None = None, *, read=read_csv_table) -> str | None:
    """The unit the reported tables print revenue in, as typed ("億円"); None when they print none.

    Where they print money in several units (a sustainability report in A$M, an annual report in A$ thousand),
    one rule chooses, whatever the order of the files: first the unit the tables' figures per revenue are
    printed per (an intensity "t CO2e / A$M" is read beside the report that prints it), then the unit of the
    latest year's revenue, then the unit revenue is printed in most often, then the larger (millions before
    thousands). A unit that is not an amount of money in the workspace's ``currency`` is passed over: reading
    the table names its problem (a revenue in another currency converts only through the FX table, so it
    cannot be the company's unit). [workspace] money_unit, where declared, is used before any of this.
    """
    seen: dict[float, list] = {}  # scale -> [per-revenue figures, latest revenue year, revenue figures, text]
    for path in paths:
        try:
            table, _ = read(path, encoding=encoding)
        except InputError:
            continue  # the table's own reading reports it
        if not {"metric", "year", "unit"} <= set(table.columns):
            continue
        for metric, year, unit in zip(table["metric"], table["year"], table["unit"]):
            revenue = metric.strip() == REVENUE
            if not revenue and currency is None:
                continue  # a figure per money of any currency says nothing of a company that names none
            money = unit.strip() if revenue else _per_money(unit)
            money = _as_money(money, currency) if money else None
            if money is None:
                continue
            scale, text = money
            entry = seen.setdefault(scale, [0, 0, 0, text])
            if not revenue:
                entry[0] += 1
                continue
            try:
                entry[1] = max(entry[1], parse_year(year, years)[1])
            except YearError:
                continue
            if entry[2] == 0:
                entry[3] = text  # a revenue's own spelling names the unit
            entry[2] += 1
    chosen = [(entry[0], entry[1], entry[2], scale, entry[3]) for scale, entry in seen.items() if entry[2]]
    return max(chosen)[4] if chosen else None


def read_money_unit(text: str, currency: str | None = None) -> str | None:
    """A money unit a workspace declares ([workspace] money_unit: "A$M" -> "AUD million"), or None when it is
    not an amount of money (in ``currency``, when given)."""
    found = _as_money(str(text).strip(), currency)
    return found[1] if found else None


def _per_money(unit: str) -> str | None:
    """The money a figure is printed per ("A$M" in "t CO2e / A$M"), or None for a figure that is not per money."""
    head, slash, tail = unit.partition("/")
    tail = tail.strip()
    if not slash or not head.strip() or "/" in tail:
        return None
    return tail[1:-1].strip() if tail.startswith("(") and tail.endswith(")") else tail


def _as_money(unit: str, currency: str | None) -> tuple[float, str] | None:
    """(how many of the currency one ``unit`` is, the unit as the registry reads it) for an amount of money in
    ``currency`` ("A$M" -> (1e6, "AUD million")); None for anything else."""
    try:  # "M$" in a dollar's workspace is "million CAD"; a "$" that names none is the table's problem
        unit = with_dollar(unit, currency) if "$" in unit or "dollar" in unit.lower() else unit
    except ValueError:
        return None
    if not _is_money(unit.strip(), currency):
        return None
    code = currency_of(unit.strip())[0]
    try:
        return float(units.parse_unit(unit.strip()).to(code).magnitude), unit.strip()
    except Exception:  # noqa: BLE001 - a unit the registry cannot scale is not the company's money unit
        return None


def _is_money(unit: str, currency: str | None) -> bool:
    try:
        money = currency_of(unit)
        units.parse_unit(unit)
    except (CurrencyError, UnitError):
        return False
    return money is not None and money[1] == 1 and (currency is None or money[0] == currency)
