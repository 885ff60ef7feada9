"""``ghgcalc inventory`` and ``ghgcalc explain``."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
import pandas as pd

from ghgcalc import columns as C
from ghgcalc.cli.output import echo_json, render_table
from ghgcalc.errors import Problem
from ghgcalc.workspace.explain import explain
from ghgcalc.inventory.engine import summarise
from ghgcalc.workspace.pipeline import inventory_for_workspace
from ghgcalc.workspace.config import load_workspace

DEFAULT_GROUPING = (C.YEAR, C.SCOPE, C.SCOPE2_METHOD, C.SCOPE3_CATEGORY)
SHOWN_PROBLEMS = 50


def _years(values):
    return [int(v) for v in values] or None


def report_rejections(result) -> None:
    """Every rejected row's problems on stderr (the first SHOWN_PROBLEMS), then the counts."""
    rejected = result.rejected
    for record in rejected.head(SHOWN_PROBLEMS).itertuples(index=False):
        message = record.message if str(record.value) in str(record.message) else f"{record.value!r}: {record.message}"
        click.echo(f"Error: {Problem(record.source, int(record.row), record.column, record.value, message)}", err=True)
    if len(rejected) > SHOWN_PROBLEMS:
        click.echo(f"Error: ... and {len(rejected) - SHOWN_PROBLEMS} more problems (write them all with --rejected FILE)", err=True)
    click.echo(result.summary_line(), err=True)


def inventory_rows(totals: pd.DataFrame, gwp_set: str) -> list[dict]:
    """The JSON contract's ``rows``: grouping keys, gas, value, unit, gwp_set."""
    rows = []
    by_gas = C.GAS in totals.columns
    keys = [c for c in totals.columns if c not in (C.MASS_T, C.CO2E_T, C.GAS)]
    for record in totals.to_dict("records"):
        row = {k: record[k] for k in keys}
        if by_gas:
            gas = str(record[C.GAS])
            row.update(gas=gas, value=record[C.MASS_T], unit=f"t {gas}", co2e=record[C.CO2E_T], co2e_unit="t CO2e")
        else:
            row.update(gas="CO2e", value=record[C.CO2E_T], unit="t CO2e")
        row["gwp_set"] = gwp_set
        rows.append(row)
    return rows


@click.command()
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("--gwp", "gwp_set", help="GWP set: AR4GWP100, AR5GWP100 or AR6GWP100 (overrides the workspace's).")
@click.option("--year", "years", multiple=True, type=int, help="Only these reporting years (repeatable).")
@click.option("--by", "grouping", default=",".join(DEFAULT_GROUPING), show_default=True,
              help=f"Columns to total by, comma-separated, from: {', '.join(C.GROUPABLE)}.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@click.option("--lines", "lines_file", type=click.Path(path_type=Path), help="Also write every emissions line (with lineage) to this CSV.")
@click.option("--manifest", "manifest_file", type=click.Path(path_type=Path), help="Also write the run manifest to this JSON file.")
@click.option("--rejected", "rejected_file", type=click.Path(path_type=Path), help="Also write every rejected row's problems to this CSV.")
def inventory(path, gwp_set, years, grouping, fmt, lines_file, manifest_file, rejected_file):
    """Emissions inventory of a workspace folder or an activity file, in t of each gas and t CO2e."""
    workspace = load_workspace(path, gwp_set=gwp_set)
    by = [c.strip() for c in grouping.split(",") if c.strip()]
    arguments = {"path": path.name, "gwp": workspace.gwp_set, "year": list(years), "by": by}
    run = inventory_for_workspace(workspace, years=_years(years), arguments=arguments)
    result = run.result
    totals = summarise(result.emissions, by)
    if fmt == "json":
        echo_json({
            "gwp_set": result.gwp_set,
            "rows": inventory_rows(totals, result.gwp_set),
            "summary": {"rows_in": result.rows_in, "rows_computed": result.rows_computed, "rows_rejected": result.rows_rejected},
            "rejected": result.rejected.to_dict("records"),
            "manifest": run.manifest,
        })
    elif fmt == "csv":
        click.echo(totals.assign(gwp_set=result.gwp_set).to_csv(index=False, float_format="%.10g"), nl=False)
    else:
        click.echo(f"{workspace.name}: emissions in t CO2e (GWP set {result.gwp_set})")
        shown = totals.rename(columns={C.CO2E_T: "t CO2e", C.MASS_T: "t gas"})
        click.echo(render_table(shown))
    if lines_file:
        result.emissions.to_csv(lines_file, index=False, float_format="%.10g")
    if manifest_file:
        manifest_file.write_text(json.dumps(run.manifest, indent=2) + "\n", encoding="utf-8")
    if rejected_file:
        result.rejected.to_csv(rejected_file, index=False)
    report_rejections(result)
    if result.rows_rejected:
        sys.exit(1)


@click.command("explain")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("--gwp", "gwp_set", help="GWP set (overrides the workspace's).")
@click.option("--year", type=int, help="Reporting year of the figure.")
@click.option("--scope", type=click.Choice(["1", "2", "3"]))
@click.option("--method", "scope2_method", type=click.Choice(list(C.SCOPE2_METHODS)), help="Scope 2 method.")
@click.option("--category", "scope3_category", help="Scope 3 category (1-15).")
@click.option("--gas")
@click.option("--segment")
@click.option("--site")
@click.option("--region")
@click.option("--activity")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
def explain_command(path, gwp_set, fmt, **filters):
    """Show the input rows, factors (with sources), conversions and GWPs behind one figure."""
    workspace = load_workspace(path, gwp_set=gwp_set)
    run = inventory_for_workspace(workspace)
    lines = explain(run, **filters)
    total = float(lines[C.CO2E_T].sum())
    if fmt == "json":
        echo_json({"filters": {k: v for k, v in filters.items() if v is not None}, "total_co2e": total,
                   "unit": "t CO2e", "gwp_set": run.result.gwp_set, "lines": lines.to_dict("records")})
        return
    if fmt == "csv":
        click.echo(lines.to_csv(index=False, float_format="%.10g"), nl=False)
        return
    chosen = ", ".join(f"{k}={v}" for k, v in filters.items() if v is not None) or "everything"
    click.echo(f"{chosen}: {total:,.4f} t CO2e (GWP set {run.result.gwp_set}) from {len(lines)} lines")
    for record in lines.to_dict("records"):
        click.echo(f"- {record['source']} row {record['row']}: {record['activity']} {record['input_quantity']} {record['input_unit']}")
        if record[C.FACTOR_ID]:
            click.echo(f"    factor {record[C.FACTOR_ID]} = {record['factor']} ({record['citation']})")
        click.echo(f"    {record[C.CONVERSION]}")
        if record[C.FALLBACK]:
            click.echo(f"    fallback: {record[C.FALLBACK]}")
        mass = "" if pd.isna(record[C.MASS_T]) else f"{record[C.MASS_T]:,.6g} t {record[C.GAS]} x GWP {record[C.GWP]:g} = "
        click.echo(f"    {mass}{record[C.CO2E_T]:,.6g} t CO2e")


COMMANDS = (inventory, explain_command)
