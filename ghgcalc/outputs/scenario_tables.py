"""Scenario results laid out for reading: the titled tables and sentences ``ghgcalc scenario`` prints.

The numbers come from the result objects' ``to_frame`` (:mod:`ghgcalc.scenarios.run`);
this module only chooses rows, columns and titles.
"""

from __future__ import annotations

import re

import pandas as pd

from ghgcalc.core import units
from ghgcalc.errors import GhgcalcError
from ghgcalc.core.intervals import show_half_up
from ghgcalc.core.percent import percent_text, probability_text
from ghgcalc.scenarios.goalseek import SeekResult
from ghgcalc.scenarios.records import YEAR_SERIES
from ghgcalc.scenarios.run import ScenarioComparison, ScenarioRun


def milestone_years(run: ScenarioRun) -> pd.DataFrame:
    """Emissions and energy in the start year, every fifth year and the horizon (median for uncertain runs)."""
    frame = run.to_frame("years")
    s = run.scenario
    fifth = {y for y in frame["year"] if s.fiscal_years.named_year(y) % 5 == 0}  # FY2030, FY2035 as labelled
    years = [y for y in frame["year"] if y == s.start_year or y in fifth or y == s.horizon]
    kept = set(segments_with_scope12(run))
    columns = ["year", *YEAR_SERIES] + [c for c in frame.columns if c.startswith("scope12_") and c[8:] in kept]
    return s.fiscal_years.label_columns(frame[frame["year"].isin(years)][columns].reset_index(drop=True))


def segments_with_scope12(run: ScenarioRun) -> list[str]:
    """The segments with a Scope 1 or 2 line; a segment of Scope 3 lines only has no Scope 1+2 series to show."""
    return list(dict.fromkeys(line.segment for line in run.scenario.all_lines if line.scope in (1, 2)))


def _scope3_only(run: ScenarioRun) -> list[str]:
    kept = set(segments_with_scope12(run))
    return [s for s in dict.fromkeys(line.segment for line in run.scenario.all_lines) if s and s not in kept]


YEAR_COLUMNS = ("year", "target year", "first year met")


def for_reading(frames: dict[str, pd.DataFrame], years) -> dict[str, pd.DataFrame]:
    """Tables for people (a workbook, markdown) with their years as the company labels them ("FY2023"); as they
    are under calendar years. CSV and JSON keep the calendar years (JSON with the labels beside them)."""
    if years.calendar:
        return frames
    return {name: years.label_columns(frame.drop(columns=[c for c in frame.columns if str(c).endswith("_label")]),
                                      YEAR_COLUMNS) for name, frame in frames.items()}


def run_tables(run: ScenarioRun) -> dict[str, pd.DataFrame]:
    """The default table of a run: targets, emissions in milestone years, and the levers' contributions."""
    shapley = "levers: change by the target year (Shapley" + (", at each parameter's median)"
                                                              if run.result.uncertain else ")")
    left_out = _scope3_only(run)
    years = "emissions (t CO2e) and energy (MWh)" + (
        f"; Scope 1+2 by segment leaves out {', '.join(left_out)} (Scope 3 lines only)" if left_out else "")
    return {"targets": run.to_frame("targets"), years: milestone_years(run), shapley: run.to_frame("levers")}


def _compare_cell(row, uncertain: bool) -> str:
    if row["status"] == "not projected":
        return "not projected"
    if uncertain:
        return f"{show_half_up(row['projected'], 2)} (P(met) {probability_text(row['probability met'])})"
    return f"{show_half_up(row['projected'], 2)} ({row['status']})"


def comparison_tables(comparison: ScenarioComparison) -> dict[str, pd.DataFrame]:
    """Each target's projected figure and verdict per scenario; group Scope 1+2 in milestone years."""
    runs = comparison.runs
    labels = runs[0].scenario.fiscal_years  # years as the company labels them
    targets, years = comparison.to_frame("targets"), comparison.to_frame("years")
    shown = pd.DataFrame({"target": list(dict.fromkeys(targets["target"]))})
    first = targets.drop_duplicates("target").set_index("target")
    shown["unit"] = [first.at[t, "unit"] if "unit" in first and pd.notna(first.at[t, "unit"]) else ""
                     for t in shown["target"]]
    shown["target year"] = [labels.label_of(first.at[t, "target year"]) for t in shown["target"]]
    for run in runs:
        rows = targets[targets["scenario"] == run.scenario.name].set_index("target")
        shown[run.scenario.name] = [_compare_cell(rows.loc[t], run.result.uncertain) for t in shown["target"]]
    milestones = sorted({y for y in years["year"] if labels.named_year(y) % 5 == 0} | {runs[0].scenario.start_year})
    emissions = years[years["year"].isin(milestones)].pivot_table(
        index="year", columns="scenario", values="scope12", sort=False).reset_index()
    emissions.columns.name = None
    emissions = labels.label_columns(emissions)
    return {"targets: projected figure in the target year, and verdict": shown,
            "group Scope 1+2, t CO2e (median)": emissions}


def comparison_heading(comparison: ScenarioComparison) -> str:
    return "Scenarios compared:\n" + "\n".join(f"- {run.describe()}" for run in comparison.runs)


def _signed(value: float) -> str:
    """Two decimals, without a minus sign on a value that rounds to zero."""
    return show_half_up(value, 2)


def seek_sentences(found: SeekResult) -> list[str]:
    """What a goal seek found (or did not), in words."""
    show = found.kind.format
    year = found.year_label or found.year
    what = f"lever {found.lever!r}, {found.parameter}"
    need = (f" in at least {percent_text(found.required_probability)} % of draws" if found.required_probability is not None
            else "")
    if not found.found:
        best = ("" if found.gap_at_best_end is None else
                f"; at the better end the gap is still {_signed(found.gap_at_best_end * found.gap_scale)} "
                f"{found.gap_unit}")
        return [f"{what}: no value from {show(found.low)} to {show(found.high)} meets {found.target} in "
                f"{year}{need}{best}"] + ([f"why: {found.limit}"] if found.limit else [])
    lines = [f"{what}: {found.direction} {show(found.value)} meets {found.target} in {year}{need} "
             f"(searched {show(found.low)} to {show(found.high)}, {found.steps} projections)"]
    if found.gap_at_value is not None:
        lines.append(f"gap at that value: {_signed(found.gap_at_value * found.gap_scale)} {found.gap_unit} "
                     f"(negative: the level is passed)")
    if found.limit:
        lines.append(f"why {show(found.value)}: {found.limit}")
    return lines


# --- workbooks: one unit per column, named in its header ------------------------------------------

TARGET_FIGURES = ("base", "level", "projected", "gap", "value", "low", "high", "pathway")
FIXED_UNITS = {"energy_mwh": "energy (MWh)", "co2e_location_t": "location-based (t CO2e)",
               "co2e_market_t": "market-based (t CO2e)", "factor_t_per_mwh": "factor (t CO2e / MWh)",
               "abated_t": "abated (t CO2e)", "abated_discounted_t": "abated, discounted (t CO2e)",
               "removal_t": "removals (t CO2e)", "credit_t": "credits (t CO2e)",
               "probability_met": "probability met (fraction)", "probability met": "probability met (fraction)"}
MONEY = ("capex", "opex", "purchases", "savings", "npv")


def _unit_kind(unit: str) -> str:
    """What a unit measures, in a word a sheet name can hold whatever the unit's length ("t CO2e / (CAD million)"
    is an intensity): the unit itself goes in the header cells, where no 31-character limit cuts it."""
    if "/" in unit or " per " in unit:
        return "intensities"
    if unit.strip() in ("%", "percent", "pp", "percentage points"):
        return "shares"
    if "CO2" in unit:
        return "emissions"
    try:
        dimensions = units.parse_unit(unit).dimensionality
    except GhgcalcError:
        return "other"
    kinds = (("energy", "MWh"), ("mass", "t"), ("headcount", "person"))
    return next((kind for kind, example in kinds if units.parse_unit(example).dimensionality == dimensions), "other")


def _series_unit(column: str) -> str | None:
    """The unit of a projected series named after a metric (segments after the metric: scope12_main)."""
    if re.match(r"scope\d", column):
        return "t CO2e"
    if column.startswith(("energy", "electricity")):
        return "MWh"
    return None


def workbook_tables(frames: dict[str, pd.DataFrame], currency: str = "") -> dict[str, pd.DataFrame]:
    """Scenario tables for a workbook: each figure column names its unit, and a table whose rows are in several units
    (targets in t CO2e, in %, per revenue) is one sheet per unit, so that no column mixes units."""
    units = {}
    for frame in frames.values():
        if {"target", "unit"} <= set(frame.columns):
            units.update({t: u for t, u in zip(frame["target"], frame["unit"]) if isinstance(u, str) and u})
    out = {}
    for name, frame in frames.items():
        frame = frame.rename(columns={**FIXED_UNITS, **{c: f"{c} ({currency})" for c in MONEY if currency},
                                      "cost_per_t": f"cost per t ({currency} / t CO2e)" if currency else "cost per t"})
        if "target" in frame.columns and units and any(c in frame.columns for c in TARGET_FIGURES):
            unit_of = frame["target"].map(units).fillna("")
            for unit in dict.fromkeys(unit_of):
                part = frame[unit_of == unit].drop(columns=["unit"], errors="ignore")
                part = part.rename(columns={c: f"{c} ({unit})" for c in TARGET_FIGURES if c in part and unit})
                out[_free(out, f"{name}, {_unit_kind(unit)}" if unit else f"{name}, not projected")] = \
                    part.reset_index(drop=True)
            continue
        out[name] = frame.rename(columns={c: f"{c} ({u})" for c in frame.columns if (u := _series_unit(str(c)))
                                          and "(" not in str(c)})
    return out


def _free(tables: dict, name: str) -> str:
    """``name``, or ``name 2``, ``name 3`` ... where a table of that name is there already (two intensities)."""
    number, free = 2, name
    while free in tables:
        free, number = f"{name} {number}", number + 1
    return free
