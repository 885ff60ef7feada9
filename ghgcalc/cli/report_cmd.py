"""``ghgcalc report``: a workspace's inventory, audit and targets in one reading.

For people, not for gating: it exits 0 unless something cannot be computed. ``audit``
and ``gap`` are the commands whose exit codes say whether checks failed.
"""

from __future__ import annotations

from pathlib import Path

import click

from ghgcalc.cli.output import echo_json
from ghgcalc.outputs.report import report_workspace


@click.command("report")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("--year", type=int, help="Reporting year for progress towards targets (default: the latest with data).")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "csv"]), default="text", show_default=True,
              help="text for reading; json: the inventory totals with the audit's and the targets' documents; "
                   "csv: the headline figures.")
def report_command(path, year, fmt):
    """Inventory, audit of the printed figures, and progress towards targets, for one workspace."""
    report = report_workspace(path, year=year)
    if fmt == "json":
        echo_json(report.to_dict())
    elif fmt == "csv":
        click.echo(report.to_frame().to_csv(index=False, float_format="%.10g"), nl=False)
    else:
        click.echo(report.render_text())


COMMANDS = (report_command,)
