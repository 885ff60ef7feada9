"""``ghgcalc report``: a workspace's inventory, audit and targets in one reading.

For people, not for gating: it exits 0 unless something cannot be computed. ``audit``
and ``gap`` are the commands whose exit codes say whether checks failed.
"""

from __future__ import annotations

from pathlib import Path

import click

from ghgcalc import columns as C
from ghgcalc.audit.checks import audit_workspace
from ghgcalc.cli.audit_cmd import render_audit_summary
from ghgcalc.cli.gap_cmd import explanations, table_frame
from ghgcalc.cli.output import render_table
from ghgcalc.inventory.engine import summarise
from ghgcalc.workspace.pipeline import inventory_for_workspace
from ghgcalc.targets.progress import track_workspace
from ghgcalc.workspace.config import load_workspace


@click.command("report")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("--year", type=int, help="Reporting year for progress towards targets (default: the latest with data).")
def report_command(path, year):
    """Inventory, audit of the printed figures, and progress towards targets, for one workspace."""
    workspace = load_workspace(path)
    heading = lambda text: click.echo(f"\n== {text} ==")  # noqa: E731
    click.echo(f"{workspace.name}")
    if workspace.activity_files:
        run = inventory_for_workspace(workspace)
        heading(f"Inventory (t CO2e, GWP set {run.result.gwp_set}; {run.result.summary_line()})")
        totals = summarise(run.result.emissions, (C.YEAR, C.SCOPE, C.SCOPE2_METHOD))
        click.echo(render_table(totals.rename(columns={C.CO2E_T: "t CO2e"})))
    if workspace.reported_files:
        audit = audit_workspace(workspace)
        heading(f"Audit of {audit.figures} printed figures (details: ghgcalc audit {path})")
        click.echo(render_audit_summary(audit))
    if workspace.targets_file:
        progress = track_workspace(path, year=year)
        heading(f"Targets in {progress.year} (details: ghgcalc gap {path} --year {progress.year})")
        click.echo(render_table(table_frame(progress)))
        click.echo("")
        click.echo("\n".join(line for line in explanations(progress) if not line.startswith("  ")))


COMMANDS = (report_command,)
