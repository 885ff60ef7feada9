"""``ghgcalc gap``: where each target stands in a reporting year, and what it still takes.

Exit codes: 0 when no target is off track (targets whose verdict cannot be determined
from the data count as not off track, unless --strict); 3 when any target is off track
(or missed); 1 on an error in the inputs.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
import pandas as pd

from ghgcalc.cli.output import echo_json, render_markdown, render_table
from ghgcalc.targets.pathway import Figure
from ghgcalc.targets.progress import GapReport, Progress, track_workspace
from ghgcalc.targets.definitions import CUMULATIVE, SHARE

EXIT_OFF_TRACK = 3
MATERIAL_HALF_WIDTH = 5e-4  # show bounds in the table when they exceed 0.05 % of the value
QUANTITIES = ("target_level", "pathway_value", "gap", "gap_percent", "gap_to_pathway", "progress",
              "required_annual_rate", "required_annual_change")


# --- the JSON contract ---------------------------------------------------------------------

def _units(p: Progress) -> dict[str, str]:
    share = p.target.type == SHARE
    unit = "%" if share else p.target.unit
    difference = "percentage points" if share else unit
    return {"level": unit, "gap": difference, "gap_percent": "% of target level", "progress": "%",
            "required_annual_rate": "% per year", "required_annual_change": f"{difference} per year"}


def quantity(figure: Figure | None, factor: float, unit: str) -> dict | None:
    """A figure as {value, low, high, unit}; value is null when only bounds are known."""
    if figure is None:
        return None
    low, high = sorted((figure.low * factor, figure.high * factor))
    value = None if figure.value is None else _tidy(figure.value * factor)
    return {"value": value, "low": _tidy(low), "high": _tidy(high), "unit": unit}


def _tidy(number: float) -> float:
    """12 significant digits: drops binary noise (94025.82499999998) without touching printed precision."""
    return float(f"{number:.12g}")


def progress_record(p: Progress) -> dict:
    """One target's entry in the JSON output (the documented contract)."""
    u = _units(p)
    f = p.display_factor
    direction = "reduction" if p.target.direction < 0 else "increase"
    actual = quantity(p.actual.figure, f, u["level"]) or {"value": None, "low": None, "high": None, "unit": u["level"]}
    actual.update(source=p.actual.source, proxy=p.actual.proxy)
    rate = quantity(p.required_annual_rate, 100, u["required_annual_rate"])
    change = quantity(p.required_annual_change, f, u["required_annual_change"])
    for item in (rate, change):
        if item is not None:
            item["direction"] = direction
    neutral = p.neutralisation
    return {
        "id": p.target.id, "type": p.target.type, "reading": p.target.reading, "quote": list(p.target.quote),
        "source": p.target.source, "metric": p.target.metric, "boundary": p.target.boundary.describe(),
        "year": p.year, "base_year": p.target.base_year, "target_year": p.target.target_year,
        "years_left": p.years_left, "unit": u["level"],
        "actual": actual,
        "base": {"year": p.base.year, "as_set": quantity(p.base.as_set, f, u["level"]),
                 "recalculated": quantity(p.base.recalculated, f, u["level"]), "note": p.base.note,
                 "source": p.base.source},
        "target_level": quantity(p.target_level, f, u["level"]),
        "pathway_value": quantity(p.pathway_value, f, u["level"]),
        "gap": quantity(p.gap, f, u["gap"]),
        "gap_percent": quantity(p.gap_percent, 100, u["gap_percent"]),
        "gap_to_pathway": quantity(p.gap_to_pathway, f, u["gap"]),
        "progress": quantity(p.progress, 100, u["progress"]),
        "required_annual_rate": rate,
        "required_annual_change": change,
        "on_track": p.on_track, "status": p.status,
        "ambition": None if p.ambition is None else {
            "implied_annual_linear_reduction": {"value": _tidy(p.ambition.annual_linear_reduction * 100),
                                                "unit": "% of base per year"},
            "meets": list(p.ambition.meets),
            "benchmarks": [{"name": b.name, "annual_linear_reduction": b.annual_linear_reduction * 100,
                            "unit": "% of base per year", "source": b.source} for b in p.ambition.benchmarks]},
        "neutralisation": None if neutral is None else {
            "removals": quantity(neutral.removals, f, u["level"]), "credits": quantity(neutral.credits, f, u["level"]),
            "counted": quantity(neutral.counted, f, u["level"]),
            "emissions_not_covered": quantity(neutral.uncovered, f, u["level"]),
            "counts": "removals only" if p.target.type == "net_zero" else "removals and credits",
            "target_depth": None if neutral.depth is None else neutral.depth * 100,
            "min_reduction": None if neutral.min_reduction is None else neutral.min_reduction * 100,
            "depth_ok": neutral.depth_ok},
        "history": [dict(year=y, **_bare(quantity(a.figure, f, u["level"]))) for y, a in p.history],
        "notes": list(p.notes),
    }


def _bare(q: dict) -> dict:
    return {k: q[k] for k in ("value", "low", "high")}


def report_document(report: GapReport) -> dict:
    return {"workspace": report.name, "year": report.year, "targets_file": report.targets_file.name,
            "significance_threshold": report.significance_threshold * 100,
            "all_on_track": all(p.on_track for p in report.progress),
            "targets": [progress_record(p) for p in report.progress]}


def report_csv(report: GapReport) -> str:
    """One row per target; each quantity as value, low and high columns, units in their own columns."""
    rows = []
    for p in report.progress:
        record = progress_record(p)
        row = {k: record[k] for k in ("id", "type", "reading", "metric", "year", "base_year", "target_year",
                                      "years_left", "unit")}
        for name, q in [("actual", record["actual"]), ("base", record["base"]["as_set"]),
                        ("base_recalculated", record["base"]["recalculated"])] + [(n, record[n]) for n in QUANTITIES]:
            for part in ("value", "low", "high"):
                row[f"{name}_{part}" if part != "value" else name] = None if q is None else q[part]
            if name in QUANTITIES or name == "actual":
                row[f"{name}_unit"] = None if q is None else q["unit"]
        row.update(actual_source=p.actual.source, on_track=p.on_track, status=p.status)
        rows.append(row)
    return pd.DataFrame(rows).to_csv(index=False, float_format="%.10g")


# --- the table -------------------------------------------------------------------------------

def _number(value: float, decimals: int | None = None) -> str:
    if decimals is None:
        decimals = 2 if abs(value) >= 1 or value == 0 else 4
    return f"{value:,.{decimals}f}"


def show(figure: Figure | None, factor: float = 1.0, suffix: str = "", decimals: int | None = None) -> str:
    """A figure for people: the value, with ± the farther bound when printed precision matters
    (a half-width above 0.05 % of the value); "low to high" when only bounds are known."""
    if figure is None:
        return "-"
    low, high = sorted((figure.low * factor, figure.high * factor))
    if figure.value is None:
        return f"{_number(low, decimals)} to {_number(high, decimals)}{suffix}"
    value = figure.value * factor
    spread = max(value - low, high - value)
    if decimals is None:
        decimals = 2 if abs(value) >= 1 or value == 0 else 4
    if spread > MATERIAL_HALF_WIDTH * max(abs(value), 1e-12):
        return f"{_number(value, decimals)} ±{_number(spread, decimals)}{suffix}"
    return f"{_number(value, decimals)}{suffix}"


def table_frame(report: GapReport) -> pd.DataFrame:
    rows = []
    for p in report.progress:
        f = p.display_factor
        share = p.target.type == SHARE
        pct = " %" if share else ""
        word = "cut" if p.target.direction < 0 else "rise"
        base = show(p.base.as_set, f, pct) if p.target.type != CUMULATIVE else f"0 from {p.target.base_year}"
        rows.append({
            "target": p.target.id,
            "unit": "%" if share else p.target.unit,
            "base": base,
            "base recalculated": show(p.base.recalculated, f, pct),
            "actual": show(p.actual.figure, f, pct),
            "pathway": show(p.pathway_value, f, pct),
            "target level": show(p.target_level, f, pct),
            "gap": show(p.gap, f, " pp" if share else ""),
            "gap %": show(p.gap_percent, 100, " %", 1),
            "progress": show(p.progress, 100, " %", 1),
            "years left": str(p.years_left),
            "rate/yr": show(p.required_annual_rate, 100, f" % {word}", 1),
            "linear/yr": show(p.required_annual_change, f, f" {word}"),
            "status": p.status,
        })
    frame = pd.DataFrame(rows)
    if all(p.base.recalculated is None for p in report.progress):
        frame = frame.drop(columns="base recalculated")
    return frame


def explanations(report: GapReport) -> list[str]:
    """Per target: the reading in words, where the actual came from, the base, the ambition, notes."""
    lines = []
    for p in report.progress:
        lines.append(f"{p.target.id}: {p.target.reading}")
        lines.append(f"  actual {p.year}: {p.actual.source}")
        if p.base.note:
            lines.append(f"  base: {p.base.note}")
        if p.ambition is not None:
            lines.append(f"  ambition: {p.ambition.describe()}")
        if p.neutralisation is not None:
            n, f = p.neutralisation, p.display_factor
            lines.append(f"  neutralisation {p.year} (not subtracted from emissions): removals {show(n.removals, f)}, "
                         f"credits {show(n.credits, f)}; counted {show(n.counted, f)}; emissions not covered "
                         f"{show(n.uncovered, f)} {p.target.unit}")
        lines.extend(f"  note: {note}" for note in p.notes)
    return lines


# --- the command ---------------------------------------------------------------------------------

@click.command("gap")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("--year", type=int, help="Reporting year (default: the latest year with a figure for any target).")
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
def gap_command(path, year, ids, targets_file, removals_file, fmt, plot_file, strict):
    """Progress towards each target: actual, pathway, gap, share of the way covered, rate needed.

    Exit 0 when no target is off track, 3 when any is, 1 on an error.
    """
    if plot_file is not None and plot_file.suffix.lower() not in (".png", ".svg"):
        raise click.BadParameter("the plot file must end in .png or .svg", param_hint="--plot")
    report = track_workspace(path, year=year, targets_file=targets_file, removals_file=removals_file, ids=ids)
    if fmt == "json":
        echo_json(report_document(report))
    elif fmt == "csv":
        click.echo(report_csv(report), nl=False)
    elif fmt == "markdown":
        click.echo(f"**{report.name}: progress towards targets in {report.year}**\n")
        click.echo(render_markdown(table_frame(report)))
        click.echo("")
        click.echo("\n".join(f"- {line.strip()}" if not line.startswith(" ") else f"  - {line.strip()}"
                             for line in explanations(report)))
    else:
        click.echo(f"{report.name}: progress towards targets in {report.year} (from {report.targets_file.name})")
        click.echo(render_table(table_frame(report)))
        click.echo("")
        click.echo("\n".join(explanations(report)))
    if plot_file is not None:
        from ghgcalc.plotting.progress import plot_progress

        plot_progress(report.progress, plot_file, title=f"{report.name}: targets in {report.year}")
    if report.off_track or (strict and report.undetermined):
        sys.exit(EXIT_OFF_TRACK)


COMMANDS = (gap_command,)
