"""Removals and credits a workspace records by year: read, validated, and summed for one year.

Why apart from the actuals: they are never subtracted from emissions (progress shows them beside the
reductions), so they are a file and a sum of their own, not a figure of the table of figures.
"""

from __future__ import annotations

from pathlib import Path
from typing import Mapping

import pandas as pd

from ghgcalc.core import units
from ghgcalc.core.intervals import parse_printed, readings
from ghgcalc.core.number_format import declare_hint, number_mark
from ghgcalc.core.textfile import Declared, read_csv_table
from ghgcalc.core.years import FiscalYears, year_cell
from ghgcalc.errors import ProblemCollector, did_you_mean, quoted
from ghgcalc.targets.pathway import Figure

NEUTRALISATION_COLUMNS = ("year", "type", "quantity", "unit")
NEUTRALISATION_TYPES = ("removal", "credit")


def read_neutralisation(path: str | Path, years: FiscalYears | None = None, decimal: Mapping[str, str] | None = None,
                        encoding: Declared = None) -> pd.DataFrame:
    """Removals and credits the user records by year and type, in t CO2e (with printed-precision bounds).

    Columns: year, type (removal or credit), quantity (as printed), unit (a mass of CO2e),
    and optionally source and note. They are never subtracted from emissions: progress
    shows them beside the reductions. Quantities are read in the workspace's number format (``decimal``).
    """
    path = Path(path)
    frame, _ = read_csv_table(path, encoding=encoding)
    mark = number_mark(decimal or {}, path.name)
    collector = ProblemCollector(path.name)
    collector.check_columns(frame.columns, NEUTRALISATION_COLUMNS)
    collector.raise_if_any()
    records = []
    for row, rec in zip(frame.index, frame.to_dict("records")):
        found_year = year_cell(collector, row, rec["year"], years)
        year = found_year[1] if found_year else None
        ok = year is not None
        kind = rec["type"].strip()
        if kind not in NEUTRALISATION_TYPES:
            collector.add(row, "type", kind, f"{quoted(kind)} is not a type{did_you_mean(kind, NEUTRALISATION_TYPES)}; "
                                             f"types are removal (carbon removed from the air) and credit "
                                             f"(avoidance or reduction credits)")
            ok = False
        try:
            printed = parse_printed(rec["quantity"], mark or ".")
        except ValueError as exc:
            hint = f"; {declare_hint(path.name)}" if mark is None and set(readings(rec["quantity"])) == {","} else ""
            collector.add(row, "quantity", rec["quantity"], f"{exc}{hint}")
            ok = False
        try:
            factor = units.conversion_factor(rec["unit"], "t CO2e")
        except units.UnitError as exc:
            collector.add(row, "unit", rec["unit"], f"{exc}; neutralisation is a mass of CO2e such as 't CO2e'")
            ok = False
        if ok:
            interval = printed.interval
            records.append({"year": year, "type": kind, "value_c": printed.value * factor,
                             "low_c": interval.low * factor, "high_c": interval.high * factor,
                             "source": rec.get("source", ""), "row": row})
    collector.raise_if_any()
    return pd.DataFrame(records, columns=["year", "type", "value_c", "low_c", "high_c", "source", "row"])


def neutralised(records: pd.DataFrame | None, year: int) -> dict[str, Figure]:
    """Removals and credits recorded for one year, each as a Figure in t CO2e (0 when none)."""
    out = {}
    for kind in NEUTRALISATION_TYPES:
        rows = records[(records["year"] == year) & (records["type"] == kind)] if records is not None and len(records) else []
        if len(rows):
            out[kind] = Figure.between(rows["value_c"].sum(), rows["low_c"].sum(), rows["high_c"].sum())
        else:
            out[kind] = Figure.exact(0.0)
    return out
