"""``ghgcalc inventory`` and ``ghgcalc explain``."""

from __future__ import annotations

import json
import sys
import textwrap
from pathlib import Path

import click

from ghgcalc.inventory.engine import rejected_problems
from ghgcalc.cli.output import YEAR

from ghgcalc import columns as C
from ghgcalc.cli.output import echo_error, echo_fitted, echo_json, render_table, wide_option, write_xlsx, xlsx_option
from ghgcalc.outputs.scope3_text import scope3_text
from ghgcalc.outputs.explain_text import dataset_citations, explanation_lines
from ghgcalc.workspace.explain import explain_figure
from ghgcalc.workspace.pipeline import DEFAULT_GROUPING, inventory_for_workspace, locate_workspace, run_inventory
from ghgcalc.core.files import csv_text, write_atomic
from ghgcalc.core.intervals import show_half_up
from ghgcalc.core.percent import to_percent

SHOWN_PROBLEMS = 50
SHOWN_FALLBACKS = 20


def report_rejections(result) -> None:
    """Every rejected row's problems on stderr (the first SHOWN_PROBLEMS), then the counts."""
    rejected = result.rejected
    for problem in rejected_problems(rejected, SHOWN_PROBLEMS, result.years):
        echo_error(problem)
    if len(rejected) > SHOWN_PROBLEMS:
        echo_error(f"... and {len(rejected) - SHOWN_PROBLEMS} more problems (write them all with --rejected FILE)")
    click.echo(result.summary_line(), err=True)


@click.command()
@click.argument("path")
@click.option("--gwp", "gwp_set", help="GWP set: AR4GWP100, AR5GWP100 or AR6GWP100 (overrides the workspace's).")
@click.option("--year", "years", multiple=True, type=YEAR, help="Only these reporting years (repeatable).")
@click.option("--by", "grouping", default=",".join(DEFAULT_GROUPING), show_default=True,
              help=f"Columns to total by, comma-separated, from: {', '.join(C.GROUPABLE)}.")
@click.option("--gas", help="Only this gas, named as activity tables name it (CO2, CH4, HFC-32, R-410A).")
@click.option("--add-years", is_flag=True, help="With --by lacking year: add the years together (refused otherwise).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@click.option("--lines", "lines_file", type=click.Path(path_type=Path), help="Also write every emissions line (with lineage) to this CSV.")
@click.option("--manifest", "manifest_file", type=click.Path(path_type=Path), help="Also write the run manifest to this JSON file.")
@click.option("--rejected", "rejected_file", type=click.Path(path_type=Path), help="Also write every rejected row's problems to this CSV.")
@click.option("--scheduler", help="Sum a Parquet dataset on this Dask scheduler (e.g. tcp://10.0.0.5:8786); needs ghgcalc[dask].")
@click.option("--workers", type=click.IntRange(min=1), help="Sum a Parquet dataset on a local Dask cluster of N worker processes.")
@xlsx_option
def inventory(path, gwp_set, years, grouping, gas, add_years, fmt, lines_file, manifest_file, rejected_file, scheduler,
              workers, xlsx_file):
    """Emissions inventory of a workspace, an activity file or a Parquet dataset (folder or glob), in t CO2e.

    PATH is a workspace folder (with ghgcalc.toml), a CSV/XLSX/Parquet activity file, a
    folder of Parquet files or a glob such as 'activity/*.parquet'. Parquet is read piece
    by piece, so a dataset larger than memory works; --workers or --scheduler spread it on Dask.
    """
    by = [c.strip() for c in grouping.split(",") if c.strip()]
    summary = run_inventory(path, gwp_set=gwp_set, years=years, by=by, lines_file=lines_file,
                            scheduler=scheduler, workers=workers, add_years=add_years, gas=gas)
    added = {"years": "+".join(map(str, summary.years_added))} if summary.years_added else {}
    units_in_headers = {C.CO2E_T: "t CO2e", C.MASS_T: "t gas"}  # as the table shows them
    scope3 = {"scope3": summary.scope3_frame()} if summary.scope3 is not None else {}
    write_xlsx(xlsx_file, {"emissions": summary.for_files().rename(columns=units_in_headers), **scope3,
                           "rejected": summary.rejected},
               [("GWP set", summary.gwp_set), *[(entry.get("file", ""), f"sha256 {entry.get('sha256', '')}")
                                                for entry in summary.manifest.get("inputs", [])]])
    if fmt == "json":
        echo_json(summary.to_dict())
    elif fmt == "csv":
        click.echo(csv_text(summary.for_files().assign(gwp_set=summary.gwp_set, **added)), nl=False)
    else:
        _echo_table(summary, added)
    if fmt != "table" and summary.scope3 is not None:
        for finding in summary.scope3.findings:
            click.echo(f"Warning: {finding}", err=True)
    if fmt != "table" and summary.category3 is not None:
        for finding in summary.category3.findings:
            click.echo(f"Warning: {finding}", err=True)
    if manifest_file:
        write_atomic(manifest_file, json.dumps(summary.manifest, indent=2) + "\n")
    if rejected_file:
        write_atomic(rejected_file, csv_text(summary.rejected))
    report_rejections(summary)
    if summary.rows_rejected:
        sys.exit(1)


def _echo_table(summary, added: dict) -> None:
    """The table output of ``ghgcalc inventory``: totals, mixed GWP sets, Scope 3, category 3, fallbacks."""
    click.echo(textwrap.fill(f"{summary.name}: emissions in t CO2e (GWP set {summary.gwp_set})" + (
        f"; each total adds {', '.join(map(summary.years.label_of, summary.years_added))} together" if added else ""),
        100))
    click.echo(render_table(summary.for_reading()))
    for mixed in summary.gwp_mixed():
        scope = f"Scope {mixed['scope']}" + (f" {mixed['scope2_method']}-based" if mixed["scope2_method"] else "")
        share = (f" ({show_half_up(to_percent(mixed['share_of_scope']), 1)}% of {scope})"
                 if mixed["share_of_scope"] is not None else "")
        click.echo(textwrap.fill(f"Mixed GWP sets in {mixed.get('year_label', mixed['year'])}: {show_half_up(mixed['co2e_t'], 2)} t CO2e{share} are "
                                 f"published CO2e under another set than {summary.gwp_set}, kept as published "
                                 "(see the fallbacks)", 100))
    if summary.scope3 is not None and summary.gas:
        click.echo("\n" + textwrap.fill(
            f"Scope 3 by category is not shown with --gas: its statuses, method mix and data quality are of "
            f"every gas in t CO2e; the rows above are {summary.gas}'s alone.", 100))
    elif summary.scope3 is not None:
        click.echo("\n" + scope3_text(summary.scope3))
    if summary.category3 is not None:
        click.echo("")
        for note in summary.category3.notes():
            click.echo(textwrap.fill(note, 100, subsequent_indent="  "))
    fallbacks = summary.fallback_lines()
    if fallbacks:
        click.echo(f"\nFallbacks: {len(fallbacks)} figures use a factor of another year, region or method "
                   "(--lines FILE: per line)")
        for line in fallbacks[:SHOWN_FALLBACKS]:
            click.echo(textwrap.fill(line, 100, initial_indent="- ", subsequent_indent="    "))
        if len(fallbacks) > SHOWN_FALLBACKS:
            click.echo(f"- ... and {len(fallbacks) - SHOWN_FALLBACKS} more (--format json lists them all)")


@click.command("explain")
@click.argument("path")
@click.option("--gwp", "gwp_set", help="GWP set (overrides the workspace's).")
@click.option("--year", type=YEAR, help="Reporting year of the figure.")
@click.option("--scope", type=click.Choice(["1", "2", "3"]))
@click.option("--method", "scope2_method", type=click.Choice(list(C.SCOPE2_METHODS)), help="Scope 2 method.")
@click.option("--category", "scope3_category", help="Scope 3 category (1-15).")
@click.option("--gas")
@click.option("--segment")
@click.option("--site")
@click.option("--supplier")
@click.option("--region")
@click.option("--activity")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@xlsx_option
@wide_option
def explain_command(path, gwp_set, fmt, xlsx_file, wide, **filters):
    """Show the input rows, factors (with sources), conversions and GWPs behind one figure."""
    workspace = locate_workspace(path, gwp_set=gwp_set)
    if filters.get("year") is not None:
        filters["year"] = workspace.fiscal_years.year(filters["year"])  # a label as the company prints it
    explanation = explain_figure(inventory_for_workspace(workspace), years=workspace.fiscal_years, **filters)
    write_xlsx(xlsx_file, {"lines": explanation.for_files()},
               [("GWP set", explanation.gwp_set), *dataset_citations(explanation)])
    if fmt == "json":
        echo_json(explanation.to_dict())
    elif fmt == "csv":
        click.echo(csv_text(explanation.for_files()), nl=False)
    else:
        echo_fitted("\n".join(explanation_lines(explanation)), wide)
