"""Price indices, and the rates a spend-based Scope 3 row needs, from a workspace's tables.

A spend-based factor is per unit of money at one year's prices (EPA supply-chain factors:
per 2022 USD), so spend of another year is adjusted for inflation with a price index of the
factor's currency (GHG Protocol Scope 3 Technical Guidance, spend-based method). The index
table is the user's: which index fits (a consumer price index, a GDP deflator, the
commodity-specific producer price indices EPA recommends) is a choice the table records.

Price-index table: CSV with columns ``currency,year,index,source``, one row per currency and
year; ``USD,2022,292.655,<source>``. Only ratios of one currency's indices are used, so any
base year serves.
"""

from __future__ import annotations

from pathlib import Path
from typing import Mapping

from ghgcalc.core.number_format import number_mark, read_number_columns
from ghgcalc.core.textfile import read_csv_table
from ghgcalc.core.years import CALENDAR, FiscalYears, year_cell
from ghgcalc.errors import ProblemCollector
from ghgcalc.figures.money import FxTable, currency_cell, positive_cell
from ghgcalc.inventory.spend import PRICE_INDEX_COLUMNS, PriceIndex, SpendRates


def load_price_index(path: str | Path, encoding: str | None = None, years: FiscalYears | None = None,
                     decimal: Mapping[str, str] | None = None, read=read_csv_table) -> tuple[PriceIndex, ...]:
    """A price-index table, every row validated before any is used (InputError lists them all). Indices are
    read in the table's number format (``decimal``: [data] decimal by file name or for all tables); ``read``: the
    reader of the table (an opened workspace's reads each file once for every part that asks)."""
    path = Path(path)
    collector = ProblemCollector(path.name)
    table, _ = read(path, encoding=encoding)  # encodings detected, one-line errors, spreadsheet row numbers
    collector.check_columns(table.columns, PRICE_INDEX_COLUMNS)
    collector.raise_if_any()
    read = read_number_columns(table, ["index"], path.name, number_mark(decimal or {}, path.name))["index"]
    found, seen = [], {}
    for row, rec in zip(table.index, table.to_dict("records")):
        code = currency_cell(collector, row, "currency", rec["currency"])
        found_year = year_cell(collector, row, rec["year"].strip(), years)
        year = found_year[1] if found_year else None
        value = read[row]
        index = positive_cell(collector, row, "index", rec["index"], value if isinstance(value, float) and value == value else None)
        if not rec["source"].strip():
            collector.add(row, "source", "", "every index needs a source (publisher, series, base)")
        if (code, year) in seen:
            collector.add(row, "year", rec["year"], f"{code} for {rec['year'].strip()} is already given in row "
                                                    f"{seen[(code, year)]}")
        seen[(code, year)] = row
        found.append(PriceIndex(code, year or 0, index, f"{path.name} row {row}"))
    collector.raise_if_any()
    return tuple(found)


def spend_rates(fx: FxTable | None, indices: tuple[PriceIndex, ...] = (), index_file: str = "",
                labels: FiscalYears | None = None) -> SpendRates:
    """The exchange rates (each cited by its FX table row) and price indices, as the engine takes them; ``labels``:
    how the company labels its years, for messages."""
    return SpendRates(fx.rates if fx else (), tuple(indices), fx.name if fx else "", index_file,
                      labels if labels is not None else CALENDAR, fx.prefer if fx else None)
