"""An inventory as a user asked for it: totals by the chosen columns, counts, refused rows, manifest.

The same object serves a notebook (``to_frame()``) and the command line (``to_dict()``
is the JSON contract; the table and CSV outputs are its frame).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ghgcalc import columns as C
from ghgcalc.inventory.category3 import Category3Result
from ghgcalc.core.years import CALENDAR, FiscalYears
from ghgcalc.inventory.screening import Scope3Overview

# Problems listed in the JSON document; the rest are counted (all of them: --rejected FILE).
# Why a bound: a ten-million-row file with a wrong unit would otherwise print gigabytes of JSON.
REJECTED_IN_JSON = 1000
MIXED_MARK = "CO2e as published under"  # in a line's fallback: its CO2e is of the publisher's GWP set (published_gwp)
NOT_BY_GAS = "CO2e (not by gas)"  # by gas, a total published as CO2e: it has no gas mass to show


def fallbacks_frame(totals: pd.DataFrame) -> pd.DataFrame:
    """t CO2e computed with a fallback (a factor of an earlier year, a parent region, the location-based
    factor where no residual mix is published...), by year, activity, region and fallback."""
    keys = [C.YEAR, C.SCOPE, C.ACTIVITY, C.REGION, C.SCOPE2_METHOD, C.FALLBACK]
    if C.FALLBACK not in totals.columns or not len(totals):
        return pd.DataFrame(columns=keys + [C.CO2E_T])
    used = totals.loc[totals[C.FALLBACK].astype(object).fillna("").astype(str) != "", keys + [C.CO2E_T]]
    used = used.assign(**{c: used[c].astype(object).fillna("").astype(str) for c in keys[1:]})
    return used.groupby(keys, sort=True, observed=True)[C.CO2E_T].sum().reset_index()


@dataclass(frozen=True)
class InventorySummary:
    """Totals by ``by`` in t CO2e (and t of each gas when grouped by gas), with what was refused."""

    name: str
    gwp_set: str
    by: tuple[str, ...]
    totals: pd.DataFrame = field(repr=False)
    rows_in: int
    rows_rejected: int
    rejected: pd.DataFrame = field(repr=False)
    manifest: dict = field(repr=False)
    scope3: Scope3Overview | None = field(default=None, repr=False)  # all 15 categories; None: no Scope 3
    fallbacks: pd.DataFrame | None = field(default=None, repr=False)  # fallbacks_frame: factors of another year, ...
    category3: Category3Result | None = field(default=None, repr=False)  # derived category 3; None: not derived
    years: FiscalYears = field(default=CALENDAR, repr=False)  # how the company labels its years (outputs show them)
    years_added: tuple[int, ...] = ()  # the years each total adds together (asked for with --add-years)
    gas: str | None = None  # the one gas kept (--gas), by its canonical name; None: every gas

    @property
    def rows_computed(self) -> int:
        return self.rows_in - self.rows_rejected

    def summary_line(self) -> str:
        return f"rows in: {self.rows_in}, computed: {self.rows_computed}, rejected: {self.rows_rejected}"

    def to_frame(self) -> pd.DataFrame:
        """The totals: one row per group, ``co2e_t`` (and ``mass_t`` by gas)."""
        return self.totals.copy()

    def for_files(self) -> pd.DataFrame:
        """The totals for a CSV or a workbook: ``to_frame`` with ``year_label`` beside ``year`` where the company
        labels its years otherwise (as the JSON rows carry it)."""
        return self.years.with_label_columns(self.to_frame())

    def for_reading(self) -> pd.DataFrame:
        """The totals for people: each year as the company labels it ("FY2023"), units in the headers. By gas, a
        total published as CO2e (a spend-based factor, a grid factor given only in CO2e) has no gas mass: it reads
        "CO2e (not by gas)" with its mass "n/a", never a 0 t."""
        frame = self.years.label_columns(self.to_frame())
        if C.MASS_T in frame.columns and C.GAS in frame.columns:
            massless = frame[C.MASS_T].isna()
            if massless.any():
                frame[C.GAS] = frame[C.GAS].astype(object).where(~massless, NOT_BY_GAS)
                frame[C.MASS_T] = frame[C.MASS_T].astype(object).where(~massless, C.NOT_APPLICABLE)
        return frame.rename(columns={C.CO2E_T: "t CO2e", C.MASS_T: "t gas"})

    def scope3_frame(self) -> pd.DataFrame:
        """The Scope 3 table: per year, the 15 categories and a total row (empty without Scope 3)."""
        return self.scope3.table.copy() if self.scope3 is not None else pd.DataFrame()

    def to_dict(self) -> dict:
        """The JSON contract: gwp_set, rows (grouping keys, gas, value, unit, gwp_set), summary, rejected
        (the first REJECTED_IN_JSON problems), rejected_not_listed, scope3 (screened, categories, findings;
        null without Scope 3), fallbacks (year, scope, activity, region, scope2_method, fallback, co2e_t), gwp_mixed
        (year, co2e_t, share_of_scope3, and scope, scope2_method, share_of_scope: CO2e kept under a publisher's
        other GWP set, per scope and Scope 2 method), category3_derived (coverage
        per year: energy_mwh, covered_mwh, covered_share, co2e_t; findings; null when not derived), manifest, and
        years_added (only when each total adds several years, as asked), and gas (only with one gas kept: rows and
        fallbacks hold that gas's; scope3 and category3_derived, tables of every gas in t CO2e, stay whole)."""
        return {
            "gwp_set": self.gwp_set,
            "rows": self._rows(),
            "summary": {"rows_in": self.rows_in, "rows_computed": self.rows_computed, "rows_rejected": self.rows_rejected},
            "rejected": self.rejected_records(),
            "rejected_not_listed": max(0, len(self.rejected) - REJECTED_IN_JSON),
            "scope3": self.scope3.to_dict() if self.scope3 is not None else None,
            "fallbacks": self.fallback_records(),
            "gwp_mixed": self.gwp_mixed(),
            "category3_derived": None if self.category3 is None else {
                "coverage": self.category3.coverage.to_dict("records"), "findings": list(self.category3.findings)},
            "manifest": self.manifest,
            **({"years_added": list(self.years_added)} if self.years_added else {}),
            **({"gas": self.gas} if self.gas else {}),
        }

    def gwp_mixed(self) -> list[dict]:
        """Per year, scope and Scope 2 method, the t CO2e kept as a publisher's CO2e under another GWP set (a
        published Scope 3 factor under the fallback mixed_gwp, a grid factor with no per-gas values) and its share
        of that scope's total (``share_of_scope3`` kept for Scope 3): the label a total with two sets must carry."""
        if self.fallbacks is None or not len(self.fallbacks):
            return []
        mixed = self.fallbacks[self.fallbacks[C.FALLBACK].str.contains(MIXED_MARK, regex=False)]
        keys = [C.YEAR, C.SCOPE, C.SCOPE2_METHOD]
        totals = (self.totals.assign(**{C.SCOPE: self.totals[C.SCOPE].astype(str),
                                        C.SCOPE2_METHOD: self.totals[C.SCOPE2_METHOD].astype(object).fillna("").astype(str)})
                  .groupby(keys)[C.CO2E_T].sum() if set(keys) <= set(self.totals.columns) else pd.Series(dtype=float))
        out = []
        for (year, scope, method), t in mixed.groupby(keys)[C.CO2E_T].sum().items():
            total = float(totals.get((year, str(scope), str(method)), float("nan")))
            share = float(t) / total if total == total and total > 0 else None
            out.append(self.years.add_labels({
                "year": int(year), "co2e_t": float(t), "gwp_set": self.gwp_set,
                "share_of_scope3": share if str(scope) == "3" else None, "scope": str(scope),
                "scope2_method": str(method), "share_of_scope": share}))
        return out

    def rejected_records(self) -> list[dict]:
        """The first REJECTED_IN_JSON problems as JSON records; a row refused by a factor look-up has its ``year``
        (calendar; ``year_label`` and ``message_label``, the message in the company's labels, beside it under
        fiscal-year labels), the others none."""
        out = []
        for record in self.rejected.head(REJECTED_IN_JSON).to_dict("records"):
            year = record.pop(C.YEAR, None)
            if year is not None and not pd.isna(year):
                record = self.years.add_labels({**record, C.YEAR: int(year)})
                if "year_label" in record:
                    record["message_label"] = self.years.label_in(record["message"], record[C.YEAR])
            out.append(record)
        return out

    def fallback_records(self) -> list[dict]:
        """The fallbacks as JSON records: the calendar year and the lineage's sentence as computed, and (when the
        company labels its years otherwise) ``year_label`` and ``fallback_label``, the sentence in its labels."""
        if self.fallbacks is None:
            return []
        out = []
        for record in self.fallbacks.to_dict("records"):
            record = self.years.add_labels(record)
            if "year_label" in record:
                record["fallback_label"] = self.years.label_in(record[C.FALLBACK], record[C.YEAR])
            out.append(record)
        return out

    def fallback_lines(self) -> list[str]:
        """One sentence per fallback, for people: the figures computed with a factor of another year,
        region or method, which the lineage records line by line; every year the company's label."""
        if self.fallbacks is None:
            return []
        return [f"{self.years.label_of(r['year'])} {r['activity']}{' ' + r['region'] if r['region'] else ''}"
                f"{' (' + r['scope2_method'] + '-based)' if r['scope2_method'] else ''}: "
                f"{self.years.label_in(r['fallback'], r['year'])} "
                f"({r['co2e_t']:,.2f} t CO2e)" for r in self.fallbacks.to_dict("records")]

    def _rows(self) -> list[dict]:
        rows = []
        by_gas = C.GAS in self.totals.columns
        keys = [c for c in self.totals.columns if c not in (C.MASS_T, C.CO2E_T, C.GAS)]
        for record in self.totals.to_dict("records"):
            row = {k: record[k] for k in keys}
            if by_gas:
                gas = str(record[C.GAS])
                row.update(gas=gas, value=record[C.MASS_T], unit=f"t {gas}", co2e=record[C.CO2E_T], co2e_unit="t CO2e")
            else:
                row.update(gas="CO2e", value=record[C.CO2E_T], unit="t CO2e")
            row["gwp_set"] = self.gwp_set
            rows.append(self.years.add_labels(row))
        return rows
