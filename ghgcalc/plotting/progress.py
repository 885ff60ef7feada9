"""A chart of progress towards targets: actuals, the straight pathway, the target level and the gap.

matplotlib is imported here only, and only when a chart is asked for, so that the rest of
ghgcalc works without it. The figure is drawn on matplotlib's object API (no pyplot), so
nothing global changes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from ghgcalc.targets.progress import Progress
from ghgcalc.targets.kinds import display_unit
from ghgcalc.plotting.canvas import NothingToDraw, format_years, legend, panel_grid, save


def drawable(p: Progress) -> bool:
    """Whether a target has a number to draw: an actual, a pathway point or its level."""
    return (any(a.figure is not None for _, a in p.history)
            or any(f is not None and f.value is not None for _, f in p.pathway_points)
            or (p.target_level is not None and p.target_level.value is not None))


def left_out(progress: Sequence[Progress]) -> list[str]:
    """One line per target the chart leaves out, and why."""
    return [f"{p.target.id}: left out of the chart: no figure, pathway or level to draw ({p.status})"
            for p in progress if not drawable(p)]


def plot_progress(progress: Sequence[Progress], path: str | Path, *, title: str = "") -> Path:
    """Draw one panel per target that has numbers and save it to ``path`` (.png or .svg); returns the path.

    Raises NothingToDraw when no target has any (no file is written); ``left_out`` names the others.
    """
    shown = [p for p in progress if drawable(p)]
    if not shown:
        raise NothingToDraw("no chart written: no target has a figure, a pathway or a level to draw "
                            f"({', '.join(p.target.id for p in progress) or 'no targets'})")
    canvas, axes = panel_grid(len(shown))
    for ax, p in zip(axes, shown):
        _panel(ax, p)
    return save(canvas, axes, len(shown), title, path)


def _panel(ax, p: Progress) -> None:
    """Actuals (with printed-precision bars; a bound as a bare bar), the pathway, the level and the gap."""
    from matplotlib.ticker import MaxNLocator

    factor = p.display_factor
    unit = display_unit(p.target)

    def ends(figure):
        return sorted((figure.low * factor, figure.high * factor))

    known = [(y, a.figure) for y, a in p.history if a.figure.value is not None]
    bounds = [(y, a.figure) for y, a in p.history if a.figure.value is None]
    if known:
        years = [y for y, _ in known]
        values = [f.value * factor for _, f in known]
        below = [max(v - ends(f)[0], 0) for v, (_, f) in zip(values, known)]
        above = [max(ends(f)[1] - v, 0) for v, (_, f) in zip(values, known)]
        ax.errorbar(years, values, yerr=[below, above], fmt="o-", color="black", capsize=3, label="actual")
    for y, f in bounds:
        low, high = ends(f)
        ax.vlines(y, low, high, color="black", linewidth=4, alpha=0.5,
                  label="actual: only bounds known" if y == bounds[0][0] else None)
    if p.pathway_points:
        years = [y for y, _ in p.pathway_points]
        lows, highs = zip(*(ends(f) for _, f in p.pathway_points))
        if all(f.value is not None for _, f in p.pathway_points):
            ax.plot(years, [f.value * factor for _, f in p.pathway_points], "--", color="tab:blue",
                    label="straight pathway")
        if any(h - lo > 1e-3 * max(abs(h), 1e-12) for lo, h in zip(lows, highs)):
            ax.fill_between(years, lows, highs, color="tab:blue", alpha=0.15, label="pathway bounds")
    level = p.target_level
    if level is not None and level.value is not None:
        ax.axhline(level.value * factor, color="tab:green", linestyle=":", label=f"target ({p.target.label(p.target.target_year)})")
        ax.plot([p.target.target_year], [level.value * factor], marker="*", markersize=12, color="tab:green")
        actual = p.actual.figure
        if actual is not None and actual.value is not None:
            start, end = actual.value * factor, level.value * factor
            ax.annotate("", xy=(p.year, end), xytext=(p.year, start), arrowprops={"arrowstyle": "<->", "color": "tab:red"})
            ax.text(p.year + 0.1, (start + end) / 2, "gap", color="tab:red", va="center")
    ax.set_title(f"{p.target.id}: {p.status}", fontsize=10)
    ax.set_ylabel(unit)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    format_years(ax.xaxis, p.target.years)
    ax.grid(alpha=0.3)
    legend(ax, fontsize=7, loc="best")
