"""The Scope 3 screening table for a terminal: all 15 categories of a year within 100 columns.

Why a renderer of its own: the generic table would print 22 columns; a reader of the terminal
wants the category, its status, t CO2e, method mix, supplier-specific share and one data
quality score, with the reasons and findings below. The full table is in JSON and the workbook.
"""

from __future__ import annotations


import numpy as np
import pandas as pd

from ghgcalc import columns as C
from ghgcalc.core.intervals import show_half_up
from ghgcalc.core.percent import to_percent
from ghgcalc.inventory.quality import METHODS, RATINGS
from ghgcalc.inventory.screening import METHOD_ABBREVIATIONS, RELEVANT, TOTAL, Scope3Overview, categories
from ghgcalc.outputs.tables import wrap_to_columns

WIDTH = 100
LEGEND = ("method mix: " + ", ".join(f"{a} {m}" for m, a in METHOD_ABBREVIATIONS.items())
          + ". supplier: share of t CO2e from supplier-specific data (hybrid is counted apart, as HY). "
          + "DQ: t CO2e-weighted mean of the five data quality indicators (Scope 3 Standard Table 7.6), "
          + ", ".join(f"{k} {v}" for k, v in RATINGS.items())
          + " (Box 7.2); * partly the method's default scores (ghgcalc/data/scope3-dq-defaults.csv). "
          + "! the screening and the data disagree: see the findings.")


def scope3_text(overview: Scope3Overview) -> str:
    """The latest year's table, the reasons of categories not relevant, the legend; then the findings (every year)."""
    years = sorted(overview.table[C.YEAR].unique())
    latest = years[-1]
    label = overview.years.label_of
    blocks = [_year_block(label(latest), overview.table.loc[overview.table[C.YEAR] == latest], overview.screened)]
    if len(years) > 1:
        blocks[0] += "\n" + _wrap(f"Scope 3 also in {', '.join(label(y) for y in years[:-1])}: --year YEAR shows "
                                  "one, --format json and --xlsx every year.")
    if overview.findings:
        blocks.append("\n".join(_wrap(f"Finding: {finding}") for finding in overview.findings))
    return "\n\n".join(blocks)


def _year_block(year: str, table: pd.DataFrame, screened: bool) -> str:
    short = dict(zip(categories()["category"], categories()["short_name"]))
    rows = [("#", "category", "status", "t CO2e", "method mix", "supplier", "DQ")]
    for record in table.to_dict("records"):
        category = record["category"]
        status = record["status"] + (" !" if record["flag"] else "")
        name = "Scope 3 total" if category == TOTAL else short.get(category, record["name"])
        rows.append(("" if category == TOTAL else category, name, status,
                     show_half_up(record[C.CO2E_T], 2) if record["method_mix"] else "-", _first_three(record["method_mix"]), _percent(record["supplier_specific_share"]),
                     _score(record["dq_score"], record["dq_default_share"])))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    right = {0, 3, 5, 6}
    lines = ["  ".join(cell.rjust(w) if i in right else cell.ljust(w) for i, (cell, w) in enumerate(zip(row, widths)))
             .rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    title = f"Scope 3 by category, {year} ({'screening from the workspace' if screened else 'not screened'})"
    reasons = [_wrap(f"{r['category']} {r['status']}: {r['reason']}", indent="    ")
               for r in table.to_dict("records") if r["reason"] and r["status"] != RELEVANT]
    return "\n".join([title, *lines, *reasons, _wrap(LEGEND)])


def _first_three(mix: str) -> str:
    """The three largest methods of a mix ("+" when there are more: the JSON has every share)."""
    words = mix.split(" ")
    return " ".join(words[:6]) + (" +" if len(words) > 6 else "")


def _percent(value) -> str:
    return "" if value is None or (isinstance(value, float) and np.isnan(value)) else show_half_up(to_percent(value), 0) + "%"


def _score(value, default_share) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    return show_half_up(value, 1) + ("*" if default_share and default_share > 0 else " ")


def _wrap(text: str, indent: str = "  ") -> str:
    return "\n".join(wrap_to_columns(text, WIDTH, "", indent, hyphens=False))


__all__ = ["scope3_text", "LEGEND", "METHODS"]
