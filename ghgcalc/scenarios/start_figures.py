"""A scenario's start year holds the figures ``gap`` uses; later years carry the lines' change from there.

Why: a scenario starts from lines (the workspace's inventory, or its own ``[[lines]]``), while
``gap``, ``report``, ``disclose`` and ``intensity`` read one table of figures, in which a printed
figure stands where the reports print one (``[workspace] prefer``). The two differ by the printed
rounding (Scope 1+2 market-based: 13,580.42 t from the lines, 4,506 + 9,075 = 13,581 t printed), by
a printed ratio (10.43 t CO2e per 億円 printed, 10.4272 from the lines) or by a print the audit finds
wrong. So a target's figure in the start year is the one ``gap`` reads for that year, and each later
year keeps the lines' change since the start year, in proportion:

    figure_t = F x lines_t / lines_start

A share keeps 0 % and 100 % where they are: the part of the way to 100 % (or down to 0 %) the lines
go is the same part of the way from F,

    share_t = F + (1 - F) x (s_t - s_0) / (1 - s_0)  where s_t >= s_0,   F x s_t / s_0  below,

so a plan whose lines reach 100 % renewable electricity reaches it here too. Where the lines' start
value is zero, the difference is added instead of the ratio. A no-lever scenario thus reproduces
``gap``'s actual in the start year, and the levers' effects (their Shapley parts) scale with the
figure; the target's notes name both values where they differ.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from ghgcalc.errors import ConfigError
from ghgcalc.targets.actuals import Actual
from ghgcalc.targets.definitions import Target
from ghgcalc.targets.kinds import display_factor, display_unit
from ghgcalc.targets.progress import actual_for

AGREE = 1e-9  # relative: float noise between the lines' sum and the table's figure, not a difference


@dataclass(frozen=True)
class StartFigure:
    """A target's figure in the scenario's start year: the table's (``figure``) and the lines' (``lines``), canonical unit."""

    figure: float
    lines: float
    source: str

    @property
    def agrees(self) -> bool:
        return abs(self.figure - self.lines) <= AGREE * max(abs(self.figure), abs(self.lines), 1e-300)


def workspace_actual(scenario, target: Target, year: int) -> tuple[Target, Actual]:
    """The figure ``gap`` reads for a target in one year, and the target as read: Scope 2 "as reported" that the
    reports print under no single method is read with the scenario's method, and the source says so."""
    changes = scenario.targets.structural_changes
    try:
        return target, actual_for(target, year, scenario.observations, changes)
    except ConfigError:
        target = replace(target, scope2_method=scenario.scope2_method)
        found = actual_for(target, year, scenario.observations, changes)
        return target, replace(found, source=f"{found.source} (Scope 2 {scenario.scope2_method}-based, the scenario's "
                                     f"method: the reports print Scope 1+2 under no single method)")


def from_start_figure(scenario, target: Target, values: np.ndarray) -> tuple[np.ndarray, StartFigure | None]:
    """``values`` (draws, years; the lines' projection, the start year first) carried onto the figure ``gap`` uses
    in the start year, and that figure beside the lines' (None when the workspace has no value for that year)."""
    key = ("start", target.id)
    if key not in scenario.memo:
        scenario.memo[key] = workspace_actual(scenario, target, scenario.start_year)[1]
    found = scenario.memo[key]
    if found.figure is None or found.figure.value is None or not np.isfinite(found.figure.value):
        return values, None
    figure, own = float(found.figure.value), values[:, :1]
    # the start year is the inventory as it stands, most often the same in every draw: its median is that value
    start = StartFigure(figure, float(own[0, 0] if (own == own[0, 0]).all() else np.median(own)), found.source)
    if np.all(np.abs(own - figure) <= AGREE * np.maximum(np.maximum(abs(figure), np.abs(own)), 1e-300)):
        return values, start
    return (carry_share(values, own, figure) if target.kind.share else carry(values, own, figure)), start


def carry(values: np.ndarray, own: np.ndarray, figure: float) -> np.ndarray:
    """The lines' ``values`` (draws, years) in proportion from ``own`` (draws, 1) to ``figure``; added where ``own`` is 0.

    A start value near zero against a large figure: where figure / own overflows, each year's change since the start
    (values / own) carries instead, so that a start of 1e-310 t carried onto 1e10 t is 1e10 t; a later year that would
    exceed what a number holds (1e-300 t growing to 1 t, carried onto 1e10 t) is refused in one line, never returned
    as infinity. A projection that is not finite already stays so, for its caller to name (``seek`` names the
    parameter value)."""
    scaled = own != 0
    try:
        with np.errstate(over="raise"):
            ratio = np.divide(figure, own, out=np.ones_like(own), where=scaled)
            carried = values * ratio if scaled.all() else _carry_mixed(values, own, figure, ratio)
    except FloatingPointError:
        with np.errstate(over="ignore", invalid="ignore"):  # a carried value past a number (or 0 x inf) is refused below
            change = np.divide(values, own, out=np.ones_like(values), where=np.broadcast_to(scaled, values.shape))
            carried = np.where(scaled, figure * change, values + (figure - own))
    if not np.isfinite(carried[np.isfinite(values)]).all():
        raise ConfigError(f"the start-year figure {figure:,.6g} cannot be carried in proportion onto the lines, which start "
                          f"at {float(np.min(np.abs(own))):.3g}: a later year would exceed {np.finfo(float).max:.3g}; "
                          "check the start year's figures and the lines' units")
    return carried


def _carry_mixed(values: np.ndarray, own: np.ndarray, figure: float, ratio: np.ndarray) -> np.ndarray:
    """Draws whose lines start above zero scaled by ``ratio``, the others shifted; each worked out only where it applies."""
    scaled = np.broadcast_to(own != 0, values.shape)
    carried = np.add(values, figure - own, out=np.empty_like(values), where=~scaled)
    return np.multiply(values, ratio, out=carried, where=scaled)


def carry_share(values: np.ndarray, own: np.ndarray, figure: float) -> np.ndarray:
    """A share's ``values`` carried from ``own`` to ``figure`` with 0 and 1 (0 % and 100 %) held where they are.

    Each branch is worked out only where it applies: values / own below the start value (at most 1), the way to
    100 % above it (at most 1 / (1 - own)); a start share as small as 2e-311 has no quotient that overflows."""
    above = values >= own
    rise = np.divide(values - own, 1 - own, out=np.zeros_like(values), where=above & (own < 1))
    fall = np.divide(values, own, out=np.ones_like(values), where=~above & (own > 0))
    return np.where(above, figure + (1 - figure) * rise, figure * fall)


def start_note(target: Target, start: StartFigure, label: str) -> str:
    """The sentence naming both start-year values, for a target whose lines do not give the table's figure."""
    f, unit = display_factor(target), display_unit(target)
    return (f"start {label}: {_shown(start.figure * f)} {unit} as gap reads it ({start.source}), "
            f"{_shown(start.lines * f)} from the scenario's lines; later years apply the lines' change since {label} "
            f"to {_shown(start.figure * f)}")


def _shown(value: float) -> str:
    return f"{value:,.2f}" if abs(value) >= 100 else f"{value:,.4f}"
