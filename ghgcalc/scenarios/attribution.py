"""Which lever did how much: the change in each projected figure, split exactly among the levers.

Levers interact (renewable electricity covers the demand electrification adds; growth
scales what efficiency saves), so "the effect of a lever" depends on which others are on.
The Shapley value (Shapley 1953, "A value for n-person games") averages a lever's
marginal effect over every order in which the levers could be switched on:

    phi_i = sum over S not containing i of |S|! (K - |S| - 1)! / K! * (v(S + i) - v(S))

where v(S) is the figure with only the levers in S on. It is order-independent, gives
levers that act identically equal shares, and its contributions add up exactly to
v(all levers) - v(no lever) (the efficiency property). With no levers the inventory stays
at its start, so for emissions that difference is the whole change since the start year;
for a ratio to a driver (energy per revenue) the driver's own growth is shown apart, as
"drivers, no lever".

All 2^K lever subsets are projected in one vectorised run (each subset is one "draw",
with levers switched off by a mask), at every parameter's median. Removals and credits
change no emissions, so they are left out; K is limited to ``MAX_LEVERS``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ghgcalc.errors import ConfigError
from ghgcalc.scenarios.projection import ScenarioResult, project
from ghgcalc.scenarios.definitions import Scenario

MAX_LEVERS = 16
METHOD = ("Shapley values over levers (Shapley 1953): each lever's marginal effect averaged over every order of "
          "switching levers on; exact and order-independent; at every parameter's median")


@dataclass(frozen=True)
class Attribution:
    """Per figure (a target id, 'scope12', 'energy_renewable'): the values and each lever's share of the change.

    ``contributions[name]`` is (levers, years); ``start`` the start-year value;
    ``with_all`` and ``with_none`` the figure with every lever and with none, by year.
    """

    levers: tuple[str, ...]
    years: np.ndarray
    start: dict
    with_all: dict
    with_none: dict
    contributions: dict
    method: str = METHOD

    def change(self, name: str, year: int) -> dict:
        """The change from the start year to ``year``: total, drivers-only part and each lever's part."""
        i = int(year - self.years[0])
        return {
            "start": float(self.start[name]), "end": float(self.with_all[name][i]),
            "total_change": float(self.with_all[name][i] - self.start[name]),
            "drivers_no_lever": float(self.with_none[name][i] - self.start[name]),
            "levers": {lever: float(self.contributions[name][k, i]) for k, lever in enumerate(self.levers)},
        }


def subset_masks(count: int) -> np.ndarray:
    """Every subset of ``count`` levers as a (2^count, count) 0/1 array; row s has bit k of s in column k."""
    return ((np.arange(2 ** count)[:, None] >> np.arange(count)) & 1).astype(float)


def shapley(values: np.ndarray, count: int) -> np.ndarray:
    """Shapley contributions (count, ...) from ``values`` (2^count, ...) indexed by subset bit mask."""
    subsets = np.arange(2 ** count)
    sizes = np.array([bin(s).count("1") for s in subsets])
    weights = np.array([math.factorial(s) * math.factorial(count - s - 1) / math.factorial(count)
                        for s in range(count)] + [0.0])
    out = np.zeros((count,) + values.shape[1:])
    for k in range(count):
        without = subsets[(subsets >> k) & 1 == 0]
        w = weights[sizes[without]].reshape((-1,) + (1,) * (values.ndim - 1))
        out[k] = (w * (values[without | (1 << k)] - values[without])).sum(axis=0)
    return out


def attribute(scenario: Scenario) -> Attribution:
    """Shapley attribution of every projected target figure, group Scope 1+2 and renewable electricity."""
    chosen = [k for k, lever in enumerate(scenario.levers) if lever.changes_emissions]
    count = len(chosen)
    if count > MAX_LEVERS:
        raise ConfigError(f"{scenario.path.name}: attribution projects every subset of levers, and {count} levers "
                          f"make 2^{count} subsets; merge levers to at most {MAX_LEVERS}")
    masks = subset_masks(count)
    active = np.ones((len(masks), len(scenario.levers)))
    active[:, chosen] = masks
    result = project(scenario, central=True, active=active)
    figures = _figures(result)
    full, none = len(masks) - 1, 0
    return Attribution(
        levers=tuple(scenario.levers[k].id for k in chosen), years=result.years,
        start={name: v[full, 0] for name, v in figures.items()},
        with_all={name: v[full] for name, v in figures.items()},
        with_none={name: v[none] for name, v in figures.items()},
        contributions={name: shapley(v, count) for name, v in figures.items()},
    )


def _figures(result: ScenarioResult) -> dict:
    out = {"scope12": result.total("scope12"), "energy_renewable": result.total("energy_renewable")}
    for outcome in result.targets:
        if outcome.projected:
            out[outcome.target.id] = outcome.values
    return out
