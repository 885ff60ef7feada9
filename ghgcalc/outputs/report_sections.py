"""The parts of a report an analyst reads beside the headline: the inventory year by year, Scope 3 by
category with its screening and data quality, how the figures were made, and the contractual instruments.

Why: the GHG Protocol Corporate Standard (ch. 9, "Reporting GHG emissions") asks a public report for the
scopes year by year with the base year, the Scope 3 categories included, the methodologies and emission
factor sources, the GWP set, and the recalculations of earlier years; ESRS E1-6 AR 45(d) asks for the
contractual instruments behind market-based Scope 2. ghgcalc holds each, so the report shows each, and a
scope it has no figure for is a row that says "not reported" rather than a row left out.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ghgcalc import columns as C
from ghgcalc.core.intervals import show_half_up
from ghgcalc.figures.metrics import Vocabulary
from ghgcalc.figures.reported import FigureIndex
from ghgcalc.inventory.instrument_markets import certificate_labels
from ghgcalc.outputs.disclosure import MISSING, fill_datapoints
from ghgcalc.outputs.headline import SCOPE_ROWS, scope_datapoints
from ghgcalc.outputs.disclosure_facts import BUNDLED, ONSITE, Gap, WorkspaceFacts

NOT_REPORTED = "not reported"
SCOPE_OF = {"scope1": "1", "scope2_location": "2", "scope2_market": "2", "scope2": "2", "scope12_location": "12",
            "scope12_market": "12", "scope12": "12", "scope3": "3"}


def instrument_type(name: str) -> str:
    """How an instrument conveys its attribute, for the report's table of instruments."""
    if name == ONSITE:
        return "generated on site"
    if name in BUNDLED:
        return "bundled with the electricity"
    return certificate_labels().get(name, "other contractual instrument")


@dataclass(frozen=True)
class ReportSections:
    """The report's parts beyond the headline; a frame is None when the workspace has nothing for it."""

    years: pd.DataFrame | None = None  # each scope in every year, "not reported" where missing, with flags
    scope3: pd.DataFrame | None = None  # Scope 3 by category in the reporting year
    instruments: pd.DataFrame | None = None  # contractual instruments of the reporting year's electricity
    methodology: tuple[tuple[str, str], ...] = ()  # (item, how), in reading order
    notes: dict = field(default_factory=dict)  # headline metric -> a note on its change (coverage differs)
    changes: tuple[str, ...] = ()  # the boundary changes declared, one line each

    def tables(self) -> dict[str, pd.DataFrame]:
        """The parts as workbook sheets."""
        out = {}
        if self.years is not None:
            years = self.years.drop(columns=["unit"])
            out["inventory by year"] = years.rename(columns={c: f"{c} (t CO2e)" for c in years.columns[1:-2]})
        if self.scope3 is not None:
            out["scope 3 by category"] = self.scope3.rename(columns={
                "t CO2e": "emissions (t CO2e)", "data quality": "data quality (1 very good to 4 poor)"})
        if self.instruments is not None:
            out["instruments"] = self.instruments.rename(columns={"MWh": "electricity (MWh)"})
        if self.methodology:
            out["methodology"] = pd.DataFrame(list(self.methodology), columns=["item", "how"])
        return out

    def to_dict(self) -> dict:
        def records(frame):
            return None if frame is None else frame.astype(object).where(frame.notna(), None).to_dict("records")
        return {"years": records(self.years), "scope3": records(self.scope3), "instruments": records(self.instruments),
                "methodology": [{"item": k, "how": v} for k, v in self.methodology], "notes": dict(self.notes),
                "boundary_changes": list(self.changes)}


def report_sections(opened, year: int, audit, changes=()) -> ReportSections:
    """The report's parts for ``year`` of an opened workspace: the inventory in every year with figures, Scope 3
    by category, the instruments and the methodology (from ghgcalc.toml, the inventory and the audit)."""
    from ghgcalc.figures.reported import not_reported
    from ghgcalc.figures.scopes import scope_structure
    from ghgcalc.outputs.disclosure import coverage_notes
    from ghgcalc.workspace.pipeline import workspace_scope3

    config, figures, vocabulary = opened.config, opened.used, opened.vocabulary  # one figure everywhere
    run = opened.inventory if opened.computes else None
    facts = WorkspaceFacts(config, figures, run, workspace_scope3(config, run.result) if run else None, vocabulary,
                           not_reported(opened.printed))
    label = config.fiscal_years.label_of
    emissions = figures[figures["metric"].isin(scope_structure(vocabulary).year_metrics())] if len(figures) else figures
    years = sorted({int(y) for y in emissions["year"]} | {year}) if len(emissions) else [year]
    flags = restatement_flags(audit, label)
    currency = opened.currency
    return ReportSections(
        years=inventory_years(figures, vocabulary, years, currency, label, flags),
        scope3=scope3_categories(facts, year), instruments=instruments(facts, year),
        methodology=tuple(methodology(facts, year, label)), notes=coverage_notes(facts, year, year - 1),
        changes=boundary_changes(changes, label))


def inventory_years(figures: pd.DataFrame, vocabulary: Vocabulary, years: list[int], currency: str,
                    label=str, flags: dict | None = None) -> pd.DataFrame:
    """Each scope's figure in every year (t CO2e; empty where not reported), the years it is missing in, and the
    restatements of its earlier figures (``flags``: metric -> notes)."""
    flags = flags or {}
    figures = FigureIndex(figures)  # indexed once for every year
    cells = {y: fill_datapoints(scope_datapoints("inventory", "t CO2e"), figures, vocabulary, y, currency) for y in years}
    rows, decimals = [], {}
    for i, (name, metric, always) in enumerate(SCOPE_ROWS):
        found = {y: cells[y][i] for y in years if cells[y][i].status != MISSING}
        if not found and not always:
            continue
        missing = [label(y) for y in years if y not in found]
        note = (NOT_REPORTED if not found else f"{NOT_REPORTED} in {', '.join(missing)}" if missing else "")
        sources = sorted({c.status for c in found.values()})
        row = {"scope": name, **{label(y): (found[y].value if y in found else None) for y in years},
               "unit": "t CO2e", "how": ", ".join(sources), "note": "; ".join([n for n in [note, *flags.get(metric, ())] if n])}
        rows.append(row)
        decimals[name] = {label(y): found[y].printed_decimals for y in found}
    frame = pd.DataFrame(rows)
    for y in years:
        frame[label(y)] = pd.to_numeric(frame[label(y)], errors="coerce")
    frame.attrs["decimals"] = decimals  # scope -> year label -> the decimals a printed figure shows
    return frame


def restatement_flags(audit, label=str) -> dict[str, list[str]]:
    """metric -> "restated 2020: +112.08 % (esg-2023 against sr-2020)" for each significant restatement the audit
    found of an emissions figure (GHG Protocol ch. 5: recalculating base-year and earlier emissions)."""
    out: dict[str, list[str]] = {}
    if audit is None:
        return out
    for f in audit.findings:
        if f.kind != "restatement" or not getattr(f, "significant", False) or f.metric not in SCOPE_OF:
            continue
        percent = (f.change or {}).get("percent")
        change = f" {show_half_up(percent, 2, sign=True)} %" if percent is not None else ""
        out.setdefault(f.metric, []).append(f"restated {label(f.year)}:{change} ({f.definition})")
    return out


def boundary_changes(changes, label=str) -> tuple[str, ...]:
    """"2023: new segment ev_factory (Automotive factory: ...)" for each structural change the targets file declares:
    the years before it are not like for like with the years after (GHG Protocol Corporate Standard, ch. 5)."""
    return tuple(f"{label(c.year)}: {c.kind.replace('_', ' ')}" + (f" {c.segment}" if c.segment else "")
                 + (f" of {c.metric}" if c.metric else "") + (f" ({c.description})" if c.description else "")
                 for c in changes or ())


def scope3_categories(facts: WorkspaceFacts, year: int) -> pd.DataFrame | None:
    """Scope 3 by category in ``year``: t CO2e, screening status and reason, method mix, data quality (1 very
    good to 4 poor, Scope 3 Standard Table 7.6); from the inventory, else the printed category figures."""
    overview = facts.scope3
    if overview is not None:
        table = overview.table
        part = table[(table[C.YEAR] == year)]
        if len(part):
            rows = []
            for r in part.to_dict("records"):
                value = r.get(C.CO2E_T)
                if not r.get("method_mix") and not value:
                    value = None  # no lines: no figure, not a zero
                rows.append({"category": str(r["category"]), "name": r.get("name", ""),
                             "t CO2e": None if pd.isna(value) else float(value),
                             "status": r.get("status", "") or ("with data" if value else ""),
                             "methods": r.get("method_mix", "") or "",
                             "data quality": None if pd.isna(r.get("dq_score")) else float(r["dq_score"]),
                             "reason": r.get("reason", "") or r.get("flag", "") or ""})
            return pd.DataFrame(rows)
    rows = []
    for n in range(1, 16):
        found = facts.index.get(f"scope3_cat{n}", year)
        if found is not None:
            rows.append({"category": str(n), "name": "", "t CO2e": float(found["value_c"]), "status": "printed",
                         "methods": "", "data quality": None, "reason": ""})
    return pd.DataFrame(rows) if rows else None


def instruments(facts: WorkspaceFacts, year: int) -> pd.DataFrame | None:
    """The contractual instruments of the year's electricity (ESRS E1-6 AR 45(d)): type, MWh and share."""
    energy = facts._energy_year(year)
    if not len(energy):
        return None
    power = energy[energy["kind"] != "combustion"]
    total = float(power["energy_mwh"].sum())
    instrument = power["instrument"].fillna("").astype(str)
    rows = []
    for name, mwh in power[instrument != ""].groupby("instrument")["energy_mwh"].sum().items():
        kind = instrument_type(name)
        rows.append({"instrument": name, "type": kind, "MWh": float(mwh),
                     "share of electricity (%)": 100 * float(mwh) / total if total else None})
    if not rows:
        return None
    rows.append({"instrument": "electricity in all", "type": "", "MWh": total, "share of electricity (%)": 100.0})
    return pd.DataFrame(rows)


def methodology(facts: WorkspaceFacts, year: int, label=str) -> list[tuple[str, str]]:
    """How the figures were made, item by item: boundary and consolidation, standards, GWP set, which factor
    dataset served which emissions, fallbacks; or what to add to the workspace where it does not say."""
    def text(fact) -> str:
        return fact.reason if isinstance(fact, Gap) else fact.text

    items = [("consolidation", text(facts.fact_consolidation("", year)))]
    segments = facts.workspace.segments
    if segments:
        items.append(("boundary", "whole reporting boundary; segments reported apart: " + ", ".join(segments)))
    items += [("standards", text(facts.fact_standard("", year))), ("GWP set", text(facts.fact_gwp("", year)))]
    used = facts.run.result.factors_used if facts.run is not None else pd.DataFrame()
    for scope in ("1", "2", "3"):
        lines = facts._lines(year, scope)
        if len(lines) and len(used):
            ids = set(lines[C.FACTOR_ID].astype(str))
            datasets = list(dict.fromkeys(used[used[C.FACTOR_ID].astype(str).isin(ids)]["dataset"]))
            if datasets:
                items.append((f"factors, Scope {scope}", ", ".join(datasets) + " (full citations: --html, --xlsx)"))
    fallbacks = _fallbacks(facts, year, label)
    if fallbacks:
        items.append(("fallbacks", fallbacks))
    return items


def _fallbacks(facts: WorkspaceFacts, year: int, label=str) -> str:
    """Which of the year's lines used a factor found by a fallback rule (an earlier edition, another region, a
    location-based factor for want of a residual mix, a GWP set other than the inventory's), with their datasets."""
    lines = facts._lines(year)
    if not len(lines) or C.FALLBACK not in lines:
        return ""
    used = lines[lines[C.FALLBACK].fillna("").astype(str) != ""]
    if not len(used):
        return f"none: every line of {label(year)} found a factor of its own year and region"
    kinds: dict[str, set] = {}
    counts: dict[str, int] = {}
    for record in used.to_dict("records"):
        text = facts.workspace.fiscal_years.label_in(str(record[C.FALLBACK]), record[C.YEAR])
        kinds.setdefault(text, set()).add(str(record.get(C.FACTOR_ID, "")).split("/")[0].split(":")[0])
        counts[text] = counts.get(text, 0) + 1
    parts = [f"{text} [{', '.join(sorted(d for d in datasets if d))}: {counts[text]} line{'s' * (counts[text] > 1)}]"
             for text, datasets in kinds.items()]
    return (f"{len(used)} of {len(lines)} lines of {label(year)} used a factor found by a fallback rule: "
            + "; ".join(parts))
