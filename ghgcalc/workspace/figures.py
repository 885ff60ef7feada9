"""The table of figures: every figure of a workspace, computed or printed, in one frame.

Why one table: the audit, the intensities, the targets and the scenarios all ask the same
question — what is this metric in this year, for this segment? — and must get the same
answer whether the company printed the figure or ghgcalc computed it from activity data.
Computed figures get the columns of a reported table (see :func:`ghgcalc.figures.reported.
read_reported`), with ``provenance`` "computed" and vintage "computed", so every reader of
printed figures reads them too; printed figures keep their file, row and vintage.

The inventory contributes the standard metrics of the vocabulary: Scope 1 and its gases,
Scope 2 location- and market-based, Scope 3 and its categories, and the sums under each
Scope 2 method. A Scope 2 figure whose method is not known (reported emissions rows with
``scope2_method = unknown``) becomes plain ``scope2``, never one of the two methods.
"""

from __future__ import annotations

from typing import Iterable

import numpy as np
import pandas as pd

from ghgcalc import columns as C
from ghgcalc.core.years import CALENDAR, FiscalYears
from ghgcalc.inventory.energy import basis_note
from ghgcalc.inventory.engine import rejected_problems
from ghgcalc.errors import InputError, Problem, counted
from ghgcalc.figures.metrics import Vocabulary
from ghgcalc.figures.reported import COMPUTED
from ghgcalc.workspace.pipeline import WorkspaceInventory

PRINTED = "printed"
FIGURE_COLUMNS = ("file", "row", "vintage", "metric", "year", "year_label", "segment", "text", "value", "decimals",
                  "unit", "low", "high", "canonical_unit", "to_canonical", "value_c", "low_c", "high_c", "source", "note",
                  "read_as", "provenance")
WHOLE = ""  # the segment of figures for the whole reporting boundary
GAS_METRICS = {"CO2": "scope1_co2", "CH4": "scope1_ch4", "CH4_fossil": "scope1_ch4", "CH4_nonfossil": "scope1_ch4",
               "N2O": "scope1_n2o", "SF6": "scope1_sf6", "NF3": "scope1_nf3"}
GAS_FAMILIES = (("HFC", "scope1_hfcs"), ("R-", "scope1_hfcs"), ("R4", "scope1_hfcs"), ("PFC", "scope1_pfcs"),
                ("CF4", "scope1_pfcs"), ("C2F6", "scope1_pfcs"), ("C3F8", "scope1_pfcs"), ("C4F10", "scope1_pfcs"),
                ("cC4F8", "scope1_pfcs"), ("C6F14", "scope1_pfcs"))


def gas_metric(gas: str) -> str | None:
    """The Scope 1 metric a gas's CO2e belongs to (HFC blends count as HFCs)."""
    if gas in GAS_METRICS:
        return GAS_METRICS[gas]
    return next((metric for prefix, metric in GAS_FAMILIES if gas.startswith(prefix)), None)


def computed_figures(emissions: pd.DataFrame, vocabulary: Vocabulary, *, source: str = "the inventory",
                     files: Iterable[str] = (), energy: pd.DataFrame | None = None,
                     energy_basis: str = "net") -> pd.DataFrame:
    """The standard metrics of an inventory, by year and segment, as figures.

    ``emissions`` are its lines or its totals (the same columns less ``row``); ``energy`` its
    MWh table (:func:`ghgcalc.inventory.energy.energy_table`). Each figure is exact (low =
    high = value) and names where it came from in ``source``; ``explain`` gives its lines.
    """
    if emissions is None or emissions.empty:
        return empty_figures()
    totals = _totals(emissions)
    values: dict[tuple[int, str], dict[str, float]] = {}
    for (year, segment), part in totals.groupby(["year", "segment"], sort=True, observed=True):
        values[(int(year), segment)] = _metrics_of(part)
    notes: dict[tuple[int, str], str] = {}
    for (year, segment), (metrics, note) in _energy_metrics(energy, energy_basis).items():
        values.setdefault((year, segment), {}).update(metrics)
        notes[(year, segment)] = note
    records = [_record(metric, year, segment, value, vocabulary, source, files,
                       notes.get((year, segment), "") if metric in BASIS_METRICS else "")
               for (year, segment), metrics in sorted(values.items()) for metric, value in metrics.items()
               if metric in vocabulary]
    frame = pd.DataFrame.from_records(records, columns=list(FIGURE_COLUMNS)) if records else empty_figures()
    return frame.sort_values(["metric", "year", "segment"], kind="stable").reset_index(drop=True)


def _totals(emissions: pd.DataFrame) -> pd.DataFrame:
    """CO2e by year, segment, scope, method, category and gas; whole-boundary rows under segment ''."""
    keys = [C.YEAR, C.SEGMENT, C.SCOPE, C.SCOPE2_METHOD, C.SCOPE3_CATEGORY, C.GAS]
    table = pd.DataFrame({key: emissions[key].astype(str) if key != C.YEAR else emissions[key].astype(int)
                          for key in keys})
    table[C.CO2E_T] = emissions[C.CO2E_T].to_numpy(dtype=float)
    by_segment = table.groupby(keys, sort=False, observed=True)[C.CO2E_T].sum().reset_index()
    whole = table.groupby([k for k in keys if k != C.SEGMENT], sort=False, observed=True)[C.CO2E_T].sum().reset_index()
    whole[C.SEGMENT] = WHOLE
    segments = by_segment[by_segment[C.SEGMENT] != WHOLE]
    return pd.concat([whole, segments], ignore_index=True).rename(columns={C.YEAR: "year", C.SEGMENT: "segment"})


def _metrics_of(part: pd.DataFrame) -> dict[str, float]:
    """Scope totals, gases, categories and sums under each Scope 2 method for one year and segment."""
    scope, method = part[C.SCOPE], part[C.SCOPE2_METHOD]
    co2e = part[C.CO2E_T]
    out: dict[str, float] = {}
    scope1 = scope == "1"
    if scope1.any():
        out["scope1"] = co2e[scope1].sum()
        for gas, value in co2e[scope1].groupby(part.loc[scope1, C.GAS], observed=True).sum().items():
            metric = gas_metric(str(gas))
            if metric:
                out[metric] = out.get(metric, 0.0) + value
    scope3 = scope == "3"
    if scope3.any():
        out["scope3"] = co2e[scope3].sum()
        for category, value in co2e[scope3].groupby(part.loc[scope3, C.SCOPE3_CATEGORY], observed=True).sum().items():
            if str(category) not in ("", "nan"):
                out[f"scope3_cat{int(float(category))}"] = value
    for name in (C.LOCATION, C.MARKET, C.UNKNOWN):
        chosen = (scope == "2") & (method == name)
        if chosen.any():
            metric = "scope2" if name == C.UNKNOWN else f"scope2_{name}"
            out[metric] = co2e[chosen].sum()
    for name in (C.LOCATION, C.MARKET):
        scope2 = out.get(f"scope2_{name}")
        if scope2 is None and "scope2" not in out and (scope1.any() or scope3.any()):
            scope2 = 0.0  # no Scope 2 at all: the sums are Scope 1 (and 3) alone
        if scope2 is None:
            continue
        out[f"scope12_{name}"] = out.get("scope1", 0.0) + scope2
        if scope3.any():
            out[f"scope123_{name}"] = out[f"scope12_{name}"] + out["scope3"]
    return out


ENERGY_METRICS = ("energy_direct", "energy_indirect", "electricity", "electricity_renewable", "energy_renewable",
                  "energy_total")
BASIS_METRICS = ("energy_direct", "energy_total")  # the figures with fuel energy in them, whose lineage names its basis


def _energy_metrics(energy: pd.DataFrame | None, basis: str) -> dict[tuple[int, str], tuple[dict[str, float], str]]:
    """Energy in MWh (GRI 302-1, ESRS E1-5): direct (fuels), indirect (electricity, heat), renewable; with the
    calorific basis of its fuel energy (:func:`ghgcalc.inventory.energy.basis_note`)."""
    out: dict[tuple[int, str], tuple[dict[str, float], str]] = {}
    if energy is None or not len(energy):
        return out
    frame = energy.assign(segment=energy[C.SEGMENT].astype(str).replace("nan", WHOLE))
    for whole in (True, False):
        keys = [C.YEAR] if whole else [C.YEAR, C.SEGMENT]
        for key, part in frame.groupby(keys, sort=True):
            year, segment = (int(key[0]), WHOLE) if whole else (int(key[0]), str(key[1]))
            if not whole and segment == WHOLE:
                continue
            mwh = part.groupby("kind")["energy_mwh"].sum()
            electricity = float(mwh.get("electricity", 0.0))
            renewable = float(part.loc[part["renewable"].astype(bool), "energy_mwh"].sum())
            out[(year, segment)] = ({
                "energy_direct": float(mwh.get("combustion", 0.0)),
                "energy_indirect": electricity + float(mwh.get("heat", 0.0)),
                "electricity": electricity, "electricity_renewable": renewable, "energy_renewable": renewable,
                "energy_total": float(mwh.sum()),
            }, basis_note(part, basis))
    return out


def _record(metric: str, year: int, segment: str, value: float, vocabulary: Vocabulary, source: str,
            files: Iterable[str], note: str = "") -> dict:
    unit = vocabulary.unit(metric)
    value = float(value)
    return {
        "file": ", ".join(files), "row": np.nan, "vintage": COMPUTED, "metric": metric, "year": year,
        "year_label": str(year), "segment": segment, "text": f"{value:,.2f}", "value": value, "decimals": np.nan, "unit": unit,
        "low": value, "high": value, "canonical_unit": unit, "to_canonical": 1.0, "value_c": value, "low_c": value,
        "high_c": value, "source": source, "note": note, "read_as": "", "provenance": COMPUTED,
    }


def empty_figures() -> pd.DataFrame:
    return pd.DataFrame({column: pd.Series(dtype=float if column in ("value", "low", "high", "value_c", "low_c",
                                                                      "high_c", "to_canonical", "decimals", "row")
                                           else object) for column in FIGURE_COLUMNS})


def figure_table(printed: pd.DataFrame | None, computed: pd.DataFrame | None) -> pd.DataFrame:
    """Printed and computed figures in one frame; printed rows keep their columns and say ``printed``.

    A computed figure takes the label the reports print for its year ("FY2023/24" for 2024), so
    that every output names a fiscal year as the company does.
    """
    frames = []
    labels: dict[int, str] = {}
    if printed is not None and len(printed):
        printed = printed.assign(provenance=PRINTED)
        if "year_label" not in printed:
            printed["year_label"] = printed["year"].astype(str)
        labels = {int(y): str(t) for y, t in zip(printed["year"], printed["year_label"]) if str(t) != str(int(y))}
        frames.append(printed.reindex(columns=list(FIGURE_COLUMNS)))
    if computed is not None and len(computed):
        computed = computed.reindex(columns=list(FIGURE_COLUMNS))
        computed["year_label"] = [labels.get(int(y), str(int(y))) for y in computed["year"]]
        frames.append(computed)
    table = pd.concat(frames, ignore_index=True) if frames else empty_figures()
    table["row"] = pd.array(table["row"], dtype="Int64")  # spreadsheet rows stay whole; computed rows have none
    return table


def computed_from_run(run: WorkspaceInventory, vocabulary: Vocabulary, years: FiscalYears = CALENDAR,
                      energy_basis: str = "net") -> pd.DataFrame:
    """The standard metrics of a workspace's inventory as figures; every rejected activity row is an error
    (figures computed from the rest would be incomplete), its year as the company labels it (``years``)."""
    if len(run.result.rejected):
        raise InputError(rejected_problems(run.result.rejected, years=years)
                         + [Problem(None, None, None, None, f"{counted(run.result.rows_rejected, 'activity row')} "
                                    "rejected: figures computed from the rest would be incomplete")])
    files = list(run.inputs)
    return computed_figures(run.result.totals, vocabulary, files=files, energy=run.result.energy, energy_basis=energy_basis,
                            source=f"inventory of {', '.join(files)} ({run.result.gwp_set})")
