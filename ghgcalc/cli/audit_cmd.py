"""``ghgcalc audit`` and ``ghgcalc intensity``: thin commands over ghgcalc.audit.checks and ghgcalc.audit.intensity."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ghgcalc.cli.output import YEAR

from ghgcalc.audit.checks import audit_workspace
from ghgcalc.audit.intensity import intensity_workspace
from ghgcalc.cli.output import (echo_fitted, echo_json, fit_text, render_markdown, render_table, table_width, wide_option,
                                write_xlsx, xlsx_option)
from ghgcalc.figures.scopes import shipped_scope_structure
from ghgcalc.outputs.audit_text import render_audit_markdown, render_audit_text
from ghgcalc.outputs.intensity_text import intensity_cells
from ghgcalc.core.files import csv_text


@click.command("audit")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["table", "json", "markdown"]), default="table", show_default=True,
              help="table for reading, json for machines (contract in docs/audit.md), markdown for an audit memo.")
@click.option("--no-fail", is_flag=True, help="Exit 0 even when a figure does not reproduce or an identity fails.")
@click.option("--all", "every", is_flag=True,
              help="Show every explanation of a figure that does not reproduce, ranked, and those the rest of the "
                   "report contradicts (default: the best-ranked one).")
@xlsx_option
@wide_option
def audit(path, fmt, no_fail, every, xlsx_file, wide):
    """Check a workspace's reported figures against each other, at the precision printed.

    Reproduces every intensity and share from the report's own inputs (and says which
    alternative definition reproduces it when the stated one does not), checks that
    tables add up, compares figures between reports, derives what the rounded figures
    imply, and lists misprints. Exit code 1 when any figure or identity fails.
    """
    report = audit_workspace(path)
    write_xlsx(xlsx_file, {"findings": report.labelled_frame()},
               [("reported tables", ", ".join(report.files)), ("rounding rule", report.rounding_rule)])
    if fmt == "json":
        echo_json(report.to_dict())
    elif fmt == "markdown":
        click.echo(render_audit_markdown(report, every), nl=False)
    else:
        click.echo(fit_text(render_audit_text(report, every, width=table_width(wide)), wide))
    if report.failed and not no_fail:
        sys.exit(1)


@click.command("intensity")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("--numerator", default="S1+2", show_default=True,
              help=f"A scope combination ({', '.join(shipped_scope_structure().combinations())}), a metric "
                   f"(energy_total) or a formula.")
@click.option("--per", type=click.Choice(["revenue", "capita"]), default=None,
              help="Denominator: revenue or capita (default: revenue when the workspace has it, else capita).")
@click.option("--currency", default=None,
              help="Revenue unit: 'million RMB', '万 RMB', 'USD million' (another currency needs --fx); "
                   "default: the unit the reported tables print revenue in (億円, EUR million), else million of "
                   "the workspace's currency.")
@click.option("--headcount", default="workforce_total", show_default=True,
              help="Headcount metric for --per capita: workforce_total, workforce_fulltime, or a company metric.")
@click.option("--fx", "fx_file", type=click.Path(exists=True, path_type=Path),
              help="FX table (date_or_year,from,to,rate,source); default: the workspace's [data] fx.")
@click.option("--year", "years", multiple=True, type=YEAR, help="Only these years (repeatable).")
@click.option("--vintage", help="Prefer this vintage's figures (default: the newest vintage that prints each).")
@click.option("--segment", default="", help="A segment of the report's boundary (default: the whole boundary).")
@click.option("--decimals", type=int, help="Also show the face value rounded half-up to this many decimals.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "markdown"]), default="table", show_default=True)
@xlsx_option
@wide_option
def intensity(path, numerator, per, currency, headcount, fx_file, years, vintage, segment, decimals, fmt, xlsx_file,
              wide):
    """Emissions or energy intensity per revenue or per capita (ESRS E1-6, GRI 305-4), as intervals."""
    report = intensity_workspace(path, numerator, per, currency=currency, headcount=headcount, fx_file=fx_file,
                                 years=years, vintage=vintage, segment=segment, decimals=decimals)
    write_xlsx(xlsx_file, {"intensity": report.to_frame()},
               [("definition", report.title), *[("exchange rate", note) for note in report.fx_notes],
                *[("fails audit", text) for text in report.failing],
                *[("printed ratio", text) for text in report.printed_notes],
                *([("figures used", report.prefer_note)] if report.prefer_note else [])])
    if fmt == "json":
        echo_json(report.to_dict())
        return
    if fmt == "csv":
        click.echo(csv_text(report.to_frame()), nl=False)
        return
    if fmt == "markdown":
        click.echo(f"{report.title}\n\n{render_markdown(intensity_cells(report))}")
    else:
        echo_fitted(report.title, wide)
        # too wide, the denominator goes first (the title names it), then the unit's figures keep their unit
        click.echo(render_table(intensity_cells(report), width=table_width(wide),
                                keep=("numerator", "low", "high", "value", "unit")))
    for note in report.fx_notes:
        echo_fitted(f"FX: {note}", wide)
    for text in report.failing:  # a printed input the audit finds wrong, said where it is used
        echo_fitted(f"! {text}", wide)
    for text in report.printed_notes:
        echo_fitted(text, wide)
    if report.prefer_note:
        echo_fitted(report.prefer_note, wide)
    if not report.results:
        click.echo("(no year prints both the numerator and the denominator)", err=True)
