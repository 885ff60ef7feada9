"""Charts of scenarios: trajectories against target pathways, a lever waterfall, the abatement cost curve.

As in :mod:`ghgcalc.plotting.progress`, matplotlib is imported only when a chart is drawn, and only its
object API is used (no pyplot), so that nothing global changes.
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Sequence

from ghgcalc.core.intervals import show_half_up
from ghgcalc.core.percent import probability_text
from ghgcalc.plotting.canvas import (NothingToDraw, format_values, format_years, legend, new_canvas, panel_grid,
                                     save, write_canvas)
from ghgcalc.scenarios.summary import summary_of
from ghgcalc.scenarios.run import ScenarioComparison, ScenarioRun
from ghgcalc.targets.kinds import display_factor, display_unit

COST_SPAN = 30  # costs per tonne spanning more than this factor are drawn on a symmetric log scale
TITLE_WIDTH = 70  # characters of a panel title line: two panels side by side in a 13-inch figure
COLOURS = ("tab:blue", "tab:orange", "tab:purple", "tab:brown", "tab:pink", "tab:olive", "tab:cyan")


def plot_trajectories(runs: ScenarioRun | ScenarioComparison | Sequence[ScenarioRun], path: str | Path, *,
                      title: str = "") -> Path:
    """One panel per projected target: each scenario's median with its 5-95 % band, the pathway and the level."""
    from matplotlib.ticker import MaxNLocator

    if isinstance(runs, ScenarioRun):
        runs = [runs]
    results = [run.result for run in (runs.runs if isinstance(runs, ScenarioComparison) else runs)]
    path = Path(path)
    ids = [o.target.id for o in results[0].targets if o.projected]
    canvas, axes = panel_grid(len(ids))
    for ax, target_id in zip(axes, ids):
        first = results[0].outcome(target_id)
        target = first.target
        factor = display_factor(target)
        for colour, result in zip(COLOURS, results):
            low, middle, high = summary_of(result).percentiles(("values", target_id)) * factor
            label = result.scenario.name
            ax.plot(result.years, middle, color=colour, label=label + (" (median)" if result.uncertain else ""))
            if result.uncertain:
                ax.fill_between(result.years, low, high, color=colour, alpha=0.2, label=f"{label}: 5-95 %")
        years, pathway, bands = list(results[0].years), None, summary_of(results[0]).bands
        if ("pathway", target_id) in bands:
            pathway = list(bands[("pathway", target_id)][1] * factor)
        base = float(bands[("base", target_id)][1][0]) * factor if ("base", target_id) in bands else None
        if base is not None and pathway is not None and target.base_year < years[0]:
            years, pathway = [target.base_year, *years], [base, *pathway]  # the pathway starts from the base
        if pathway is not None:
            ax.plot(years, pathway, "--", color="black", linewidth=1, label="straight pathway")
        if base is not None:
            ax.plot([target.base_year], [base], marker="o", color="black", linestyle="none",
                    label=f"base ({target.label(target.base_year)})")
        level = float(bands[("level", target_id)][1][0]) * factor
        ax.plot([target.target_year], [level], marker="*", markersize=12, color="tab:green", linestyle="none",
                label=f"target ({target.label(target.target_year)})")
        ax.set_title(_verdict_title(target_id, results), fontsize=10)
        ax.set_ylabel(display_unit(target))
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        format_years(ax.xaxis, target.years)
        ax.grid(alpha=0.3)
        legend(ax, fontsize=7, loc="best")
    return save(canvas, axes, len(ids), title, path)


def _verdict_title(target_id: str, results) -> str:
    """The target and, per scenario, whether it is met in the target year (a probability when uncertain)."""
    verdicts = []
    for result in results:
        outcome = result.outcome(target_id)
        probability = float(summary_of(result).probability(target_id)[result.index(outcome.target.target_year)])
        verdict = ("met" if probability == 1 else "missed" if probability == 0
                   else f"met in {probability_text(probability)} of draws")
        verdicts.append(verdict if len(results) == 1 else f"{result.scenario.name}: {verdict}")
    if len(results) == 1:
        return f"{target_id}: {verdicts[0]}"
    return "\n".join([target_id, *textwrap.wrap("; ".join(verdicts), TITLE_WIDTH)])


def plot_waterfall(run: ScenarioRun, path: str | Path, *, target_id: str | None = None) -> Path:
    """From the start-year value, each lever's Shapley contribution, to the value in the target year.

    For ``target_id`` (default: the first projected target), in its target year.
    """
    outcome, change = run.lever_change(target_id)
    target = outcome.target
    unit, factor = display_unit(target), display_factor(target)
    title = f"{run.scenario.name}: {target.id}, {target.label(run.scenario.start_year)}-{target.label(target.target_year)}"
    path = Path(path)
    steps = [("drivers, no lever", change["drivers_no_lever"])] if abs(change["drivers_no_lever"]) > 0 else []
    steps += [(name, value) for name, value in change["levers"].items() if value != 0]
    canvas = new_canvas((1.2 + 0.75 * (len(steps) + 2), 4.2))
    ax = canvas.subplots()
    labels, running = ["start"], change["start"] * factor
    ax.bar(0, running, color="grey")
    for i, (name, value) in enumerate(steps, start=1):
        value *= factor
        ax.bar(i, value, bottom=running, color="tab:red" if value > 0 else "tab:green")
        running += value
        labels.append(name)
    end = ax.bar(len(steps) + 1, change["end"] * factor, color="black")
    labels.append("end")
    for container in ax.containers:  # every bar labelled with its value (a step with its sign)
        signed = container is not ax.containers[0] and container is not end
        ax.bar_label(container, labels=[show_half_up(v, 0 if abs(v) >= 100 else 2, sign=signed)
                                        for v in container.datavalues],
                     fontsize=7, padding=2)
    low, high = ax.get_ylim()
    ax.set_ylim(low, high + 0.1 * (high - low))  # room above the tallest bar for its label
    ax.set_xticks(range(len(labels)), labels, rotation=45, ha="right", fontsize=8)
    ax.set_ylabel(unit)
    ax.set_title(title, fontsize=10)
    ax.grid(alpha=0.3, axis="y")
    format_values(ax.yaxis)
    write_canvas(canvas, path)
    return path


def plot_cost_curve(run: ScenarioRun, path: str | Path) -> Path:
    """Levers as bars, cheapest tonne first: width the tonnes abated, height the cost per tonne."""
    costs, currency = run.costs, run.scenario.currency or "money"
    if not [c for c in costs if c.cost_per_t is not None]:
        raise NothingToDraw(f"no cost curve written: no lever of {run.scenario.name} has a cost; give a lever "
                            "its cost (docs/scenarios.md) to draw one")
    title = f"{run.scenario.name}: abatement cost curve"
    path = Path(path)
    canvas = new_canvas((8, 4.5))
    ax = canvas.subplots()
    left = 0.0
    for colour, cost in zip(COLOURS * 4, [c for c in costs if c.cost_per_t is not None]):
        width = cost.abated_t / 1000
        ax.bar(left, cost.cost_per_t, width=width, align="edge", color=colour, edgecolor="black",
               hatch="//" if cost.neutralises else None,
               label=cost.lever + (" (neutralised, not abated)" if cost.neutralises else ""))
        left += width
    ax.axhline(0, color="black", linewidth=0.8)
    shown = [abs(c.cost_per_t) for c in costs if c.cost_per_t]
    if shown and max(shown) / min(shown) > COST_SPAN:  # one very dear lever would flatten every other bar
        ax.set_yscale("symlog", linthresh=min(shown))
        ax.set_ylabel(f"{currency} per t CO2e (levelised; log scale above {show_half_up(min(shown), 0)})")
    else:
        ax.set_ylabel(f"{currency} per t CO2e (levelised)")
        format_values(ax.yaxis)
    format_values(ax.xaxis)
    ax.set_xlabel("kt CO2e abated over the scenario's years")
    ax.set_title(title, fontsize=10)
    legend(ax, fontsize=7, loc="best")
    ax.grid(alpha=0.3)
    write_canvas(canvas, path)
    return path
