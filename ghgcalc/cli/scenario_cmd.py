"""``ghgcalc scenario``: project emissions under scenario files, compare them, seek a lever's value.

Each command parses its options, calls one library function (:mod:`ghgcalc.scenarios.run`)
and renders the result. Exit codes: 0 on success; 1 on an error in the inputs; 3 when
``seek`` finds no value in the range that meets the target. The JSON contract is
documented in docs/scenarios.md.
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

import click

from ghgcalc.cli.output import (echo_fitted, echo_json, fit_lines, fit_text, json_text, render_markdown, render_table,
                                table_width)
from ghgcalc.outputs.workbook import sheet_names, write_workbook
from ghgcalc.outputs.scenario_tables import (comparison_heading, comparison_tables, for_reading, run_tables,
                                              seek_sentences, workbook_tables)
from ghgcalc.scenarios.definitions import Scenario, load_scenario
from ghgcalc.scenarios.run import VIEWS, compare_scenarios, find_scenario, run_scenario, seek_lever
from ghgcalc.core.files import csv_text, write_atomic

EXIT_NOT_FOUND = 3
FORMATS = ("table", "csv", "json", "markdown", "xlsx")
# what a narrow terminal keeps of a scenario table, most needed first (a table without these keeps its left columns)
COLUMNS_KEPT = ("status", "unit", "projected", "gap", "level", "target year")


@contextlib.contextmanager
def _progress(scenario: Scenario):
    """A progress bar on stderr for long uncertain runs, only when stderr is a terminal."""
    if not (scenario.uncertain and scenario.draws >= 20_000 and sys.stderr.isatty()):
        yield None
        return
    with click.progressbar(length=scenario.draws, label="projecting draws", file=sys.stderr) as bar:
        yield bar.update


def _write_xlsx(frames: dict, output: Path, currency: str = "") -> list[str]:
    """A formatted workbook (numbers with formats, frozen headers, text never a formula), one sheet per table and
    unit, each figure's unit in its header."""
    sheets = workbook_tables(frames, currency)
    write_workbook(output, sheets)
    return list(sheets)


def _emit(frames: dict, fmt: str, output: Path | None, document: dict, heading: str, wide: bool = False,
          currency: str = "") -> None:
    if fmt == "xlsx":
        if output is None:
            raise click.UsageError("--format xlsx writes a workbook: give --output FILE.xlsx")
        sheets = _write_xlsx(frames, output, currency)
        echo_fitted(f"wrote {output.name}: sheets {', '.join(repr(n) for n in sheet_names(sheets))}")
        return
    if fmt == "json":
        text = json_text(document)
    elif fmt == "csv":
        text = csv_text(next(iter(frames.values())))
    elif fmt == "markdown":
        text = "\n\n".join(f"**{name}**\n\n{render_markdown(f)}" for name, f in frames.items()) + "\n"
    else:
        width = None if output is not None else table_width(wide)  # a file keeps every column
        text = (fit_lines(heading, width) + "\n\n"
                + "\n\n".join(f"{fit_lines(name, width)}\n{render_table(f, width=width, keep=COLUMNS_KEPT)}"
                                for name, f in frames.items()) + "\n")
    if output is not None:
        write_atomic(output, text)
    else:
        click.echo(fit_text(text, wide) + "\n" if fmt == "table" and wide else text, nl=False)


# --- commands ----------------------------------------------------------------------------------

@click.group("scenario")
def scenario_group():
    """Project emissions under scenario files to a horizon, against every target."""


def _common(function):
    for option in reversed([
        click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True),
        click.option("--output", type=click.Path(dir_okay=False, path_type=Path),
                     help="Write to this file (needed for xlsx)."),
        click.option("--draws", type=click.IntRange(min=1), help="Draws for an uncertain scenario (default: the file's)."),
        click.option("--seed", type=click.IntRange(min=0), help="Random seed (default: the file's)."),
        click.option("--wide", is_flag=True, help="Show every column and each line whole (default: fit the "
                                                  "terminal's width, COLUMNS, or 100)."),
    ]):
        function = option(function)
    return function


@scenario_group.command("run")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.argument("scenario_file", metavar="SCENARIO")
@_common
@click.option("--view", "views", multiple=True, type=click.Choice(VIEWS),
              help="Only these views (repeatable); csv shows the first (default: targets).")
@click.option("--plot", "plot_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Draw each target's trajectory (with its uncertainty band) against its pathway (.png or .svg).")
@click.option("--waterfall", "waterfall_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Draw the levers' contributions to --target in its target year (.png or .svg).")
@click.option("--cost-curve", "cost_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Draw the marginal abatement cost curve (.png or .svg).")
@click.option("--target", "target_id", help="Target for --waterfall (default: the first projected target).")
@click.option("--processes", type=click.IntRange(min=1),
              help="Processes that project the draws at once (default: one per core; Linux only, else 1).")
def run_command(path, scenario_file, fmt, output, draws, seed, wide, views, plot_file, waterfall_file, cost_file,
                target_id, processes):
    """Project SCENARIO (a file, or a shipped scenario's name such as xiaomi-plan) for the workspace at PATH:
    emissions by year, every target's gap and verdict, each lever's contribution (Shapley) and the
    abatement cost curve."""
    for name, file in (("--plot", plot_file), ("--waterfall", waterfall_file), ("--cost-curve", cost_file)):
        if file is not None and file.suffix.lower() not in (".png", ".svg"):
            raise click.BadParameter("the chart file must end in .png or .svg", param_hint=name)
    scenario = load_scenario(find_scenario(scenario_file, path), path, draws=draws, seed=seed)
    with _progress(scenario) as tick:
        run = run_scenario(scenario, progress=tick, processes=processes)
    chosen = views or (("targets", "years", "levers") if fmt in ("table", "markdown") else
                       ("targets",) if fmt == "csv" else VIEWS)
    if fmt == "table" and not views:
        frames = run_tables(run)
    else:
        frames = {v: run.to_frame(v) for v in chosen}
        if fmt in ("xlsx", "markdown", "table"):
            frames = for_reading(frames, run.scenario.fiscal_years)
    _emit(frames, fmt, output, run.to_dict(chosen), run.describe(), wide, run.scenario.currency or "")
    if fmt == "table" and run.notes and output is None:
        click.echo("\n" + fit_text("\n".join(f"note: {n}" for n in run.notes), wide))
    if plot_file or waterfall_file or cost_file:
        _draw(run, plot_file, waterfall_file, cost_file, target_id)


def _draw(run, plot_file, waterfall_file, cost_file, target_id) -> None:
    from ghgcalc.plotting import scenarios as scenario_plot

    if plot_file is not None:
        scenario_plot.plot_trajectories(run, plot_file, title=run.scenario.name)
    if waterfall_file is not None:
        scenario_plot.plot_waterfall(run, waterfall_file, target_id=target_id)
    if cost_file is not None:
        try:
            scenario_plot.plot_cost_curve(run, cost_file)
        except scenario_plot.NothingToDraw as exc:
            click.echo(f"--cost-curve: {exc}", err=True)


@scenario_group.command("compare")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.argument("scenario_files", metavar="SCENARIO...", nargs=-1, required=True)
@_common
@click.option("--plot", "plot_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Draw every scenario's trajectories against the target pathways (.png or .svg).")
def compare_command(path, scenario_files, fmt, output, draws, seed, wide, plot_file):
    """Compare scenarios side by side: each target in its target year, and emissions over time."""
    comparison = compare_scenarios(scenario_files, path, draws=draws, seed=seed)
    if fmt in ("table", "markdown"):
        frames, heading = comparison_tables(comparison), comparison_heading(comparison)
    else:
        frames, heading = {view: comparison.to_frame(view) for view in ("targets", "years")}, ""
        if fmt == "xlsx":
            frames = for_reading(frames, comparison.runs[0].scenario.fiscal_years)
    _emit(frames, fmt, output, comparison.to_dict(), heading, wide, comparison.runs[0].scenario.currency or "")
    if plot_file is not None:
        from ghgcalc.plotting import scenarios as scenario_plot

        scenario_plot.plot_trajectories(comparison, plot_file, title="Scenarios compared")


@scenario_group.command("seek")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.argument("scenario_file", metavar="SCENARIO")
@click.option("--lever", "lever_id", required=True, help="Id of the lever to vary.")
@click.option("--parameter", help="Its parameter, with the year for a series: share.2030 (default: its only one).")
@click.option("--target", "target_id", required=True, help="Id of the target to meet in its target year.")
@click.option("--between", nargs=2, help="The range to search, as quantities: --between '0 %' '100 %'.")
@click.option("--probability", default="50 %", show_default=True,
              help="For an uncertain scenario: the share of draws that must meet the target.")
@click.option("--draws", type=click.IntRange(min=1), help="Draws for an uncertain scenario (default: the file's).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def seek_command(path, scenario_file, lever_id, parameter, target_id, between, probability, draws, fmt):
    """The value of one lever parameter at which a target is just met in its target year (bisection).

    Exit 0 when a value is found, 3 when no value in the range meets the target, 1 on an error, 2 when the
    parameter has no natural range and --between is not given.
    """
    from ghgcalc.scenarios.distributions import SHARE as FRACTION, parse_number

    required, error = parse_number(probability, FRACTION)
    if error:
        raise click.BadParameter(error, param_hint="--probability")
    found = seek_lever(scenario_file, path, lever=lever_id, target=target_id, parameter=parameter,
                       between=tuple(between) if between else None, probability=required, draws=draws)
    if fmt == "json":
        echo_json(found.to_dict())
    else:
        echo_fitted("\n".join(seek_sentences(found)))
    if not found.found:
        sys.exit(EXIT_NOT_FOUND)
