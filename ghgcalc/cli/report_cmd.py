"""``ghgcalc report``: a workspace's inventory, audit and targets in one reading.

For people, not for gating: it exits 0 unless something cannot be computed. ``audit``
and ``gap`` are the commands whose exit codes say whether checks failed. ``--html`` writes
the report as one self-contained HTML file, ``--xlsx`` as a formatted workbook.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ghgcalc.cli.output import YEAR

from ghgcalc.cli.output import echo_error, echo_fitted, echo_json
from ghgcalc.core.files import write_atomic
from ghgcalc.outputs.report import report_workspace
from ghgcalc.outputs.workbook import sheet_names, sources_frame, write_workbook
from ghgcalc.core.files import csv_text


def _sources(report) -> "object":
    manifest = report.manifest or {}
    rows = [(f"{entry['kind']}: {entry['file']}", f"sha256 {entry['sha256']}")
            for entry in manifest.get("inputs_described", [])]
    rows += [(f"factor dataset {d.get('id', '')}", f"{d.get('publisher', '')}, edition {d.get('edition', '')}")
             for d in manifest.get("factors_used", [])]
    rows.append(("ghgcalc", str(manifest.get("ghgcalc_version", ""))))
    return sources_frame(rows)


@click.command("report")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("--year", type=YEAR, help="Reporting year for progress towards targets (default: the latest with data).")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "csv", "xlsx"]), default="text", show_default=True,
              help="text for reading; json: the inventory totals with the audit's and the targets' documents; "
                   "csv: one row per inventory total, audit verdict count and target gap; xlsx: a workbook (needs --output).")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), help="The workbook for --format xlsx.")
@click.option("--html", "html_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the report as one self-contained HTML file (charts inline, no network).")
@click.option("--xlsx", "xlsx_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the report's tables as a formatted workbook.")
@click.option("--wide", is_flag=True, help="Every column of the targets table and each line whole (wider than the terminal).")
def report_command(path, year, fmt, output, html_file, xlsx_file, wide):
    """Inventory, audit of the printed figures, and progress towards targets, for one workspace."""
    if fmt == "xlsx" and output is None and xlsx_file is None:
        raise click.UsageError("--format xlsx writes a workbook: give --output FILE.xlsx")
    report = report_workspace(path, year=year)
    if fmt == "xlsx":
        xlsx_file = xlsx_file or output
    elif fmt == "json":
        echo_json(report.to_dict())
    elif fmt == "csv":
        click.echo(csv_text(report.to_frame()), nl=False)
    else:
        echo_fitted(report.render_text(wide=wide), wide)
    if html_file is not None:
        from ghgcalc.outputs.html_report import render_html  # jinja2 loads only for --html

        write_atomic(html_file, render_html(report))
        click.echo(f"wrote {html_file}", err=fmt in ("json", "csv"))
    if xlsx_file is not None:
        tables = report.tables()
        write_workbook(xlsx_file, tables, _sources(report))
        echo_fitted(f"wrote {xlsx_file}: sheets {', '.join(repr(n) for n in sheet_names([*tables, 'sources']))}", err=fmt in ("json", "csv"))
    for problem in report.problems:  # shown in the report too; the exit code says it is incomplete
        echo_error(problem)
    if report.problems:
        sys.exit(1)
