"""The canvas every chart is drawn on: matplotlib's object API, imported only when a chart is drawn.

Why here: ghgcalc works without matplotlib (an optional extra), and no chart may change
anything global (no pyplot, no rcParams), so every chart starts and ends the same way.
"""

from __future__ import annotations

import math
from pathlib import Path

from ghgcalc.core.files import write_atomic
from ghgcalc.core.intervals import show_half_up
from ghgcalc.errors import ConfigError, GhgcalcError


class NothingToDraw(GhgcalcError, ValueError):
    """A chart was asked for but has no numbers to show: no file is written, and the message says why.

    Why not an empty chart: empty axes (a year axis from 1925 to 2125) read as a chart of nothing
    and hide that the data are missing; the line saying what to add is the useful output.
    """


def legend(ax, **kwargs) -> None:
    """The legend of the labelled marks, none without any (matplotlib warns on an empty legend)."""
    handles, labels = ax.get_legend_handles_labels()
    if handles:
        ax.legend(handles, labels, **kwargs)


def new_canvas(figsize: tuple[float, float]):
    """A matplotlib Figure with a constrained layout; a clear error when matplotlib is absent."""
    try:
        from matplotlib.figure import Figure as Canvas
    except ImportError:  # pragma: no cover - depends on the environment
        raise ConfigError("drawing a chart needs matplotlib: pip install 'ghgcalc[plot]'") from None
    return Canvas(figsize=figsize, layout="constrained")


def panel_grid(count: int, panel_size: tuple[float, float] = (6.5, 3.6)):
    """A canvas with ``count`` panels in at most two columns; returns it and the flat list of axes."""
    panels = max(count, 1)
    columns = 2 if panels > 1 else 1
    rows = math.ceil(panels / columns)
    canvas = new_canvas((panel_size[0] * columns, panel_size[1] * rows))
    return canvas, canvas.subplots(rows, columns, squeeze=False).ravel()


def thousands(value: float, _position=None) -> str:
    """An axis label with thousands separators (82,820), decimals only below 100 (0.45)."""
    if abs(value) >= 100 or value == int(value):
        return show_half_up(value, 0)
    return show_half_up(value, 2).rstrip("0").rstrip(".")


def format_values(axis) -> None:
    """Thousands separators on an axis of values (never on an axis of years: 2030, not 2,030)."""
    from matplotlib.ticker import FuncFormatter

    axis.set_major_formatter(FuncFormatter(thousands))


def format_years(axis, years) -> None:
    """Years on an axis as the company labels them (``years``: a core.years.FiscalYears; "FY2023"), whole years only;
    matplotlib's own labels under calendar years, whose label is the year."""
    if years.calendar:
        return
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    axis.set_major_formatter(FuncFormatter(
        lambda value, _position=None: years.label_of(round(value)) if abs(value - round(value)) < 1e-6 else ""))
    # a label such as FY2023/24 is twice a year's width: fewer ticks, slanted, so that neighbours never overlap
    axis.set_major_locator(MaxNLocator(nbins=6, integer=True))
    axis.set_tick_params(labelrotation=30)


def save(canvas, axes, used: int, title: str, path: str | Path) -> Path:
    """Hide the panels left over, format the value axes, give the title, write the file (.png or .svg)."""
    for ax in axes[:used]:
        format_values(ax.yaxis)
    for ax in axes[used:]:
        ax.set_visible(False)
    if title:
        canvas.suptitle(title)
    return write_canvas(canvas, path)


def write_canvas(canvas, path: str | Path) -> Path:
    """Render the chart in memory, then write it as every output is written (core.files.write_atomic):
    a read-only folder or a full disk is one line, and a half-drawn file never replaces a good one."""
    import io

    path = Path(path)
    buffer = io.BytesIO()
    canvas.savefig(buffer, format=path.suffix.lstrip(".").lower() or "png")
    write_atomic(path, buffer.getvalue())
    return path
