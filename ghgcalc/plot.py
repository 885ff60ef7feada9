"""A chart of progress towards targets: actuals, the straight pathway, the target level and the gap.

matplotlib is imported here only, and only when a chart is asked for, so that the rest of
ghgcalc works without it. The figure is drawn on matplotlib's object API (no pyplot), so
nothing global changes.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Sequence

from ghgcalc.progress import Progress
from ghgcalc.targets import SHARE


def plot_progress(progress: Sequence[Progress], path: str | Path, *, title: str = "") -> Path:
    """Draw one panel per target and save it to ``path`` (.png or .svg); returns the path."""
    try:
        from matplotlib.figure import Figure as Canvas
    except ImportError:  # pragma: no cover - depends on the environment
        from ghgcalc.errors import ConfigError

        raise ConfigError("drawing a chart needs matplotlib: pip install 'ghgcalc[plot]'") from None
    path = Path(path)
    panels = max(len(progress), 1)
    columns = 2 if panels > 1 else 1
    rows = math.ceil(panels / columns)
    canvas = Canvas(figsize=(6.5 * columns, 3.6 * rows), layout="constrained")
    axes = canvas.subplots(rows, columns, squeeze=False).ravel()
    for ax, p in zip(axes, progress):
        _panel(ax, p)
    for ax in axes[len(progress):]:
        ax.set_visible(False)
    if title:
        canvas.suptitle(title)
    canvas.savefig(path)
    return path


def _panel(ax, p: Progress) -> None:
    factor = p.display_factor
    unit = "%" if p.target.type == SHARE else p.target.unit

    def mid(figure):
        return (figure.value if figure.value is not None else (figure.low + figure.high) / 2) * factor

    if p.history:
        years = [y for y, _ in p.history]
        figures = [a.figure for _, a in p.history]
        values = [mid(f) for f in figures]
        below = [max(v - f.low * factor, 0) for v, f in zip(values, figures)]
        above = [max(f.high * factor - v, 0) for v, f in zip(values, figures)]
        ax.errorbar(years, values, yerr=[below, above], fmt="o-", color="black", capsize=3, label="actual")
    if p.pathway_points:
        years = [y for y, _ in p.pathway_points]
        ax.plot(years, [mid(f) for _, f in p.pathway_points], "--", color="tab:blue", label="straight pathway")
    if p.target_level is not None:
        ax.axhline(mid(p.target_level), color="tab:green", linestyle=":", label=f"target ({p.target.target_year})")
        ax.plot([p.target.target_year], [mid(p.target_level)], marker="*", markersize=12, color="tab:green")
    if p.actual.figure is not None and p.target_level is not None:
        start, end = mid(p.actual.figure), mid(p.target_level)
        ax.annotate("", xy=(p.year, end), xytext=(p.year, start),
                    arrowprops={"arrowstyle": "<->", "color": "tab:red"})
        ax.text(p.year + 0.15, (start + end) / 2, "gap", color="tab:red", va="center")
    ax.set_title(f"{p.target.id}: {p.status}", fontsize=10)
    ax.set_ylabel(unit)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=7, loc="best")
