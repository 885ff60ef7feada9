"""``ghgcalc gap``: where each target stands in a reporting year, and what it still takes.

Exit codes: 0 when no target is off track (targets whose verdict cannot be determined
from the data count as not off track, unless --strict); 3 when any target is off track
(or missed); 1 on an error in the inputs.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ghgcalc.cli.output import YEAR

from ghgcalc.cli.output import (echo_fitted, echo_json, render_markdown, render_table, table_width, wide_option,
                                write_xlsx, xlsx_option)
from ghgcalc.outputs.target_text import gap_explanations, gap_table
from ghgcalc.targets.gap import track_workspace
from ghgcalc.core.files import csv_text

EXIT_OFF_TRACK = 3
# what a narrow terminal keeps of the gap table, most needed first: the verdict, the gap, the figures
GAP_COLUMNS_KEPT = ("target", "status", "gap", "actual", "target level", "unit", "pathway", "rate/yr")


# --- the command ---------------------------------------------------------------------------------

@click.command("gap")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("--year", type=YEAR, help="Reporting year (default: the latest year with a figure for any target).")
@click.option("--target", "ids", multiple=True, help="Only this target id (repeatable).")
@click.option("--targets", "targets_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Target file (default: [data] targets in ghgcalc.toml).")
@click.option("--removals", "removals_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Neutralisation records (CSV: year, type, quantity, unit); default: [data] removals.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv", "markdown"]), default="table",
              show_default=True)
@click.option("--plot", "plot_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Also draw actuals, pathway, target and gap to this .png or .svg file.")
@click.option("--strict", is_flag=True, help="Exit 3 also when a verdict cannot be determined from the data.")
@xlsx_option
@wide_option
def gap_command(path, year, ids, targets_file, removals_file, fmt, plot_file, strict, xlsx_file, wide):
    """Progress towards each target: actual, pathway, gap, share of the way covered, rate needed.

    Exit 0 when no target is off track, 3 when any is, 1 on an error.
    """
    if plot_file is not None and plot_file.suffix.lower() not in (".png", ".svg"):
        raise click.BadParameter("the plot file must end in .png or .svg", param_hint="--plot")
    report = track_workspace(path, year=year, targets_file=targets_file, removals_file=removals_file, ids=ids)
    write_xlsx(xlsx_file, {"progress": report.for_files()},
               [("targets", report.targets_file.name), *[("explanation", line.strip()) for line in gap_explanations(report)]])
    if fmt == "json":
        echo_json(report.to_dict())
    elif fmt == "csv":
        click.echo(csv_text(report.for_files()), nl=False)
    elif fmt == "markdown":
        click.echo(f"**{report.name}: progress towards targets in {report.year_label}**\n")
        click.echo(render_markdown(gap_table(report)))
        click.echo("")
        click.echo("\n".join(f"- {line.strip()}" if not line.startswith(" ") else f"  - {line.strip()}"
                             for line in gap_explanations(report)))
    else:
        echo_fitted(f"{report.name}: progress towards targets in {report.year_label} (from {report.targets_file.name})",
                    wide)
        click.echo(render_table(gap_table(report), width=table_width(wide), keep=GAP_COLUMNS_KEPT))
        click.echo("")
        echo_fitted("\n".join(gap_explanations(report)), wide)
    if plot_file is not None:
        from ghgcalc.plotting.canvas import NothingToDraw
        from ghgcalc.plotting.progress import left_out, plot_progress

        try:
            plot_progress(report.progress, plot_file, title=f"{report.name}: targets in {report.year_label}")
            lines = left_out(report.progress)
        except NothingToDraw as exc:
            lines = [str(exc)]
        click.echo("\n".join(f"--plot: {line}" for line in lines), err=True) if lines else None
    if report.off_track or (strict and report.undetermined):
        sys.exit(EXIT_OFF_TRACK)
