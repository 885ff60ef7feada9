"""Charts for the HTML report as plain geometry: the template draws them as inline SVG.

Why not matplotlib: it is an optional extra, and a report must open offline with no image
files beside it. A target's chart is few marks (base, pathway, actual, target level), so this
module computes their coordinates and axis ticks and the template writes the ``<svg>``
elements, each value escaped like any other.

Why labels are placed here and not in the template: a label is legible only where it does not
sit on another label, a tick or the pathway. Each label's box is estimated from its length
(FONT_PX wide per character), tried at a few places around its dot in order, and put at the
first that keeps clear of the axis labels and the labels already placed. The same chart is
drawn twice: wide for a screen, and narrow (NARROW) for a phone, where the wide one would be
scaled down to unreadable text; the page shows one or the other.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from ghgcalc.core.intervals import show_half_up
from ghgcalc.targets.kinds import display_unit

WIDTH, HEIGHT = 640, 260
NARROW = (340, 240)  # a phone's column (390 px less the page's margins): drawn at its own size, not scaled down
LEFT, RIGHT, TOP, BOTTOM = 84, 24, 28, 36
NARROW_LEFT = 60
FONT_PX = 6.6  # width of a character of the 11 px bold label font, estimated
LINE_PX = 13  # height of a label's line box
TICK_GAP = 10  # least room between two x-axis year labels


@dataclass(frozen=True)
class Mark:
    x: float
    y: float
    label: str
    kind: str  # base, actual (actual-below: its label under the dot), target, band
    lx: float = 0.0  # where its label is drawn, and how it is anchored (start, middle, end)
    ly: float = 0.0
    anchor: str = "start"


@dataclass(frozen=True)
class PathwayChart:
    width: int
    height: int
    y_ticks: list[tuple[float, str]]  # (y pixel, label)
    x_ticks: list[tuple[float, str]]
    pathway: tuple[float, float, float, float] | None  # x1, y1, x2, y2
    marks: list[Mark] = field(default_factory=list)
    bands: list[tuple[float, float, float, float]] = field(default_factory=list)  # x, y, w, h of an interval
    gap: tuple | None = None  # x, y_top, y_bottom, label, label y (off the pathway), label x
    unit: str = ""
    caption: str = ""
    left: int = LEFT  # the plot's left edge (y tick labels end 6 px before it)


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
    return show_half_up(value, 2).rstrip("0").rstrip(".")


def _mid(figure) -> float | None:
    if figure is None:
        return None
    return figure.value if figure.value is not None else (figure.bounds.low + figure.bounds.high) / 2


def pathway_chart(progress, width: int = WIDTH, height: int = HEIGHT) -> PathwayChart | None:
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
    left = LEFT if width >= WIDTH else NARROW_LEFT
    plot_w, plot_h = width - left - RIGHT, height - TOP - BOTTOM

    def px(x):
        return round(left + (x - x0) / (x1 - x0) * plot_w, 1)

    def py(y):
        return round(TOP + plot_h - (y / top) * plot_h, 1)

    unit = display_unit(progress.target)
    chart = PathwayChart(width, height, [(py(t), tick_label(t)) for t in ticks],
                         _x_ticks(x0, x1, progress.year, px, progress.target.label, width), None, unit=unit, left=left)
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
    return place_labels(chart)


def _x_ticks(x0: int, x1: int, year: int, px, label, width: int) -> list[tuple[float, str]]:
    """The year axis: (where drawn, label) of each year labelled, as the company labels them ("FY2023")."""
    def at(y):
        return _inside_width(px(y), label(y), width)

    return [(at(y), label(y)) for y in _year_ticks(x0, x1, year, at, len(label(x1)))]


def _inside_width(x: float, text: str, width: int) -> float:
    """Where a year label centred on x is drawn so that it stays whole: a long label of the last year ("GJ 2029/30",
    "FY2029/30") centred on the plot's right edge would run past the chart's and be cut off."""
    half = len(text) * FONT_PX / 2
    return min(max(x, half + 1), width - half - 1)


def _year_ticks(x0: int, x1: int, year: int, px, characters: int = 4) -> list[int]:
    """The years labelled on the x axis: the first, the last and the reporting year always, then every
    year (or every fifth on a long span) whose label keeps TICK_GAP clear of those already kept."""
    every = 1 if x1 - x0 <= 10 else 5  # a short span labels each year (2022, 2023, 2024 ... not 2024, 2025)
    kept = sorted({x0, x1, year})
    half = characters / 2 * FONT_PX + TICK_GAP / 2  # half a label's width (4 characters: "2024"), and half the gap
    for y in (y for y in range(x0, x1 + 1) if y % every == 0 and y not in kept):
        if all(abs(px(y) - px(k)) >= 2 * half for k in kept):
            kept.append(y)
    kept.sort()
    out = [kept[0]]
    for y in kept[1:]:  # the fixed three may be too close on a narrow chart: keep the later of two
        if abs(px(y) - px(out[-1])) < 2 * half and out[-1] not in (x0,):
            out[-1] = y
        elif abs(px(y) - px(out[-1])) >= 2 * half:
            out.append(y)
    return out


Box = tuple[float, float, float, float]  # left, top, right, bottom


def text_box(x: float, y: float, text: str, anchor: str) -> Box:
    """The estimated box of a label drawn at (x, y) (its baseline) with ``anchor``."""
    w = len(text) * FONT_PX
    left = x - w if anchor == "end" else x - w / 2 if anchor == "middle" else x
    return left, y - LINE_PX + 3, left + w, y + 3


def overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _candidates(m: Mark) -> list[tuple[float, float, str]]:
    """Where a dot's label may go, the preferred place first (each kind keeps its place when free)."""
    above_right, above_left = (m.x + 8, m.y - 8, "start"), (m.x - 8, m.y - 9, "end")
    below, above = (m.x, m.y + 20, "middle"), (m.x, m.y - 10, "middle")
    below_left, below_right = (m.x - 8, m.y + 20, "end"), (m.x + 8, m.y + 20, "start")
    order = {"target": [above_left, below_left, above, above_right],
             "target-below": [below_left, above_left, above, below],
             "actual-below": [below, below_left, below_right, above_right, above_left],
             "band": [(m.x + 10, m.y - 6, "start"), above_left, below]}
    return order.get(m.kind, [above_right, above_left, below, above])


def place_labels(chart: PathwayChart) -> PathwayChart:
    """Each label at the first of its places that stays inside the chart and clear of the axis labels and of
    the labels placed before it; the gap bracket's text last, beside its bracket."""
    taken: list[Box] = [text_box(x, chart.height - 14, label, "middle") for x, label in chart.x_ticks]
    taken += [text_box(chart.left - 6, y + 4, label, "end") for y, label in chart.y_ticks]
    taken.append(text_box(8, 14, chart.unit, "start"))
    placed = []
    for m in chart.marks:
        if not m.label:
            placed.append(m)
            continue
        options = _candidates(m)
        fits = [o for o in options if _inside(text_box(o[0], o[1], m.label, o[2]), chart)]
        choice = next((o for o in fits if not any(overlaps(text_box(o[0], o[1], m.label, o[2]), t) for t in taken)),
                      (fits or options)[0])
        taken.append(text_box(choice[0], choice[1], m.label, choice[2]))
        placed.append(Mark(m.x, m.y, m.label, m.kind, *choice))
    gap = chart.gap
    if gap is not None:
        x, top, bottom, label, y = gap
        options = [(x + 5, y), (x + 5, (top + bottom) / 2 + 4), (x + 5, top - 4), (x + 5, bottom + 14),
                   (x - 29 - len(label) * FONT_PX, y)]
        choice = next((o for o in options if _inside(text_box(o[0], o[1], label, "start"), chart)
                       and not any(overlaps(text_box(o[0], o[1], label, "start"), t) for t in taken)), options[0])
        gap = (x, top, bottom, label, choice[1], choice[0])
    return PathwayChart(**{**chart.__dict__, "marks": placed, "gap": gap})


def _inside(box: Box, chart: PathwayChart) -> bool:
    return box[0] >= 0 and box[2] <= chart.width and box[1] >= 0 and box[3] <= chart.height - 24
