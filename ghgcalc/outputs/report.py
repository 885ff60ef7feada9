"""A workspace read end to end: its inventory, the audit of its printed figures, and its targets.

What ``ghgcalc report`` prints, as a library object. It is for people, not for gating: the
audit's and the targets' own reports (``AuditReport``, ``GapReport``) carry the verdicts, and
``ghgcalc audit`` and ``ghgcalc gap`` are the commands whose exit codes say whether checks
failed. It combines the audit and target layers, so it lives above both.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ghgcalc import columns as C
from ghgcalc.audit.checks import audit_workspace
from ghgcalc.audit.display import render_audit_summary
from ghgcalc.audit.findings import AuditReport
from ghgcalc.inventory.engine import summarise
from ghgcalc.outputs.tables import render_table
from ghgcalc.targets.gap import GapReport, track_workspace
from ghgcalc.workspace.config import load_workspace
from ghgcalc.workspace.pipeline import inventory_for_workspace

TOTAL = "t CO2e"
FRAME_COLUMNS = ("section", "item", "year", "value", "unit", "status")


@dataclass(frozen=True)
class InventorySummary:
    """The inventory's totals per year, scope and Scope 2 method, in t CO2e under a named GWP set."""

    gwp_set: str
    summary: str  # how many rows were computed, and any problems
    totals: pd.DataFrame  # columns year, scope, scope2_method, t CO2e


@dataclass(frozen=True)
class WorkspaceReport:
    """Each part is None when the workspace has no data for it (no activity, reported or target file)."""

    name: str
    path: str  # as given, for the "details:" hints
    inventory: InventorySummary | None
    audit: AuditReport | None
    targets: GapReport | None

    def to_dict(self) -> dict:
        """The three parts: inventory totals, the audit's JSON document, the targets' JSON document."""
        inventory = None if self.inventory is None else {
            "gwp_set": self.inventory.gwp_set, "summary": self.inventory.summary, "unit": TOTAL,
            "totals": self.inventory.totals.to_dict("records")}
        return {"workspace": self.name, "inventory": inventory,
                "audit": None if self.audit is None else self.audit.to_dict(),
                "targets": None if self.targets is None else self.targets.to_dict()}

    def to_frame(self) -> pd.DataFrame:
        """The headline figures in one long table: inventory totals, audit verdict counts, target gaps."""
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
        return pd.DataFrame(rows, columns=FRAME_COLUMNS)

    def render_text(self) -> str:
        """The report as ``ghgcalc report`` prints it: a heading per part, tables, then short summaries."""
        lines = [self.name]
        if self.inventory is not None:
            lines += ["", f"== Inventory ({TOTAL}, GWP set {self.inventory.gwp_set}; {self.inventory.summary}) ==",
                      render_table(self.inventory.totals)]
        if self.audit is not None:
            lines += ["", f"== Audit of {self.audit.figures} printed figures (details: ghgcalc audit {self.path}) ==",
                      render_audit_summary(self.audit)]
        if self.targets is not None:
            year = self.targets.year
            lines += ["", f"== Targets in {year} (details: ghgcalc gap {self.path} --year {year}) ==",
                      render_table(self.targets.display_frame()), ""]
            lines += [line for line in self.targets.explanations() if not line.startswith("  ")]
        return "\n".join(lines)


def report_workspace(path: str | Path, *, year: int | None = None) -> WorkspaceReport:
    """Inventory, audit and progress towards targets (in ``year``, default the latest with data) of one workspace."""
    workspace = load_workspace(path)
    inventory = audit = targets = None
    if workspace.activity_files:
        result = inventory_for_workspace(workspace).result
        totals = summarise(result.emissions, (C.YEAR, C.SCOPE, C.SCOPE2_METHOD)).rename(columns={C.CO2E_T: TOTAL})
        inventory = InventorySummary(result.gwp_set, result.summary_line(), totals)
    if workspace.reported_files:
        audit = audit_workspace(workspace)
    if workspace.targets_file:
        targets = track_workspace(path, year=year)
    return WorkspaceReport(workspace.name, str(path), inventory, audit, targets)
