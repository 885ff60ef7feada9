"""Charts for the HTML report as plain geometry: the template draws them as inline SVG.

Why not matplotlib: it is an optional extra, and a report must open offline with no image
files beside it. A target's chart is few marks (base, pathway, actual, target level), so this
module computes their coordinates and axis ticks and the template writes the ``<svg>``
elements, each value escaped like any other.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from ghgcalc.targets.kinds import display_unit

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 84, 24, 20, 36


@dataclass(frozen=True)
class Mark:
    x: float
    y: float
    label: str
    kind: str  # base, actual (actual-below: its label under the dot), target, band


@dataclass(frozen=True)
class PathwayChart:
    width: int
    height: int
    y_ticks: list[tuple[float, str]]  # (y pixel, label)
    x_ticks: list[tuple[float, str]]
    pathway: tuple[float, float, float, float] | None  # x1, y1, x2, y2
    marks: list[Mark] = field(default_factory=list)
    bands: list[tuple[float, float, float, float]] = field(default_factory=list)  # x, y, w, h of an interval
    gap: tuple[float, float, float, str, float] | None = None  # x, y_top, y_bottom, label, label y (off the pathway)
    unit: str = ""
    caption: str = ""


def nice_ticks(high: float, count: int = 5) -> list[float]:
    """Round tick values from 0 to at least ``high`` (1, 2 or 5 times a power of ten apart)."""
    if high <= 0:
        return [0.0, 1.0]
    raw = high / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    return [i * step for i in range(int(math.ceil(high / step)) + 1)]


def tick_label(value: float) -> str:
    """Thousands separators; decimals only where the ticks need them."""
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _mid(figure) -> float | None:
    if figure is None:
        return None
    return figure.value if figure.value is not None else (figure.bounds.low + figure.bounds.high) / 2


def pathway_chart(progress) -> PathwayChart | None:
    """The chart of one target's progress: history, pathway, target level and the gap, or None without numbers.

    Why long: each mark (actuals or their bounds, pathway, target, gap bracket) needs its own
    scaling and label, and the order matters for what is drawn on top.
    """
    factor = progress.display_factor
    pathway = [(y, _mid(f) * factor) for y, f in progress.pathway_points if _mid(f) is not None]
    history = [(y, a.figure) for y, a in progress.history if a.figure is not None]
    level = _mid(progress.target_level)
    highs = [v for _, v in pathway] + [f.bounds.high * factor for _, f in history]
    years = [y for y, _ in progress.pathway_points] + [y for y, _ in history] + [progress.target.target_year]
    if not highs or level is None:
        return None
    x0, x1 = min(years), max(years)
    if x1 <= x0:
        return None
    share = progress.target.kind.share
    ticks = [0.0, 25.0, 50.0, 75.0, 100.0] if share else nice_ticks(max(highs) * 1.08)  # a share ends at 100 %
    top = ticks[-1] or 1.0
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def px(x):
        return round(LEFT + (x - x0) / (x1 - x0) * plot_w, 1)

    def py(y):
        return round(TOP + plot_h - (y / top) * plot_h, 1)

    every = 1 if x1 - x0 <= 10 else 5  # a short span labels each year (2022, 2023, 2024 ... not 2024, 2025)
    shown_years = sorted({x0, x1, progress.year} | {y for y in range(x0, x1 + 1) if y % every == 0})
    unit = display_unit(progress.target)
    chart = PathwayChart(WIDTH, HEIGHT, [(py(t), tick_label(t)) for t in ticks],
                         [(px(y), str(y)) for y in shown_years], None, unit=unit)
    if len(pathway) >= 2:
        (ya, va), (yb, vb) = pathway[0], pathway[-1]
        chart = PathwayChart(**{**chart.__dict__, "pathway": (px(ya), py(va), px(yb), py(vb))})
    falling = len(pathway) >= 2 and pathway[0][1] > pathway[-1][1]  # the line comes down into the target from above
    chart.marks.append(Mark(px(progress.target.target_year), py(level * factor),
                            f"target {tick_label(round(level * factor, 2))}", "target-below" if falling else "target"))
    for year, figure in history:
        low, high = figure.bounds.low * factor, figure.bounds.high * factor
        if figure.value is None or (high - low) > 0.02 * top:
            chart.bands.append((px(year) - 6, py(high), 12, max(1.0, py(low) - py(high))))
        if figure.value is not None:
            label = tick_label(round(figure.value * factor, 2)) if year == progress.year else ""
            chart.marks.append(Mark(px(year), py(figure.value * factor), label, "actual"))
        elif year == progress.year:
            chart.marks.append(Mark(px(year), py(high), f"{tick_label(round(low, 2))} to {tick_label(round(high, 2))}",
                                    "band"))
    actual, expected = _mid(progress.actual.figure), _mid(progress.pathway_value)
    if actual is not None and expected is not None and abs(actual - expected) * factor > 0.01 * top:
        a, e = actual * factor, expected * factor
        chart = PathwayChart(**{**chart.__dict__, "gap": (px(progress.year) + 12, py(max(a, e)), py(min(a, e)),
                                                          "gap to pathway", py(a) + 4)})  # text level with the dot
        if a < e:  # the bracket rises from the dot to the pathway: the dot's label goes below it, clear of the bracket
            chart.marks[:] = [Mark(m.x, m.y, m.label, "actual-below") if m.kind == "actual" and m.label else m
                              for m in chart.marks]
    return chart
