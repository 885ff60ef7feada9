"""The headline of a report: totals by scope under both Scope 2 methods, year on year, and intensities.

Why from the table of figures: a reader compares the report with what the company printed,
so a printed total comes first and a total computed from activity data only where nothing is
printed (:func:`ghgcalc.outputs.disclosure.fill_datapoints` does the look-up and says which).
Both Scope 2 methods are always shown, as "not reported" when the workspace lacks one, because
the GHG Protocol Scope 2 Guidance asks for both.
"""

from __future__ import annotations

import pandas as pd

from ghgcalc.core.intervals import show_half_up
from ghgcalc.figures.metrics import Vocabulary
from ghgcalc.figures.reported import FigureIndex
from ghgcalc.core.percent import change_percent
from ghgcalc.outputs.disclosure import MISSING, fill_datapoints, show_number

# (label, fill, always shown): the fill is a metric or alternatives as in the disclosure tables. The scope rows
# of a report, in the headline and in the inventory year by year (outputs/report_sections.py) alike.
SCOPE_ROWS = (
    ("Scope 1", "scope1", True),
    ("Scope 2, location-based", "scope2_location", True),
    ("Scope 2, market-based", "scope2_market", True),
    ("Scope 2, method not stated", "scope2", False),
    ("Scope 1+2, location-based", "scope12_location", False),
    ("Scope 1+2, market-based", "scope12_market", False),
    ("Scope 1+2, as reported", "scope12", False),
    ("Scope 3", "scope3", True),
)
INTENSITY_SUFFIXES = ("_per_revenue", "_per_capita", "_per_floor_area")
DISPLAY_COLUMNS = ("previous_decimals", "decimals")  # the decimals a printed figure shows (None: computed)
HEADLINE_COLUMNS = ("item", "previous", "value", "unit", "change_percent", "status", "source", "fails_audit",
                    *DISPLAY_COLUMNS)


def scope_datapoints(table: str, unit: str = "", rows=SCOPE_ROWS) -> pd.DataFrame:
    """Rows (SCOPE_ROWS by default) as the datapoints :func:`fill_datapoints` looks up, in a table of the report
    named ``table``."""
    return pd.DataFrame([{"table": table, "datapoint": fill, "label": label, "unit": unit, "fill": fill,
                          "paragraph": "", "condition": "", "verified": ""} for label, fill, _ in rows])


def _change(previous, value) -> float | None:
    return change_percent(value, previous)


def headline_frame(figures: pd.DataFrame, vocabulary: Vocabulary, year: int, currency: str) -> pd.DataFrame:
    """One row per scope total: the year's figure, the previous year's, the change in percent, and the source."""
    figures = FigureIndex(figures)  # indexed once for both years
    now = fill_datapoints(scope_datapoints("headline"), figures, vocabulary, year, currency)
    before = fill_datapoints(scope_datapoints("headline"), figures, vocabulary, year - 1, currency)
    rows = []
    for (label, fill, always), cell, old in zip(SCOPE_ROWS, now, before):
        if cell.status == MISSING and not always:
            continue
        rows.append({"item": label, "previous": old.value, "value": cell.value, "unit": cell.unit or vocabulary.unit(fill),
                     "change_percent": _change(old.value, cell.value),
                     "status": "not reported" if cell.status == MISSING else cell.status,
                     "source": "" if cell.status == MISSING else cell.source, "fails_audit": _failing(cell, old),
                     "previous_decimals": old.printed_decimals, "decimals": cell.printed_decimals})
    return pd.DataFrame(rows, columns=list(HEADLINE_COLUMNS))


def intensity_frame(figures: pd.DataFrame, vocabulary: Vocabulary, year: int, currency: str) -> pd.DataFrame:
    """Every intensity the workspace prints or can derive for ``year``, whole reporting boundary."""
    names = [m for m in vocabulary.names if m.endswith(INTENSITY_SUFFIXES)]
    rows = [("", m, False) for m in names]
    figures = FigureIndex(figures)  # indexed once for both years
    cells = fill_datapoints(scope_datapoints("headline", rows=rows), figures, vocabulary, year, currency)
    before = fill_datapoints(scope_datapoints("headline", rows=rows), figures, vocabulary, year - 1, currency)
    out = []
    for name, cell, old in zip(names, cells, before):
        if cell.status == MISSING:
            continue
        definition = str(vocabulary.table.at[name, "definition"]) if "definition" in vocabulary.table else name
        out.append({"item": definition.rstrip("."), "previous": old.value, "value": cell.value,
                    "unit": cell.unit, "change_percent": _change(old.value, cell.value),
                    "status": cell.status, "source": cell.source, "fails_audit": _failing(cell, old),
                    "previous_decimals": old.printed_decimals, "decimals": cell.printed_decimals})
    return pd.DataFrame(out, columns=list(HEADLINE_COLUMNS))


def _failing(*cells) -> list[str]:
    """The failing prints behind a row's figures (this year's and the previous year's), each once."""
    return list(dict.fromkeys(text for cell in cells for text in cell.fails_audit))


def shown(value, decimals=None) -> str:
    """A headline number for people: '-' when there is none; a printed figure with the decimals it was printed
    with (``decimals``: 165,811 stays 165,811), any other with two (show_number)."""
    if value is None or pd.isna(value):
        return "-"
    if decimals is None or pd.isna(decimals):
        return show_number(float(value))
    return show_half_up(float(value), int(decimals))
