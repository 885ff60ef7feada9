"""``ghgcalc scenario``: project emissions under scenario files, compare them, seek a lever's value.

Exit codes: 0 on success; 1 on an error in the inputs; 3 when ``seek`` finds no value in
the range that meets the target. The JSON contract is documented in docs/scenarios.md.
"""

from __future__ import annotations

import contextlib
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import click
import numpy as np
import pandas as pd

from ghgcalc.cli.output import render_markdown, render_table, to_jsonable
from ghgcalc.errors import ConfigError, did_you_mean
from ghgcalc.targets.progress import display_factor
from ghgcalc.scenarios.projection import PERCENTILES, ScenarioResult, TargetOutcome, first_year_met, percentiles, project
from ghgcalc.scenarios.definitions import Scenario, load_scenario
from ghgcalc.targets.definitions import SHARE

EXIT_NOT_FOUND = 3
VIEWS = ("targets", "years", "pathways", "levers", "costs", "start")
FORMATS = ("table", "csv", "json", "markdown", "xlsx")
YEAR_SERIES = ("scope1", "scope2_location", "scope2_market", "scope12", "energy_total", "electricity",
               "energy_renewable")


@dataclass
class Run:
    """A scenario, its projection, the attribution of its central run and its cost curve."""

    scenario: Scenario
    result: ScenarioResult
    attribution: object
    costs: list


def scenario_path(text) -> Path:
    """A scenario file, or the name of a shipped one ("xiaomi-plan"), found with ghgcalc.core.shipped."""
    path = Path(text)
    if path.is_file():
        return path
    from ghgcalc.core.shipped import shipped_dir

    folder = shipped_dir("scenarios")
    for candidate in (folder / path.name, folder / f"{path.name}.toml"):
        if candidate.is_file():
            return candidate
    shipped = sorted(p.stem for p in folder.glob("*.toml"))
    raise ConfigError(f"{text}: no such scenario file, and no shipped scenario of that name"
                      f"{did_you_mean(path.stem, shipped)} (shipped: {', '.join(shipped) or 'none'})")


def run_scenario(workspace, scenario_file, *, draws=None, seed=None, with_levers: bool = True) -> Run:
    from ghgcalc.scenarios.abatement import abatement_costs
    from ghgcalc.scenarios.attribution import attribute

    scenario = load_scenario(scenario_path(scenario_file), workspace, draws=draws, seed=seed)
    with _progress(scenario) as tick:
        result = project(scenario, progress=tick)
    attribution = attribute(scenario) if with_levers else None
    costs = abatement_costs(scenario, attribution) if with_levers else []
    return Run(scenario, result, attribution, costs)


@contextlib.contextmanager
def _progress(scenario: Scenario):
    """A progress bar on stderr for long uncertain runs, only when stderr is a terminal."""
    if not (scenario.uncertain and scenario.draws >= 20_000 and sys.stderr.isatty()):
        yield None
        return
    with click.progressbar(length=scenario.draws, label="projecting draws", file=sys.stderr) as bar:
        yield bar.update


# --- numbers ---------------------------------------------------------------------------------

def _tidy(number) -> float | None:
    """12 significant digits: drops binary noise without touching real precision."""
    if number is None or (isinstance(number, float) and np.isnan(number)):
        return None
    return float(f"{float(number):.12g}")


def _band(values: np.ndarray, factor: float = 1.0) -> dict:
    """Median with the 5th and 95th percentiles over draws (all equal for one draw)."""
    return _bands(values.reshape(-1, 1), factor)[0]


def _bands(values: np.ndarray, factor: float = 1.0) -> list[dict]:
    """``_band`` for each column of (draws, years) values, with one percentile call."""
    low, middle, high = percentiles(values) * factor
    return [{"value": _tidy(m), "low": _tidy(lo), "high": _tidy(hi)} for lo, m, hi in zip(low, middle, high)]


def _factor(outcome: TargetOutcome) -> float:
    return 100.0 if outcome.target.type == SHARE else display_factor(outcome.target)


def _unit(outcome: TargetOutcome) -> str:
    return "%" if outcome.target.type == SHARE else outcome.target.unit


def target_record(outcome: TargetOutcome, result: ScenarioResult) -> dict:
    """One target's entry in the JSON output (the documented contract)."""
    t = outcome.target
    record = {"id": t.id, "type": t.type, "reading": t.reading, "metric": t.metric or t.numerator,
              "boundary": t.boundary.describe(), "unit": _unit(outcome), "base_year": t.base_year,
              "target_year": t.target_year, "projected": outcome.projected}
    if not outcome.projected:
        return record | {"reason": outcome.reason, "status": "not projected"}
    f, i = _factor(outcome), result.index(t.target_year)
    met = outcome.met[:, i]
    probability = float(met.mean())
    first = first_year_met(outcome, result.years)
    status = "met" if probability == 1 else "missed" if probability == 0 else "uncertain"
    record.update({
        "base": {**_band(outcome.base[:, 0], f), "source": outcome.base_source},
        "level": _band(outcome.level[:, 0], f),
        "in_target_year": {"projected": _band(outcome.values[:, i], f), "gap": _band(outcome.gap[:, i], f),
                           "probability_met": _tidy(probability)},
        "neutralised_in_target_year": None if outcome.counted is None else _band(outcome.counted[:, i], f),
        "first_year_met": first, "status": status, "notes": list(outcome.notes),
    })
    return record


def pathway_records(outcome: TargetOutcome, result: ScenarioResult) -> list[dict]:
    f = _factor(outcome)
    met = outcome.met.mean(axis=0)
    middle = None if outcome.pathway is None else percentiles(outcome.pathway)[1]
    values, gaps = _bands(outcome.values, f), _bands(outcome.gap, f)
    level = _band(outcome.level[:, 0], f)["value"]
    return [{"year": int(year), **values[i], "pathway": None if middle is None else _tidy(middle[i] * f),
             "level": level, "gap": gaps[i]["value"], "probability_met": _tidy(met[i])}
            for i, year in enumerate(result.years)]


def _series(result: ScenarioResult, name: str) -> np.ndarray:
    if name == "energy_total":
        return result.total("energy_direct") + result.total("energy_indirect")
    return result.total(name)


def year_records(run: Run) -> list[dict]:
    result = run.result
    method = f"scope2_{run.scenario.scope2_method}"
    bands = {name: _bands(_series(result, name)) for name in YEAR_SERIES}
    segments = {s: _bands(result.series["scope1"][k] + result.series[method][k]) for k, s in enumerate(result.segments)}
    neutral = {kind: _bands(v) for kind, v in result.neutralisation.items()}
    out = []
    for i, year in enumerate(result.years):
        record = {"year": int(year), **{name: b[i] for name, b in bands.items()},
                  "segments": {s: b[i] for s, b in segments.items()},
                  "neutralisation": {kind: b[i] for kind, b in neutral.items()}}
        if run.attribution is not None:
            change = run.attribution.change("scope12", int(year))
            record["lever_effects"] = {k: _tidy(v) for k, v in change["levers"].items()}
        out.append(record)
    return out


def run_document(run: Run, views=VIEWS) -> dict:
    s, result = run.scenario, run.result
    document = {"scenario": {
        "name": s.name, "file": s.path.name, "description": s.description, "workspace": s.workspace.name,
        "start_year": s.start_year, "horizon": s.horizon, "scope2_method": s.scope2_method, "draws": result.draws,
        "seed": result.seed, "uncertain": result.uncertain, "percentiles": list(PERCENTILES),
        "units": {"emissions": "t CO2e", "energy": "MWh", "money": s.currency or None}}}
    if "targets" in views:
        document["targets"] = [target_record(o, result) for o in result.targets]
    if "years" in views:
        document["years"] = year_records(run)
    if "pathways" in views:
        document["pathways"] = {o.target.id: pathway_records(o, result) for o in result.targets if o.projected}
    if "levers" in views and run.attribution is not None:
        figures = {}
        for o in result.targets:
            if o.projected:
                change = run.attribution.change(o.target.id, o.target.target_year)
                f = _factor(o)
                figures[o.target.id] = {"year": o.target.target_year, "unit": _unit(o)} | {
                    k: _tidy(v * f) for k, v in change.items() if k != "levers"} | {
                    "levers": {k: _tidy(v * f) for k, v in change["levers"].items()}}
        document["levers"] = {"method": run.attribution.method, "figures": figures}
    if "costs" in views:
        document["costs"] = {"discount_rate": s.discount_rate, "currency": s.currency or None,
                             "levers": [_cost_record(c) for c in run.costs]}
    if "start" in views:
        document["start"] = {"lines": [_line_record(line) for line in s.all_lines],
                             "reconciliation": [_reconciliation_record(r) for r in s.reconciliation]}
    return document


COST_COLUMNS = ("lever", "type", "neutralises", "abated_t", "abated_discounted_t", "capex", "opex", "purchases",
                "savings", "npv", "cost_per_t")


def _cost_record(c) -> dict:
    return {"lever": c.lever, "type": c.type, "neutralises": c.neutralises, "abated_t": _tidy(c.abated_t),
            "abated_discounted_t": _tidy(c.abated_discounted_t), "capex": _tidy(c.capex), "opex": _tidy(c.opex),
            "purchases": _tidy(c.purchases), "savings": _tidy(c.savings), "npv": _tidy(c.npv),
            "cost_per_t": _tidy(c.cost_per_t)}


def _line_record(line) -> dict:
    return {"id": line.id, "kind": line.kind, "scope": line.scope, "segment": line.segment, "activity": line.activity,
            "energy_mwh": _tidy(line.energy_mwh), "co2e_location_t": _tidy(line.co2e_t),
            "co2e_market_t": _tidy(line.market_co2e_t), "factor_t_per_mwh": _tidy(line.factor),
            "source": line.source, "assumption": line.assumption}


def _reconciliation_record(r) -> dict:
    return {"metric": r.metric, "segment": r.segment, "scenario": _tidy(r.scenario), "workspace": _tidy(r.workspace),
            "agrees": r.agrees, "source": r.source}


# --- tables --------------------------------------------------------------------------------

def _shown(band: dict, uncertain: bool, decimals: int = 2) -> str:
    if band["value"] is None:
        return "-"
    text = f"{band['value']:,.{decimals}f}"
    if not uncertain or band["low"] == band["high"]:
        return text
    return f"{text} [{band['low']:,.{decimals}f} to {band['high']:,.{decimals}f}]"


def view_frame(run: Run, view: str) -> pd.DataFrame:
    uncertain = run.result.uncertain
    document = run_document(run, (view,))
    if view == "targets":
        rows = []
        for r in document["targets"]:
            if not r["projected"]:
                rows.append({"target": r["id"], "unit": r["unit"], "target year": str(r["target_year"]),
                             "status": "not projected"})
                continue
            rows.append({"target": r["id"], "unit": r["unit"], "base": _shown(r["base"], uncertain),
                         "level": _shown(r["level"], False), "target year": str(r["target_year"]),
                         "projected": _shown(r["in_target_year"]["projected"], uncertain),
                         "gap": _shown(r["in_target_year"]["gap"], uncertain),
                         "first year met": str(r["first_year_met"] or "-"),
                         **({"P(met)": f"{r['in_target_year']['probability_met'] * 100:.1f} %"} if uncertain else {}),
                         "status": r["status"]})
        return pd.DataFrame(rows).fillna("")
    if view == "years":
        rows = []
        for r in document["years"]:
            row = {"year": r["year"]}
            for name in YEAR_SERIES:
                row[name] = r[name]["value"]
                if uncertain:
                    row[f"{name}_p5"], row[f"{name}_p95"] = r[name]["low"], r[name]["high"]
            row.update({f"scope12_{s}": v["value"] for s, v in r["segments"].items()})
            row.update({f"{k}_t": v["value"] for k, v in r["neutralisation"].items()})
            rows.append(row)
        return pd.DataFrame(rows)
    if view == "pathways":
        return pd.DataFrame([{"target": t, **{k: v for k, v in r.items()}}
                             for t, records in document["pathways"].items() for r in records])
    if view == "levers":
        figures = document.get("levers", {}).get("figures", {})
        index = ["start", "drivers, no lever", *run.attribution.levers, "total change", "end"] if figures else []
        frame = pd.DataFrame(index=index)
        for t, c in figures.items():
            frame[f"{t} ({c['year']}, {c['unit']})"] = (
                [c["start"], c["drivers_no_lever"], *c["levers"].values(), c["total_change"], c["end"]])
        return frame.reset_index(names="lever")
    if view == "costs":
        return pd.DataFrame(document["costs"]["levers"], columns=COST_COLUMNS)
    return pd.DataFrame(document["start"]["lines"]).drop(columns=["source", "assumption"])


def _write_xlsx(frames: dict, output: Path) -> None:
    with pd.ExcelWriter(output, engine="openpyxl") as writer:
        for name, frame in frames.items():
            frame.to_excel(writer, sheet_name=name[:31], index=False)


def _emit(frames: dict, fmt: str, output: Path | None, document: dict, heading: str) -> None:
    if fmt == "xlsx":
        if output is None:
            raise click.UsageError("--format xlsx writes a workbook: give --output FILE.xlsx")
        _write_xlsx(frames, output)
        click.echo(f"wrote {output.name}: sheets {', '.join(frames)}")
        return
    if fmt == "json":
        text = json.dumps(to_jsonable(document), indent=2, ensure_ascii=False) + "\n"
    elif fmt == "csv":
        text = next(iter(frames.values())).to_csv(index=False, float_format="%.10g")
    elif fmt == "markdown":
        text = "\n\n".join(f"**{name}**\n\n{render_markdown(f)}" for name, f in frames.items()) + "\n"
    else:
        text = heading + "\n\n" + "\n\n".join(f"{name}\n{render_table(f)}" for name, f in frames.items()) + "\n"
    if output is not None:
        output.write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)


def _heading(run: Run) -> str:
    s, r = run.scenario, run.result
    how = (f"{r.draws:,} draws (seed {r.seed}), median [5th to 95th percentile]" if r.uncertain
           else "deterministic")
    return (f"{s.name} ({s.path.name}): {s.start_year}-{s.horizon}, {how}; Scope 2 for targets that leave the "
            f"method open: {s.scope2_method}-based")


def _notes(run: Run) -> list[str]:
    notes = [f"{o.target.id}: not projected: {o.reason}" for o in run.result.targets if not o.projected]
    notes += [f"{o.target.id}: {n}" for o in run.result.targets for n in o.notes]
    off = [r for r in run.scenario.reconciliation if r.agrees is False]
    notes += [f"start {r.metric} {r.segment or 'whole'}: lines give {r.scenario:,.2f}, the workspace {r.workspace:,.2f}"
              for r in off]
    return notes


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
def run_command(path, scenario_file, fmt, output, draws, seed, views, plot_file, waterfall_file, cost_file, target_id):
    """Project SCENARIO (a file, or a shipped scenario's name such as xiaomi-plan) for the workspace at PATH:
    emissions by year, every target's gap and verdict, each lever's contribution (Shapley) and the
    abatement cost curve."""
    for name, file in (("--plot", plot_file), ("--waterfall", waterfall_file), ("--cost-curve", cost_file)):
        if file is not None and file.suffix.lower() not in (".png", ".svg"):
            raise click.BadParameter("the chart file must end in .png or .svg", param_hint=name)
    run = run_scenario(path, scenario_file, draws=draws, seed=seed)
    chosen = views or (("targets", "years", "levers") if fmt in ("table", "markdown") else
                       ("targets",) if fmt == "csv" else VIEWS)
    if fmt == "table" and not views:
        frames = {"targets": view_frame(run, "targets"), "emissions (t CO2e) and energy (MWh)": _years_table(run),
                  "levers: change by the target year (Shapley" + (", at each parameter's median)"
                                                                  if run.result.uncertain else ")"):
                      view_frame(run, "levers")}
    else:
        frames = {v: view_frame(run, v) for v in chosen}
    document = run_document(run, chosen)
    heading = _heading(run)
    _emit(frames, fmt, output, document, heading)
    notes = _notes(run)
    if fmt == "table" and notes and output is None:
        click.echo("\n" + "\n".join(f"note: {n}" for n in notes))
    _draw(run, plot_file, waterfall_file, cost_file, target_id)


def _years_table(run: Run) -> pd.DataFrame:
    """Emissions and energy in the start year, every fifth year and the horizon (median for uncertain runs)."""
    frame = view_frame(run, "years")
    years = [y for y in frame["year"] if y == run.scenario.start_year or y % 5 == 0 or y == run.scenario.horizon]
    columns = ["year", *YEAR_SERIES] + [c for c in frame.columns if c.startswith("scope12_")]
    return frame[frame["year"].isin(years)][columns].reset_index(drop=True)


def _draw(run: Run, plot_file, waterfall_file, cost_file, target_id) -> None:
    from ghgcalc.plotting import scenarios as scenario_plot

    if plot_file is not None:
        scenario_plot.plot_trajectories([run.result], plot_file, title=run.scenario.name)
    if waterfall_file is not None:
        projected = [o for o in run.result.targets if o.projected]
        outcome = run.result.outcome(target_id) if target_id else (projected[0] if projected else None)
        if outcome is None or not outcome.projected:
            raise ConfigError("no projected target to draw a waterfall for"
                              + (f": {outcome.reason}" if outcome is not None else ""))
        change = run.attribution.change(outcome.target.id, outcome.target.target_year)
        scenario_plot.plot_waterfall(change, waterfall_file, unit=_unit(outcome), factor=_factor(outcome),
                                     title=f"{run.scenario.name}: {outcome.target.id}, "
                                           f"{run.scenario.start_year}-{outcome.target.target_year}")
    if cost_file is not None:
        scenario_plot.plot_cost_curve(run.costs, cost_file, title=f"{run.scenario.name}: abatement cost curve",
                                      currency=run.scenario.currency or "money")


@scenario_group.command("compare")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.argument("scenario_files", metavar="SCENARIO...", nargs=-1, required=True)
@_common
@click.option("--plot", "plot_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Draw every scenario's trajectories against the target pathways (.png or .svg).")
def compare_command(path, scenario_files, fmt, output, draws, seed, plot_file):
    """Compare scenarios side by side: each target in its target year, and emissions over time."""
    runs = [run_scenario(path, f, draws=draws, seed=seed, with_levers=False) for f in scenario_files]
    targets, years = [], []
    for run in runs:
        document = run_document(run, ("targets", "years"))
        for r in document["targets"]:
            row = {"target": r["id"], "scenario": run.scenario.name, "target year": r["target_year"]}
            if r["projected"]:
                row.update({"unit": r["unit"], "level": r["level"]["value"],
                            "projected": r["in_target_year"]["projected"]["value"],
                            "gap": r["in_target_year"]["gap"]["value"],
                            "probability met": r["in_target_year"]["probability_met"],
                            "first year met": r["first_year_met"], "status": r["status"]})
            else:
                row["status"] = "not projected"
            targets.append(row)
        for r in document["years"]:
            years.append({"year": r["year"], "scenario": run.scenario.name,
                          **{n: r[n]["value"] for n in ("scope1", "scope2_location", "scope2_market", "scope12")}})
    target_frame, year_frame = pd.DataFrame(targets), pd.DataFrame(years)
    document = {"scenarios": [run_document(run, ("targets",)) for run in runs]}
    if fmt in ("table", "markdown"):
        shown = pd.DataFrame({"target": list(dict.fromkeys(target_frame["target"]))})
        first = target_frame.drop_duplicates("target").set_index("target")
        shown["unit"] = [first.at[t, "unit"] if "unit" in first and pd.notna(first.at[t, "unit"]) else ""
                         for t in shown["target"]]
        shown["target year"] = [str(first.at[t, "target year"]) for t in shown["target"]]
        for run in runs:
            rows = target_frame[target_frame["scenario"] == run.scenario.name].set_index("target")
            shown[run.scenario.name] = [_compare_cell(rows.loc[t], run.result.uncertain) for t in shown["target"]]
        milestones = sorted({y for y in year_frame["year"] if y % 5 == 0} | {runs[0].scenario.start_year})
        emissions = year_frame[year_frame["year"].isin(milestones)].pivot_table(
            index="year", columns="scenario", values="scope12", sort=False).reset_index()
        emissions.columns.name = None
        frames = {"targets: projected figure in the target year, and verdict": shown,
                  "group Scope 1+2, t CO2e (median)": emissions}
        heading = "Scenarios compared:\n" + "\n".join(f"- {_heading(run)}" for run in runs)
    else:
        frames = {"targets": target_frame, "years": year_frame}
        heading = ""
    _emit(frames, fmt, output, document, heading)
    if plot_file is not None:
        from ghgcalc.plotting import scenarios as scenario_plot

        scenario_plot.plot_trajectories([r.result for r in runs], plot_file, title="Scenarios compared")


def _compare_cell(row, uncertain: bool) -> str:
    if row["status"] == "not projected":
        return "not projected"
    if uncertain:
        return f"{row['projected']:,.2f} (P(met) {row['probability met'] * 100:.1f} %)"
    return f"{row['projected']:,.2f} ({row['status']})"


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

    Exit 0 when a value is found, 3 when no value in the range meets the target, 1 on an error.
    """
    from ghgcalc.scenarios.distributions import SHARE as FRACTION, parse_number
    from ghgcalc.scenarios.goalseek import seek

    required, error = parse_number(probability, FRACTION)
    if error:
        raise click.BadParameter(error, param_hint="--probability")
    scenario = load_scenario(scenario_path(scenario_file), path, draws=draws)
    found = seek(scenario, lever_id, target_id, parameter=parameter, between=tuple(between) if between else None,
                 probability=required, draws=draws)
    target = scenario.targets.get(target_id)
    factor = 100.0 if target.type == SHARE else display_factor(target)
    unit = "%" if target.type == SHARE else target.unit
    show = _quantity_text(found.kind)
    document = {"lever": found.lever, "parameter": found.parameter, "target": found.target, "year": found.year,
                "range": [show(found.low), show(found.high)], "found": found.found,
                "value": None if found.value is None else show(found.value), "direction": found.direction or None,
                "number": _tidy(None if found.value is None else found.value * (100 if found.kind.percent else 1)),
                "unit": "%" if found.kind.percent else found.kind.unit,
                "gap_at_value": None if found.gap_at_value is None else _tidy(found.gap_at_value * factor),
                "gap_unit": unit, "probability_at_value": _tidy(found.probability_at_value),
                "required_probability": found.required_probability, "steps": found.steps}
    if fmt == "json":
        click.echo(json.dumps(to_jsonable(document), indent=2, ensure_ascii=False))
    else:
        what = f"lever {found.lever!r}, {found.parameter}"
        need = (f" in at least {found.required_probability * 100:g} % of draws" if found.required_probability is not None
                else "")
        if found.found:
            click.echo(f"{what}: {found.direction} {show(found.value)} meets {found.target} in {found.year}{need} "
                       f"(searched {show(found.low)} to {show(found.high)}, {found.steps} projections)")
            if found.gap_at_value is not None:
                click.echo(f"gap at that value: {_signed(found.gap_at_value * factor)} {unit} "
                           f"(negative: the level is passed)")
        else:
            best = ("" if found.gap_at_best_end is None else
                    f"; at the better end the gap is still {_signed(found.gap_at_best_end * factor)} {unit}")
            click.echo(f"{what}: no value from {show(found.low)} to {show(found.high)} meets {found.target} in "
                       f"{found.year}{need}{best}")
    if not found.found:
        sys.exit(EXIT_NOT_FOUND)



def _signed(value: float) -> str:
    """Two decimals, without a minus sign on a value that rounds to zero."""
    return f"{round(value, 2) + 0.0:,.2f}"


def _quantity_text(kind):
    def show(value: float) -> str:
        if kind.percent:
            return f"{value * 100:.4g} %"
        return f"{value:,.6g}" + (f" {kind.unit}" if kind.unit else "")
    return show


COMMANDS = (scenario_group,)
