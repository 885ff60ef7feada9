"""Facts a disclosure asks for that are not one number: gases, screening, methods, splits.

Why a module of its own: GRI 305-1-b asks which gases are included, CDP 7.16 for Scope 1
and 2 by country, ESRS AR 45(d) for the contractual instruments, IFRS S2 B27 for the
consolidation approach. ghgcalc holds all of these (the inventory's lines by gas, region,
site and instrument; the Scope 3 screening; ghgcalc.toml), so a datapoint asking for them is
filled from them, never left "missing" while the workspace knows the answer. A datapoint's
``fill`` names a fact as ``@name argument`` (``@gases 1``, ``@by country``); each fact returns
its text (and a number where the datapoint is one) or the reason it cannot, with what to add.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache

import pandas as pd

from ghgcalc import columns as C
from ghgcalc.factors.regions import load_regions
from ghgcalc.core.formula import parse_formula
from ghgcalc.core.intervals import show_half_up
from ghgcalc.figures.reported import COMPUTED, FigureIndex
from ghgcalc.figures.scopes import scope_structure
from ghgcalc.inventory.energy import basis_note
from ghgcalc.inventory.instrument_markets import certificate_names
from ghgcalc.core.percent import change_percent, to_percent
from ghgcalc.workspace.choice import fails_text
from ghgcalc.workspace.config import Workspace

GAS_GROUPS = (("CO2", ("CO2",)), ("CH4", ("CH4", "CH4_fossil", "CH4_nonfossil")), ("N2O", ("N2O",)),
              ("HFCs", ("HFC",)), ("PFCs", ("PFC", "CF4", "C2F6", "C3F8", "C4F10", "cC4F8", "C6F14")), ("SF6", ("SF6",)), ("NF3", ("NF3",)))
GAS_METRICS = {"CO2": "scope1_co2", "CH4": "scope1_ch4", "N2O": "scope1_n2o", "HFCs": "scope1_hfcs",
               "PFCs": "scope1_pfcs", "SF6": "scope1_sf6", "NF3": "scope1_nf3"}
FUEL_FAMILIES = {"natural_gas": "natural gas", "diesel": "crude oil and petroleum products",
                 "motor_gasoline": "crude oil and petroleum products", "lpg": "crude oil and petroleum products",
                 "fuel_oil": "crude oil and petroleum products", "coal": "coal and coal products"}
STANDARDS_TEXT = ("GHG Protocol Corporate Accounting and Reporting Standard (2004), Scope 2 Guidance (2015) "
                  "and Corporate Value Chain (Scope 3) Standard (2011), computed by ghgcalc from activity data")
ONSITE = "onsite_renewable"
STATED = "stated"
PRINTED = "printed"  # a figure read from a reported table, as printed
SCOPE_LABELS = (("scope1", "Scope 1"), ("scope2_location", "Scope 2 location-based"),
                ("scope2_market", "Scope 2 market-based"), ("scope2", "Scope 2 (method not stated)"), ("scope3", "Scope 3"))
BUNDLED = ("PPA", "green_power", "supplier")  # the attribute comes with the electricity bought


def unbundled() -> tuple[str, ...]:
    """The certificates bought apart from the electricity: each market's own (ghgcalc/data/instrument-markets.csv)."""
    return certificate_names()


@dataclass(frozen=True)
class Fact:
    """A filled fact: its text, and its number (in the datapoint's unit) where it is one."""

    text: str
    value: float | None
    source: str
    status: str = "computed"  # or "stated": read as written in the workspace's files (ghgcalc.toml, targets)
    fails_audit: tuple[str, ...] = ()  # each printed figure in it that the audit finds wrong, and why


@dataclass(frozen=True)
class Gap:
    """Why a fact cannot be given, and what to add so that it can."""

    reason: str


def gas_group(gas: str) -> str:
    """The group of GRI 305-1-b and CDP 7.15.1 a gas belongs to (HFC134a -> HFCs; R-410A blends are HFCs)."""
    for group, prefixes in GAS_GROUPS:
        if gas in prefixes or any(gas.startswith(p) for p in prefixes if len(p) > 2 or p in ("HFC", "PFC")):
            return group
    return gas


def _join(parts) -> str:
    return "; ".join(parts)


def _mwh(value: float) -> str:
    return f"{show_half_up(value, 2)} MWh"


def _t(value: float) -> str:
    return show_half_up(value, 2)


def _figure_fact(found: dict, what: str) -> Fact:
    """A figure of another year as a fact: a printed one says so, with its file, row and vintage, and shows its
    printed precision (5,310.4, not 5,310.40); any other is computed, to two decimals."""
    value = float(found["value_c"])
    if found.get("provenance", COMPUTED) == COMPUTED or not found.get("file"):
        return Fact(_t(value), value, what)
    printed_unit = found.get("to_canonical") == 1 and found.get("decimals") == found.get("decimals")
    text = show_half_up(value, int(found["decimals"])) if printed_unit else _t(value)
    return Fact(text, value, f"{found['file']} row {found['row']}, vintage {found['vintage']}: {what}", PRINTED)


class WorkspaceFacts:
    """The facts of one workspace: its configuration, its inventory (if any) and its figures."""

    def __init__(self, workspace: Workspace, figures: pd.DataFrame, run=None, scope3=None, vocabulary=None,
                 not_reported=()):
        self.workspace = workspace
        self.not_reported = tuple(not_reported)  # figures a report printed as no number ("n/a", "-"), with why
        self.vocabulary = vocabulary  # with the workspace's own metrics, which its targets may name
        self.index = FigureIndex(figures)
        self.run = run
        self.scope3 = scope3  # inventory.screening.Scope3Overview or None

    @cached_property
    def _totals(self) -> pd.DataFrame:
        return self.run.result.totals if self.run is not None else pd.DataFrame()

    @cached_property
    def _energy(self) -> pd.DataFrame:
        energy = self.run.result.energy if self.run is not None else None
        return energy if energy is not None else pd.DataFrame()

    def _lines(self, year: int, scope: str | None = None) -> pd.DataFrame:
        totals = self._totals
        if not len(totals):
            return totals
        part = totals[totals[C.YEAR] == year]
        return part if scope is None else part[part[C.SCOPE].astype(str) == scope]

    def get(self, fact: str, year: int) -> Fact | Gap:
        """The fact ``@name argument`` in ``year``."""
        name, _, argument = fact.lstrip("@").strip().partition(" ")
        return getattr(self, f"fact_{name}")(argument.strip(), year)

    # --- what the inventory says -------------------------------------------------------------

    def fact_gases(self, scope: str, year: int) -> Fact | Gap:
        """Gases with emissions in the scope: from the inventory's lines, else from printed Scope 1 gas rows."""
        lines = self._lines(year)
        if len(lines):
            lines = lines[(lines[C.CO2E_T] != 0) & lines[C.SCOPE].astype(str).isin(list(scope or "123"))]
        if len(lines):
            groups = [g for g, _ in GAS_GROUPS if g in {gas_group(str(x)) for x in lines[C.GAS]}]
            other = sorted({gas_group(str(x)) for x in lines[C.GAS]} - set(groups))
            named = groups + [f"{o} (emissions already in CO2e)" if o == "CO2e" else o for o in other]
            return Fact(", ".join(named), None, f"inventory lines of Scope {' and '.join(scope or '123')}, {self.label(year)}, by gas")
        if scope == "1":
            found = [g for g, metric in GAS_METRICS.items() if self.index.get(metric, year) is not None]
            if found:
                return Fact(", ".join(found), None, f"the Scope 1 by-gas figures of {self.label(year)}")
        return Gap(f"no Scope {scope} lines or by-gas figures in {self.label(year)}: add activity rows with a gas, "
                   f"or the report's Scope {scope} emissions by gas")

    def label(self, year: int) -> str:
        """A year as the company labels it ("FY2023"), for the sources of facts."""
        return self.workspace.fiscal_years.label_of(year)

    def fact_gwp(self, _argument: str, year: int) -> Fact | Gap:
        gwp = self.run.result.gwp_set if self.run is not None else self.workspace.gwp_set
        if not gwp:
            return Gap("no GWP set named: add gwp_set under [workspace] in ghgcalc.toml")
        where = "for every figure ghgcalc computes" if self.run is not None else (
            "named in ghgcalc.toml; the printed figures use the report's own set")
        return Fact(f"{gwp} (IPCC 100-year GWPs, factors/gwp-ipcc.csv) {where}", None, "ghgcalc.toml gwp_set", STATED)

    def fact_factors(self, scope: str, year: int) -> Fact | Gap:
        """The factor datasets behind the scope's lines in the year, by publisher and document."""
        lines = self._lines(year, scope or None)
        used = self.run.result.factors_used if self.run is not None else pd.DataFrame()
        if not len(lines) or not len(used):
            return Gap(f"no computed lines{' of Scope ' + scope if scope else ''} in {self.label(year)}: the factors behind "
                       "printed figures are not recorded; add activity rows, or the report's factor sources")
        ids = set(lines["factor_id"].astype(str))
        rows = used[used["factor_id"].astype(str).isin(ids)].drop_duplicates("dataset")
        cited = [f"{r['dataset']}: {str(r['citation']).split('; licence')[0]}" for r in rows.to_dict("records")]
        if not cited:
            return Gap(f"the lines of {self.label(year)} carry no factor (emissions reported as CO2e): add the report's sources")
        return Fact(_join(cited), None, f"factors used by the inventory of {self.label(year)}")

    def fact_standard(self, _argument: str, year: int) -> Fact | Gap:
        if not len(self._lines(year)):
            return Gap(f"no activity data in {self.label(year)}: the report's methodology is not recorded in the workspace; "
                       "state it in the filing")
        fallback = ", ".join(self.workspace.fallback) or "none"
        return Fact(f"{STANDARDS_TEXT}; fallbacks allowed: {fallback}", None, "ghgcalc.toml and the inventory")

    def fact_consolidation(self, argument: str, year: int) -> Fact | Gap:
        """The consolidation approach; with ``emissions``, the group's Scope 1 and 2 under it (CDP 7.22)."""
        approach = self.workspace.consolidation
        if not approach:
            return Gap('no consolidation approach recorded: add consolidation = "operational control" (or '
                       '"financial control", "equity share") under [workspace] in ghgcalc.toml')
        if argument != "emissions":
            return Fact(approach, None, "ghgcalc.toml [workspace] consolidation", STATED)
        scopes = self.fact_scopes("12", year)
        if isinstance(scopes, Gap):
            return scopes
        return Fact(f"{approach}: the whole inventory, {scopes.text}", None,
                    "ghgcalc.toml [workspace] consolidation and the figures of the year")

    def fact_base_year(self, _argument: str, year: int) -> Fact | Gap:
        base = self.workspace.base_year
        if base is None:
            return Gap("no base year: add base_year under [workspace] in ghgcalc.toml")
        parts = [f"{label} {_t(float(found['value_c']))} t CO2e" for metric, label in SCOPE_LABELS
                 if (found := self.index.get(metric, base)) is not None]
        figures = f": {_join(parts)}" if parts else ": no emissions figure in that year"
        return Fact(f"{self.label(base)}{figures}", float(base), "ghgcalc.toml base_year and the figures of that year", STATED)

    def _metric_in(self, metric: str, year: int) -> float | None:
        found = self.index.get(metric, year)
        return None if found is None else float(found["value_c"])

    def _absent_scopes(self, metric: str, year: int) -> str:
        """The scopes a scope total adds that have no figure of their own in ``year`` ("Scope 3"), or ""."""
        scopes = scope_structure(self.vocabulary)
        absent = [s for s in scopes.scopes_of(metric) if not any(
            m.scopes == (s,) and self._metric_in(m.name, year) is not None for m in scopes.metrics.values())]
        return " and ".join(f"Scope {s}" for s in absent)

    def _total_in(self, metric: str, year: int, depth: int = 0) -> float | None:
        """A figure of the table of figures, or a plain sum it holds only as parts (printed Scope 1+2 and Scope 3:
        one value per figure, so no computed total beside printed parts); None when a part is missing."""
        found = self._metric_in(metric, year)
        if found is not None or depth > 3 or self.vocabulary is None or metric not in self.vocabulary:
            return found
        text = str(self.vocabulary.formula(metric) or "").strip()
        terms = parse_formula(text, source="metrics.csv").terms if text and text != "nan" else None
        parts = [self._total_in(part, year, depth + 1) for part in terms or ()]
        return sum(parts) if parts and None not in parts else None

    def fact_base(self, metric: str, year: int) -> Fact | Gap:
        """A figure in the base year (CDP 7.5)."""
        base = self.workspace.base_year
        if base is None:
            return Gap("no base year: add base_year under [workspace] in ghgcalc.toml")
        found = self.index.get(metric, base)
        if found is None:
            return Gap(f"no {metric} figure in the base year {self.label(base)}: add it (reported or activity rows)")
        return _figure_fact(found, f"{metric} in the base year {self.label(base)}")

    def fact_previous(self, metric: str, year: int) -> Fact | Gap:
        found = self.index.get(metric, year - 1)
        if found is None:
            return Gap(f"no {metric} figure in {self.label(year - 1)}: add it (reported or activity rows)")
        return _figure_fact(found, f"{metric} in {self.label(year - 1)}")

    def fact_change(self, metric: str, year: int) -> Fact | Gap:
        """The change of a figure from the previous year, in its unit and in per cent (CDP 7.10, 7.11)."""
        now, before = self._metric_in(metric, year), self._metric_in(metric, year - 1)
        if now is None or before is None:
            return Gap(f"{metric} is not known in both {self.label(year - 1)} and {self.label(year)}: add the missing year's figure")
        percent = f", {show_half_up(change_percent(now, before), 2, sign=True)} %" if before else ""
        direction = "increased" if now > before else "decreased" if now < before else "no change"
        return Fact(show_half_up(now - before, 2, sign=True), now - before,
                    f"{metric} {self.label(year - 1)} -> {self.label(year)}, unrounded: {direction}{percent}")

    def fact_scopes(self, scopes: str, year: int) -> Fact | Gap:
        """The AR 48 table's rows in one line: each scope's figure and its Scope 2 method."""
        records = [(label, r) for metric, label in SCOPE_LABELS
                   if metric[5] in (scopes or "123") and (r := self.index.get(metric, year)) is not None]
        if not records:
            return Gap(f"no emissions figure in {self.label(year)}: add activity rows or the reported figures")
        found = [(label, _figure_fact(r, label)) for label, r in records]  # as printed (5,919) or computed (5,919.28)
        kinds = {fact.status for _, fact in found}
        status = next(iter(kinds)) if len(kinds) == 1 else f"{PRINTED} and computed"
        said = "" if len(kinds) == 1 else f" (printed: {', '.join(n for n, fact in found if fact.status == PRINTED)})"
        return Fact(_join(f"{label} {fact.text}" for label, fact in found) + " t CO2e", None,
                    f"the figures of {self.label(year)}{said}", status, tuple(t for _, r in records if (t := fails_text(r))))

    def fact_text(self, text: str, year: int) -> Fact:
        """A statement true of how ghgcalc fills the table (the scopes in a ratio it computes)."""
        return Fact(text, None, "how ghgcalc computes this table", STATED)

    def _targets(self):
        if self.workspace.targets_file is None:
            return None
        from ghgcalc.targets.target_file import load_targets
        return load_targets(self.workspace.targets_file, vocabulary=self.vocabulary,
                            years=self.workspace.fiscal_years, decimal=self.workspace.decimal_marks).targets

    def fact_targets(self, _argument: str, year: int) -> Fact | Gap:
        """The workspace's targets, each in words (ESRS E1-4, ESRS 2 MDR-T, HKEX A1.5)."""
        targets = self._targets()
        if not targets:
            return Gap("no targets: add a targets file ([data] targets in ghgcalc.toml, docs/targets.md)")
        return Fact(_join(f"{t.id}: {t.reading}" for t in targets), float(len(targets)),
                    f"{self.workspace.targets_file.name}", STATED)

    def fact_target(self, argument: str, year: int) -> Fact | Gap:
        """A reduction target on one scope: ``metric method kind`` with kind absolute (t CO2e) or percent."""
        metric, method, kind = (argument.split() + ["", "", ""])[:3]
        method = None if method == "-" else method
        targets = [t for t in self._targets() or () if t.metric == metric and (t.scope2_method or None) == method
                   and t.level.fraction_of_base is not None and t.kind.absolute_level]
        if not targets:
            which = f"{metric}{' (' + method + '-based)' if method else ''}"
            return Gap(f"no reduction target on {which} alone: a combined target is described in E1-4_02; "
                       "add a target on this scope to targets.toml to fill it")
        t = min(targets, key=lambda t: t.target_year)
        cut = 1 - t.level.fraction_of_base
        if kind == "percent":
            return Fact(f"{show_half_up(to_percent(cut), 2)} ({t.id}, {t.label(t.base_year)}-{t.label(t.target_year)})", to_percent(cut),
                        t.where())
        base = self._total_in(t.metric if not method else f"{metric}_{method}", t.base_year)
        if base is None:
            absent = self._absent_scopes(metric, t.base_year)
            add = (f": {t.label(t.base_year)} has no {absent} figure; add it (activity rows or a reported table)"
                   if absent else "")
            return Gap(f"target {t.id}: no {metric} figure in its base year {t.label(t.base_year)} to turn the cut "
                       f"into t CO2e{add}")
        return Fact(f"{_t(base * cut)} ({t.id}, {t.label(t.base_year)}-{t.label(t.target_year)})", base * cut, t.where())

    # --- Scope 3 screening --------------------------------------------------------------------

    def _screening(self, year: int) -> pd.DataFrame | None:
        if self.scope3 is None or not self.scope3.screened:
            return None
        table = self.scope3.table
        part = table[(table[C.YEAR] == year) & (table["category"] != "total")]
        return part if len(part) else None

    def fact_scope3(self, which: str, year: int) -> Fact | Gap:
        """``included``: categories with data or declared relevant; ``excluded``: the rest, each with its reason."""
        table = self._screening(year)
        if table is None:
            found = [str(n) for n in range(1, 16) if self.index.get(f"scope3_cat{n}", year) is not None]
            if which == "included" and found:
                return Fact("categories " + ", ".join(found) + " (those with a figure; no screening declared)",
                            float(len(found)), f"the Scope 3 figures of {self.label(year)}")
            return Gap(f"no Scope 3 screening for {self.label(year)}: add a scope3_screening file ([data] in ghgcalc.toml) "
                       "with each category's status and reason")
        with_data = table[C.CO2E_T].fillna(0) != 0
        if which == "included":
            rows = table[with_data]
            text = _join(f"{r['category']} {r['name']} ({r['status']}, {_t(r[C.CO2E_T])} t CO2e)"
                         for r in rows.to_dict("records"))
            return Fact(text or "none", float(len(rows)), f"Scope 3 screening and inventory of {self.label(year)}")
        rows = table[~with_data]
        text = _join(f"{r['category']} {r['name']}: {r['status']}" + (f", {r['reason']}" if r["reason"] else "")
                     for r in rows.to_dict("records"))
        return Fact(text or "none", float(len(rows)), f"Scope 3 screening of {self.label(year)}", STATED)

    def not_reported_reason(self, metric: str, year: int) -> str | None:
        """Why the report gives no number for a figure it prints as "n/a" or a dash, and where; None otherwise."""
        found = next((r for r in self.not_reported if r["metric"] == metric and int(r["year"]) == int(year)
                      and not r["segment"]), None)
        return None if found is None else f"not reported ({found['not_reported']}; {found['file']} row {found['row']})"

    def category_reason(self, category: int, year: int) -> str | None:
        """The screening's status and reason for a category without a figure (CDP 7.8, E1-6 AR 46(i))."""
        table = self._screening(year)
        if table is None:
            return None
        row = table[table["category"] == str(category)]
        if not len(row):
            return None
        row = row.iloc[0]
        return f"screened {row['status']}" + (f": {row['reason']}" if row["reason"] else "")

    def fact_supplier_share(self, _argument: str, year: int) -> Fact | Gap:
        if self.scope3 is None:
            return Gap(f"no computed Scope 3 in {self.label(year)}: add Scope 3 activity rows with their method")
        table = self.scope3.table
        total = table[(table[C.YEAR] == year) & (table["category"] == "total")]
        if not len(total) or pd.isna(total.iloc[0]["supplier_specific_share"]):
            return Gap(f"no computed Scope 3 in {self.label(year)}: add Scope 3 activity rows with their method")
        share = to_percent(float(total.iloc[0]["supplier_specific_share"]))
        return Fact(show_half_up(share, 2), share, f"Scope 3 lines of method supplier-specific, {self.label(year)}")

    def fact_quality(self, _argument: str, year: int) -> Fact | Gap:
        """Each category's method mix and data quality score (Scope 3 Standard, Table 7.6)."""
        table = self._screening(year) if self.scope3 is not None else None
        if table is None and self.scope3 is not None:
            part = self.scope3.table
            table = part[(part[C.YEAR] == year) & (part["category"] != "total")]
        if table is None or not len(table) or not table[C.CO2E_T].fillna(0).any():
            return Gap(f"no computed Scope 3 in {self.label(year)}: add Scope 3 activity rows with their method")
        rows = table[table[C.CO2E_T].fillna(0) != 0]
        return Fact(_join(f"{r['category']}: {r['method_mix']}, DQ {show_half_up(r['dq_score'], 1)}" for r in rows.to_dict("records")),
                    None, f"Scope 3 lines of {self.label(year)} (DQ 1 very good to 4 poor)")

    # --- energy and instruments ---------------------------------------------------------------

    def _energy_year(self, year: int) -> pd.DataFrame:
        energy = self._energy
        return energy[energy[C.YEAR] == year] if len(energy) else energy

    def fact_energy(self, which: str, year: int) -> Fact | Gap:
        """MWh of the year's energy lines: purchased renewable, self-generated renewable, fuels by family."""
        energy = self._energy_year(year)
        if not len(energy):
            return Gap(f"no energy lines in {self.label(year)}: add activity rows of fuels and electricity")
        instrument = energy["instrument"].fillna("").astype(str)
        fuel, detail = energy["kind"] == "combustion", ""
        if which == "purchased_renewable":
            part = energy[energy["renewable"] & ~fuel & (instrument != ONSITE)]
            detail = _join(f"{k or 'renewable tariff'} {_mwh(v)}"
                           for k, v in part.groupby("instrument")["energy_mwh"].sum().items())
        elif which == "self_generated_renewable":
            part = energy[energy["renewable"] & (instrument == ONSITE)]
        elif which == "renewable_fuel":
            part = energy[energy["renewable"] & fuel]
        elif which == "fuel_total":
            part = energy[fuel & ~energy["renewable"]]
        elif which == "activities":
            kinds = energy.groupby("kind")["energy_mwh"].sum()
            return Fact(_join(f"{k} {_mwh(v)}" for k, v in kinds.items()), None, f"energy lines of {self.label(year)}")
        elif which in ("by_fuel", "by_country"):
            return self._energy_split(energy, which, year)
        else:  # a fuel family of ESRS para 38(a)-(d)
            families = energy["activity"].astype(str).str.split(".").str[0].map(FUEL_FAMILIES).fillna("other fossil")
            part = energy[fuel & ~energy["renewable"] & (families == which.replace("_", " "))]
        total = float(part["energy_mwh"].sum())
        detail = detail or (basis_note(part, self.workspace.energy_basis) if (part["kind"] == "combustion").any() else "")
        return Fact(show_half_up(total, 2), total, f"energy lines of {self.label(year)} ({len(part)} of {len(energy)})"
                    + (f": {detail}" if detail else ""))

    def _energy_split(self, energy: pd.DataFrame, which: str, year: int) -> Fact:
        if which == "by_fuel":
            part = energy[energy["kind"] == "combustion"]
            keys = part["activity"].astype(str)
        else:
            part = energy
            keys = countries_of(part).replace("", "(no region)")
            keys = keys + " " + part["kind"].astype(str)
        sums = part.groupby(keys)["energy_mwh"].sum()
        return Fact(_join(f"{k} {_mwh(v)}" for k, v in sums.items()) or "none", float(sums.sum()),
                    f"energy lines of {self.label(year)}"
                    + (f": {basis_note(part, self.workspace.energy_basis)}" if which == "by_fuel" and len(part) else ""))

    def fact_instruments(self, kind: str, year: int) -> Fact | Gap:
        """Contractual instruments by type, in MWh and as a share of the electricity bought (ESRS AR 45(d))."""
        energy = self._energy_year(year)
        if not len(energy):
            return Gap(f"no energy lines in {self.label(year)}: add activity rows of electricity, with their instrument")
        power = energy[energy["kind"] != "combustion"]
        instrument = power["instrument"].fillna("").astype(str)
        bought = power[(instrument != "") & (instrument != ONSITE)]
        if kind:
            bought = bought[bought["instrument"].isin(BUNDLED if kind == "bundled" else unbundled())]
        total = float(power["energy_mwh"].sum())
        if not len(bought):
            return Fact(f"0.00 % of {_mwh(total)}: none bought {'under ' + kind + ' instruments' if kind else 'under an instrument'}",
                        0.0, f"energy lines of {self.label(year)}")
        parts = [f"{k} {_mwh(v)} ({show_half_up(to_percent(v / total), 1)} %)" for k, v in bought.groupby("instrument")["energy_mwh"].sum().items()]
        share = to_percent(float(bought["energy_mwh"].sum()) / total)
        return Fact(f"{show_half_up(share, 2)} % of {_mwh(total)}: {_join(parts)}", share, f"energy lines of {self.label(year)}")

    # --- splits -------------------------------------------------------------------------------

    def fact_by(self, key: str, year: int) -> Fact | Gap:
        """Scope 1 and Scope 2 (both methods) by country, site or segment (CDP 7.16, 7.17, 7.20)."""
        lines = self._lines(year)
        if not len(lines):
            return Gap(f"no activity lines in {self.label(year)}: add activity rows with their {key}")
        lines = lines[lines[C.SCOPE].astype(str).isin(["1", "2"])].copy()
        if key == "country":
            lines["key"] = countries_of(lines)
        else:
            lines["key"] = lines[key].fillna("").astype(str)
        if (lines["key"] == "").all():
            return Gap(f"the activity rows of {self.label(year)} name no {key}: add a {key} column")
        lines["column"] = lines[C.SCOPE].astype(str) + lines[C.SCOPE2_METHOD].fillna("").astype(str)
        table = lines.pivot_table(index="key", columns="column", values=C.CO2E_T, aggfunc="sum", fill_value=0.0)
        parts = []
        for name, row in table.iterrows():
            parts.append(f"{name or f'(no {key})'}: S1 {_t(row.get('1', 0.0))}, S2 location "
                         f"{_t(row.get('2location', 0.0))}, S2 market {_t(row.get('2market', 0.0))}")
        return Fact(_join(parts), None, f"inventory lines of {self.label(year)} by {key}, t CO2e")


def countries_of(lines: pd.DataFrame) -> pd.Series:
    """Each line's country: its region's, or for a line without a region (a refrigerant release, a fuel with a
    global factor) its site's, when the site's other lines name one country (Pune's grid rows say IN-MH)."""
    # as object first: a column with no region or site read is float NaN, which "" may not fill (pandas 4)
    country = lines[C.REGION].astype(object).fillna("").astype(str).map(country_of)
    if C.SITE not in lines:
        return country
    site = lines[C.SITE].astype(object).fillna("").astype(str)
    named = (site != "") & (country != "")
    found = country[named].groupby(site[named]).unique()
    of_site = {name: values[0] for name, values in found.items() if len(values) == 1}
    return country.where(country != "", site.map(lambda name: of_site.get(name, "")))


@lru_cache(maxsize=1)
def _parents():
    return load_regions()


def country_of(region: str) -> str:
    """A region's country: CN-JS and CN-EAST are CN (regions.csv names each region's parent), IN-MH is IN."""
    parents = _parents()
    seen = set()
    while region in parents and parents[region] and region not in seen:
        seen.add(region)
        region = parents[region]
    return region.split("-")[0] if region else ""
