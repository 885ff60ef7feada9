"""An explained figure for people: the total, then each line with its input, factor, conversion and GWP."""

from __future__ import annotations

import textwrap

import pandas as pd

from ghgcalc import columns as C
from ghgcalc.core.intervals import show_digits
from ghgcalc.core.years import CALENDAR
from ghgcalc.outputs.tables import format_number


def explanation_lines(explanation) -> list[str]:
    """The text ``ghgcalc explain`` prints for an :class:`~ghgcalc.workspace.explain.Explanation`: the figure at the
    inventory's precision (format_number, as ``ghgcalc inventory`` prints it: 756.00, never 755.9986 beside it);
    each line's arithmetic to six significant digits, so that it can be followed."""
    lines = explanation.lines
    chosen = explanation.chosen
    adds = getattr(explanation, "adds", ())
    years = getattr(explanation, "years", CALENDAR)  # how the company labels its years
    if adds:  # not one figure: one per year and Scope 2 method, never their sum
        out = textwrap.wrap(f"{chosen}: {_lines(len(lines))} of {' and '.join(adds)}, so no one total (GWP set "
                            f"{explanation.gwp_set}); by year and Scope 2 method (--year, --method: one figure):", 100)
        for figure in explanation.figures().to_dict("records"):
            method = f", Scope 2 {figure[C.SCOPE2_METHOD]}-based" if figure[C.SCOPE2_METHOD] else ""
            out.append(f"  {years.label_of(figure[C.YEAR])}{method}: {format_number(figure[C.CO2E_T])} t CO2e from {_lines(figure['lines'])}")
    else:
        out = [f"{chosen}: {format_number(explanation.total_co2e)} t CO2e (GWP set {explanation.gwp_set}) from {_lines(len(lines))}"]
    for record in lines.to_dict("records"):
        out.append(f"- {record['source']} row {record['row']}: {record['activity']} {_quantity(record['input_quantity'])} "
                   f"{record['input_unit']}")
        if record[C.FACTOR_ID]:
            value = "" if pd.isna(record["factor"]) or not str(record["factor"]).strip() else f" = {record['factor']}"
            source = record.get("factor_source") or record["citation"]  # the row's document, table and year
            cited = "" if pd.isna(source) or not str(source).strip() else f" ({source})"
            out.append(f"    factor {record[C.FACTOR_ID]}{value}{cited}")  # an instrument line has neither
        out.append(f"    {record[C.CONVERSION]}")
        if record[C.FALLBACK]:
            out.append(f"    fallback: {years.label_in(record[C.FALLBACK], record[C.YEAR])}")
        if record[C.DQ_TECHNOLOGY] is not None:
            scores = ", ".join(f"{c.removeprefix('dq_')} {record[c]}" for c in C.DQ_COLUMNS)
            out.append(f"    data quality (1 very good .. 4 poor): {scores}"
                       + (f" ({record['dq_basis']})" if record["dq_basis"] else " (all given)"))
        mass = ("" if pd.isna(record[C.MASS_T]) else
                f"{show_digits(record[C.MASS_T])} t {record[C.GAS]} x GWP {show_digits(record[C.GWP])} = ")
        out.append(f"    {mass}{show_digits(record[C.CO2E_T])} t CO2e")
    return out


def dataset_citations(explanation) -> list[tuple[str, str]]:
    """Each factor dataset of the run with its publisher, edition and licence (a workbook's sources sheet)."""
    return [(d["id"], f"{d.get('publisher', '')}, {d.get('edition', '')}; licence: {d.get('licence', '')}")
            for d in explanation.datasets]


def _lines(count: int) -> str:
    """'1 line', '2 lines'."""
    return f"{count:,} line" + ("" if count == 1 else "s")


def _quantity(value) -> str:
    """An activity row's quantity as a person reads it: 185,000,000 (was 185000000.0), every digit kept (15
    significant, what a float holds of a typed number)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return show_digits(float(value), 15)
    return str(value)
