"""Explain one figure: the input rows, factors, conversions and GWPs behind it.

Lines of several years, or Scope 2 lines under both methods, are not one figure: each
Scope 2 line is counted once per method, and years are separate inventories. Such a
selection is split into one figure per year and Scope 2 method (``figures``), and the
sum of every line is said to add them (``adds``), never shown as the figure.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ghgcalc import columns as C
from ghgcalc.core.years import CALENDAR, FiscalYears
from ghgcalc.errors import ConfigError, did_you_mean
from ghgcalc.factors.gas_names import gas_named
from ghgcalc.inventory.quality import LINE_COLUMNS
from ghgcalc.workspace.pipeline import WorkspaceInventory, derived_source

EXPLAIN_COLUMNS = (C.SOURCE, C.ROW, C.ACTIVITY, "input_quantity", "input_unit", C.GAS, C.FACTOR_ID, "factor",
                   "citation", C.CONVERSION, C.FALLBACK, C.MASS_T, C.GWP, C.CO2E_T) + LINE_COLUMNS + (
                   C.YEAR, C.SCOPE, C.SCOPE2_METHOD, "factor_source")  # added last: the columns before keep their places


@dataclass(frozen=True)
class Explanation:
    """One figure and the emissions lines behind it: ``ghgcalc explain`` prints it, a notebook reads it.

    ``datasets`` are the factor datasets of the run (id, publisher, edition, licence), cited with the lines.
    """

    filters: dict
    gwp_set: str
    lines: pd.DataFrame
    datasets: tuple[dict, ...] = ()
    years: FiscalYears = CALENDAR  # how the company labels its years: the figure's year is shown so

    @property
    def chosen(self) -> str:
        """The filters for people ("year=FY2023, scope=2"), or "everything"."""
        return ", ".join(f"{k}={self.years.label_of(v) if k == C.YEAR else v}" for k, v in self.filters.items()) \
            or "everything"

    @property
    def total_co2e(self) -> float:
        """The figure explained: the lines' CO2e added up, in t CO2e."""
        return float(self.lines[C.CO2E_T].sum())

    @property
    def adds(self) -> tuple[str, ...]:
        """What the lines' plain sum would add together: several years, both Scope 2 methods (empty: one figure)."""
        years = sorted(int(y) for y in pd.unique(self.lines[C.YEAR])) if len(self.lines) else []
        out = (f"years {', '.join(map(self.years.label_of, years))}",) if len(years) > 1 else ()
        return out + (("location- and market-based Scope 2",) if len(_methods(self.lines)) > 1 else ())

    def figures(self) -> pd.DataFrame:
        """One figure per year and Scope 2 method: the year's lines, Scope 2 under that method only."""
        lines = self.lines
        if not len(lines):
            return pd.DataFrame(columns=[C.YEAR, C.SCOPE2_METHOD, "lines", C.CO2E_T])
        scope2 = lines[C.SCOPE].astype(str) == "2"
        method = lines[C.SCOPE2_METHOD].astype(str)
        rows = []
        for year in sorted(int(y) for y in pd.unique(lines[C.YEAR])):
            in_year = lines[C.YEAR].astype(int) == year
            for name in _methods(lines[in_year]) or [""]:
                chosen = in_year & (~scope2 | (method == name))
                rows.append({C.YEAR: year, C.SCOPE2_METHOD: name, "lines": int(chosen.sum()),
                             C.CO2E_T: float(lines.loc[chosen, C.CO2E_T].sum())})
        return pd.DataFrame(rows)

    def to_dict(self) -> dict:
        """The JSON document of ``ghgcalc explain --format json``; ``total_co2e`` adds every line, and
        ``adds`` says what it adds together when that is more than one figure (``figures`` holds each)."""
        return {"filters": self.years.add_labels(dict(self.filters)), "total_co2e": self.total_co2e, "unit": "t CO2e",
                "gwp_set": self.gwp_set, "lines": [self._labelled(r) for r in self.lines.to_dict("records")],
                "adds": list(self.adds), "figures": [self.years.add_labels(r) for r in self.figures().to_dict("records")]}

    def _labelled(self, line: dict) -> dict:
        """A line's JSON record with ``year_label`` and, where it has a fallback, ``fallback_label``: the lineage's
        sentence with the line's year as the company labels it (both only when its years are not calendar years)."""
        line = self.years.add_labels(line)
        if "year_label" in line and line.get(C.FALLBACK):
            line["fallback_label"] = self.years.label_in(line[C.FALLBACK], line[C.YEAR])
        return line

    def to_frame(self) -> pd.DataFrame:
        """One row per emissions line, with its input, factor, conversion and GWP."""
        return self.lines

    def for_files(self) -> pd.DataFrame:
        """``to_frame`` for a CSV or a workbook: ``year_label`` beside ``year`` where the company labels its years
        otherwise (as the JSON lines carry it)."""
        return self.years.with_label_columns(self.to_frame())


def explain_figure(run: WorkspaceInventory, *, years: FiscalYears = CALENDAR, **filters) -> Explanation:
    """The figure ``filters`` pick out (column=value; None values are ignored) and the lines behind it;
    ``years``: how the company labels its years, for the outputs."""
    chosen = {k: v for k, v in filters.items() if v is not None}
    if C.GAS in chosen:  # HFC-32, R-410A: the names activity tables accept
        chosen[C.GAS] = gas_named(run.library, chosen[C.GAS])
    return Explanation(chosen, run.result.gwp_set, explain(run, **chosen),
                       tuple(run.manifest.get("factor_datasets", ())), years)


def explain(run: WorkspaceInventory, **filters) -> pd.DataFrame:
    """Every emissions line matching ``filters`` (column=value), with its inputs and sources.

    The lines' ``co2e_t`` add up to the figure being explained.
    """
    emissions = run.result.emissions
    mask = pd.Series(True, index=emissions.index)
    for column, value in filters.items():
        if value is None:
            continue
        if column not in C.GROUPABLE:
            raise ConfigError(f"cannot filter on {column!r}; choose from {', '.join(C.GROUPABLE)}{did_you_mean(column, C.GROUPABLE)}")
        mask &= emissions[column].astype(str) == str(value)
    lines = emissions.loc[mask]
    inputs = []
    for source, table in run.inputs.items():
        # a derived category 3 line names the Scope 1 or 2 row of its source it comes from: that row is its input
        part = lines[lines[C.SOURCE].isin([source, derived_source(source)])]
        original = table.loc[part[C.ROW].to_numpy()] if table.index.name == C.ROW else table.iloc[part[C.ROW].to_numpy() - 2]
        inputs.append(pd.DataFrame({
            "input_quantity": original[C.QUANTITY].to_numpy(),
            "input_unit": original[C.UNIT].to_numpy(),
        }, index=part.index))
    joined = lines.join(pd.concat(inputs)) if inputs else lines.assign(input_quantity=None, input_unit=None)
    used = run.result.factors_used.set_index(C.FACTOR_ID) if len(run.result.factors_used) else pd.DataFrame()
    factor_ids = joined[C.FACTOR_ID].astype(str)
    joined["factor"] = [f"{used.at[f, 'value']:g} {used.at[f, 'unit']}" if f in used.index else "" for f in factor_ids]
    joined["citation"] = [used.at[f, "citation"] if f in used.index else "" for f in factor_ids]
    has_source = "factor_source" in used.columns
    joined["factor_source"] = [used.at[f, "factor_source"] if has_source and f in used.index else "" for f in factor_ids]
    for column in C.DQ_COLUMNS:  # scores outside Scope 3 are missing: None, as JSON has it
        joined[column] = joined[column].astype(object).where(joined[column].notna(), None)
    return joined[list(EXPLAIN_COLUMNS)].reset_index(drop=True)


def _methods(lines: pd.DataFrame) -> list[str]:
    """The Scope 2 methods the lines' Scope 2 lines are under (location first)."""
    scope2 = lines[lines[C.SCOPE].astype(str) == "2"]
    found = set(scope2[C.SCOPE2_METHOD].astype(str))
    return [m for m in C.SCOPE2_METHODS if m in found] + sorted(found - set(C.SCOPE2_METHODS))
