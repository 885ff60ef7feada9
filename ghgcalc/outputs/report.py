"""A workspace read end to end: its inventory, the audit of its printed figures, and its targets.

What ``ghgcalc report`` prints, as a library object. It is for people, not for gating: the
audit's and the targets' own reports (``AuditReport``, ``GapReport``) carry the verdicts, and
``ghgcalc audit`` and ``ghgcalc gap`` are the commands whose exit codes say whether checks
failed. It combines the audit and target layers, so it lives above both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ghgcalc import columns as C
from ghgcalc.audit.checks import NothingToAudit, audit_workspace
from ghgcalc.audit.findings import AuditReport
from ghgcalc.core.years import CALENDAR, FiscalYears
from ghgcalc.errors import GhgcalcError
from ghgcalc.inventory.engine import summarise
from ghgcalc.figures.scopes import scope_structure
from ghgcalc.outputs.headline import DISPLAY_COLUMNS, headline_frame, intensity_frame
from ghgcalc.outputs.report_sections import ReportSections, report_sections
from ghgcalc.outputs.report_text import render_report_text
from ghgcalc.targets.gap import GapReport, track_workspace
from ghgcalc.workspace.config import Workspace
from ghgcalc.workspace.manifest import build_manifest
from ghgcalc.workspace.opened import OpenWorkspace, open_workspace

TOTAL = "t CO2e"
FRAME_COLUMNS = ("section", "item", "year", "value", "unit", "status")


@dataclass(frozen=True)
class InventoryTotals:
    """The inventory's totals per year, scope and Scope 2 method, in t CO2e under a named GWP set."""

    gwp_set: str
    summary: str  # how many rows were computed, and any problems
    totals: pd.DataFrame  # columns year, scope, scope2_method, t CO2e
    notes: tuple[str, ...] = ()  # derived category 3: coverage of Scope 1 and 2 energy, and what is not covered


@dataclass(frozen=True)
class WorkspaceReport:
    """Each part is None when the workspace has no data for it (no activity, reported or target file)."""

    name: str
    path: str  # as given, for the "details:" hints
    inventory: InventoryTotals | None
    audit: AuditReport | None
    targets: GapReport | None
    year: int | None = None  # the reporting year of the headline (the targets' year when there are targets)
    headline: pd.DataFrame | None = None  # totals by scope, both Scope 2 methods, year on year (outputs.headline)
    intensities: pd.DataFrame | None = None
    manifest: dict | None = None  # inputs with hashes, factor datasets, versions
    scenarios: pd.DataFrame | None = None  # the workspace's scenarios: each target's projected figure and verdict
    problems: tuple[str, ...] = ()  # parts that could not be computed (a scenario file in error), one line each
    years: FiscalYears = CALENDAR  # how the company labels its years: every heading and year column shows its labels
    sections: ReportSections | None = None  # inventory by year, Scope 3 by category, instruments, methodology
    prefer: str = "printed"  # [workspace] prefer: which figure is used where printed and computed both exist
    prefer_note: str = ""  # that choice and why, in words ("" when the workspace has only one kind)

    def to_dict(self) -> dict:
        """Inventory totals, the audit's and the targets' JSON documents, headline, intensities, scenarios, manifest."""
        inventory = None if self.inventory is None else {
            "gwp_set": self.inventory.gwp_set, "summary": self.inventory.summary, "unit": TOTAL,
            "totals": [self.years.add_labels(r) for r in self.inventory.totals.to_dict("records")],
            "notes": list(self.inventory.notes)}
        return {"workspace": self.name, "inventory": inventory,
                "audit": None if self.audit is None else self.audit.to_dict(),
                "targets": None if self.targets is None else self.targets.to_dict(),
                "year": self.year, **({} if self.years.calendar or self.year is None
                                      else {"year_label": self.years.label_of(self.year)}),
                "headline": None if self.headline is None else self.headline.to_dict("records"),
                "intensities": None if self.intensities is None else self.intensities.to_dict("records"),
                "scenarios": None if self.scenarios is None else _scenario_records(self.scenarios),
                "sections": None if self.sections is None else self.sections.to_dict(),
                "problems": list(self.problems),
                "manifest": self.manifest, **({"figures_used": self.prefer_note} if self.prefer_note else {})}

    def to_frame(self) -> pd.DataFrame:
        """The headline figures in one long table: inventory totals, audit verdict counts, target gaps (and
        ``year_label`` beside ``year`` where the company labels its years otherwise)."""
        rows = []
        if self.inventory is not None:
            for row in self.inventory.totals.to_dict("records"):
                method = f" ({row[C.SCOPE2_METHOD]})" if str(row[C.SCOPE]) == "2" else ""
                rows.append({"section": "inventory", "item": f"scope {row[C.SCOPE]}{method}", "year": row[C.YEAR],
                             "value": row[TOTAL], "unit": TOTAL, "status": ""})
        if self.audit is not None:
            rows += [{"section": "audit", "item": verdict, "year": None, "value": count, "unit": "findings",
                      "status": ""} for verdict, count in self.audit.summary.items() if count]
        if self.targets is not None:
            for record in self.targets.to_dict()["targets"]:
                gap = record["gap"] or {}
                rows.append({"section": "targets", "item": f"{record['id']}: gap", "year": record["year"],
                             "value": gap.get("value"), "unit": gap.get("unit", record["unit"]),
                             "status": record["status"]})
        return self.years.with_label_columns(pd.DataFrame(rows, columns=FRAME_COLUMNS))

    def render_text(self, *, wide: bool = False) -> str:
        """The report as ``ghgcalc report`` prints it (:mod:`ghgcalc.outputs.report_text`)."""
        return render_report_text(self, wide=wide)

    def tables(self) -> dict[str, pd.DataFrame]:
        """The report's tables for a workbook: headline, intensities, inventory, targets, audit findings."""
        out, label = {}, self.years.label_of
        if self.headline is not None:
            out[f"headline {label(self.year)}"] = _joined(self.headline).rename(columns={
                "previous": f"value {label(self.year - 1)}", "value": f"value {label(self.year)}",
                "change_percent": "change (%)"})
        if self.intensities is not None and len(self.intensities):
            out["intensities"] = _joined(self.intensities).rename(columns={
                "previous": f"value {label(self.year - 1)}", "value": f"value {label(self.year)}",
                "change_percent": "change (%)"})
        if self.inventory is not None:
            out[f"inventory ({TOTAL})"] = self.years.label_columns(self.inventory.totals)
        if self.targets is not None:
            frame = self.targets.to_frame()  # its years as labels, so the machine table's label columns go
            out[f"targets {self.targets.year_label}"] = self.years.label_columns(
                frame.drop(columns=[c for c in frame if str(c).endswith("_label")]).rename(columns=readable),
                ("year", "base year", "target year"))
        if self.sections is not None:
            out.update(self.sections.tables())
        if self.audit is not None:
            out["audit findings"] = self.audit.labelled_frame()
        if self.scenarios is not None:
            out["scenarios"] = self.years.label_columns(self.scenarios, ("target year", "first year met"))
        return out


def _joined(frame: pd.DataFrame) -> pd.DataFrame:
    """A headline table for a workbook: the failing prints of a row as one text cell ("fails audit"); without the
    decimals the text shows each figure with (they serve the text and HTML, not a reader of the sheet)."""
    frame = frame.drop(columns=[c for c in DISPLAY_COLUMNS if c in frame])
    if "fails_audit" not in frame:
        return frame
    return frame.assign(fails_audit=["; ".join(found or ()) for found in frame["fails_audit"]]).rename(
        columns={"fails_audit": "fails audit"})


def readable(column: str) -> str:
    """A column name for people: words, not snake_case ("target_level" -> "target level")."""
    return str(column).replace("_", " ")


def _scenario_records(frame: pd.DataFrame) -> list[dict]:
    """The scenarios' verdicts for JSON: a year is a whole number, a missing value null (not NaN or 2025.0)."""
    records = []
    for row in frame.rename(columns=lambda c: c.replace(" ", "_")).to_dict("records"):
        row = {k: (None if not isinstance(v, (list, dict)) and pd.isna(v) else v) for k, v in row.items()}
        if row.get("first_year_met") is not None:
            row["first_year_met"] = int(row["first_year_met"])
        records.append(row)
    return records


def report_workspace(workspace: OpenWorkspace | str | Path, *, year: int | None = None) -> WorkspaceReport:
    """Inventory, audit and progress towards targets (in ``year``, default the latest with data) of one workspace.

    The workspace is opened once; the audit, the targets, the intensities and the scenarios read it.
    """
    path = workspace.root if isinstance(workspace, OpenWorkspace) else workspace
    opened = open_workspace(workspace)
    config = opened.config
    year = None if year is None else config.fiscal_years.year(year)
    inventory = audit = targets = None
    run = opened.inventory
    if run is not None:
        result = run.result
        totals = summarise(result.totals, (C.YEAR, C.SCOPE, C.SCOPE2_METHOD)).rename(columns={C.CO2E_T: TOTAL})
        notes = tuple(result.category3.notes()) if result.category3 is not None else ()
        inventory = InventoryTotals(result.gwp_set, result.summary_line(), totals, notes)
    if config.reported_files:
        try:
            audit = audit_workspace(opened)
        except NothingToAudit:
            audit = None  # a header with no figures yet: the report has no audit part, as without a table
    not_tracked: tuple[str, ...] = ()
    if config.targets_file:
        try:
            targets = track_workspace(opened, year=year, go_on=True)
            not_tracked = targets.failed
            targets = targets if targets.progress else None  # every target failed: listed under "Not computed"
        except GhgcalcError as exc:  # the targets file as a whole: the rest of the report still stands
            not_tracked = (str(exc).splitlines()[0] if str(exc) else "the targets cannot be tracked",)
    vocabulary, figures = opened.vocabulary, opened.used  # one figure everywhere ([workspace] prefer)
    headline_year = year or (targets.year if targets is not None else _latest_year(figures, vocabulary))
    headline = intensities = None
    if headline_year is not None:
        currency = opened.currency
        headline = headline_frame(figures, vocabulary, headline_year, currency)
        intensities = intensity_frame(figures, vocabulary, headline_year, currency)
    scenarios, problems = _scenarios(opened)
    problems = not_tracked + problems
    sections = None if headline_year is None else report_sections(opened, headline_year, audit, _changes(opened))
    return WorkspaceReport(config.name, str(path), inventory, audit, targets, headline_year, headline, intensities,
                           report_manifest(config, run, headline_year), scenarios, problems, config.fiscal_years,
                           sections, config.prefer, opened.prefer_note)


def _changes(opened: OpenWorkspace) -> tuple:
    """The structural changes the targets file declares (GHG Protocol ch. 5), for the boundary-change flags."""
    if not opened.config.targets_file:
        return ()
    from ghgcalc.targets.target_file import load_targets

    return load_targets(opened.config.targets_file, vocabulary=opened.vocabulary,
                        years=opened.config.fiscal_years, decimal=opened.config.decimal_marks).structural_changes


def _scenarios(opened: OpenWorkspace) -> tuple[pd.DataFrame | None, tuple[str, ...]]:
    """Each scenario's verdicts (projected without attribution), and the scenario files in error.

    Why one at a time: a scenario that no longer fits the data (a segment renamed) must not hide
    the inventory, audit and targets; the report shows them and names the scenario's error.
    """
    if not opened.config.scenario_files:
        return None, ()
    from ghgcalc.scenarios.run import compare_scenarios  # its modules load only for a workspace with scenarios

    frames, problems = [], []
    for scenario in opened.config.scenario_files:
        try:
            frames.append(compare_scenarios([scenario], opened).to_frame())
        except GhgcalcError as exc:
            problems.append(str(exc).splitlines()[0] if str(exc) else f"{scenario.name}: cannot be run")
    # scenarios that fail for one reason of the workspace's (no activity rows) say it once, not once each
    return (pd.concat(frames, ignore_index=True) if frames else None), tuple(dict.fromkeys(problems))


def _latest_year(figures: pd.DataFrame, vocabulary) -> int | None:
    emissions = figures[figures["metric"].isin(scope_structure(vocabulary).year_metrics())] if len(figures) else figures
    return int(emissions["year"].max()) if len(emissions) else None


INPUT_KINDS = (("activity_files", "activity data"), ("factor_files", "emission factors"),
               ("reported_files", "reported figures"))


def report_manifest(workspace: Workspace, run, year: int | None) -> dict:
    """The run manifest of the report: every input with its hash and kind, and the factor datasets used."""
    inputs = [(p, kind) for attribute, kind in INPUT_KINDS for p in getattr(workspace, attribute)]
    inputs += [(p, kind) for p, kind in ((workspace.targets_file, "targets"), (workspace.fx_file, "exchange rates"),
                                         (workspace.metrics_file, "company metrics")) if p is not None]
    manifest = build_manifest(inputs=[p for p, _ in inputs], root=workspace.root, factor_datasets=[],
                              gwp_set=workspace.gwp_set or "", fallback=workspace.fallback, arguments={"year": year},
                              encoding=workspace.encoding)
    manifest["inputs_described"] = [{**entry, "kind": kind} for entry, (_, kind) in zip(manifest["inputs"], inputs)]
    datasets = run.manifest["factor_datasets"] if run is not None else []
    used = _datasets_used(run.result.totals) if run is not None else set()
    manifest["factors_used"] = [d for d in datasets if d.get("id") in used]
    manifest["factor_datasets"] = datasets
    return manifest


def _datasets_used(totals: pd.DataFrame) -> set[str]:
    """Ids of the datasets an inventory drew on: its factors' ('desnz-2024/...', 'epa-...:322130/...'), the
    properties its conversions name ('(ipcc-2006-ncv/...)') and the GWP table of every CO2e figure."""
    ids = {re.split(r"[/:]", str(f), maxsplit=1)[0] for f in totals.get("factor_id", pd.Series([], dtype=str)).astype(str)
           if f and f != "nan"}
    for text in totals.get("conversion", pd.Series([], dtype=str)).astype(str).unique():
        ids |= set(re.findall(r"\(([A-Za-z0-9_.-]+)/", text))
    if len(totals):
        ids.add("gwp-ipcc")
    if "gas" in totals and totals["gas"].astype(str).str.match(r"^R\d|^HFC\d{3}[a-z]").any():
        ids.add("gwp-blends")
    return ids
