"""The marginal abatement cost curve: what each lever costs per tonne of CO2e it avoids.

Each lever's cash flows (capex, opex, a unit price times what it delivers, less savings)
are discounted to the start year at the scenario's discount rate, and divided by the
tonnes it abates, discounted at the same rate: the levelised cost of abatement,

    cost per t = sum_t (capex_t + opex_t + price x units_t - savings_t) / (1 + r)^(t - t0)
                 / sum_t abated_t / (1 + r)^(t - t0)

(as in Kesicki and Ekins 2012, "Marginal abatement cost curves: a call for caution",
section 2). Tonnes abated are the lever's Shapley share of the fall in group Scope 1+2
(the scenario's Scope 2 method; :mod:`ghgcalc.scenarios.attribution`), so that the tonnes of all
levers add up to the scenario's total cut and no tonne is counted twice. Removals and
credits abate nothing; they are listed by the tonnes they neutralise. The units a price
applies to are the renewable electricity a lever supplies (its Shapley share of the
renewable MWh, so overlapping levers are not paid twice) and the tonnes bought.

Cash-flow conventions: capex is spent in the years a series lists (a single value: in
the lever's first year); opex and savings run every year from the lever's first year,
a series interpolated between its years. Everything is at each parameter's median.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ghgcalc.scenarios.attribution import Attribution
from ghgcalc.scenarios.distributions import Distribution, Sampler, Series
from ghgcalc.scenarios.levers import Lever
from ghgcalc.scenarios.definitions import Scenario


@dataclass(frozen=True)
class LeverCost:
    lever: str
    type: str
    neutralises: bool  # removals and credits: tonnes neutralised, not abated
    abated_t: float  # over the years after the start year
    abated_discounted_t: float
    capex: float  # undiscounted totals, in the scenario's currency
    opex: float
    purchases: float  # unit price x units
    savings: float
    npv: float  # net cost, discounted
    cost_per_t: float | None  # None when the lever abates nothing


def _first_year(lever: Lever, years: np.ndarray) -> int:
    if lever.first_year is not None:
        return lever.first_year
    for param in lever.params.values():
        if isinstance(param, Series):
            return max(int(years[0]) + 1, param.points[0][0])
    return int(years[0]) + 1


def _yearly(sampler: Sampler, param, years: np.ndarray, first: int, last: int) -> np.ndarray:
    if param is None:
        return np.zeros(len(years))
    values = np.broadcast_to(sampler.yearly(param, years)[0], (len(years),)).copy()
    values[(years < first) | (years > last)] = 0.0
    return values


def _capex(sampler: Sampler, param, years: np.ndarray, first: int) -> np.ndarray:
    out = np.zeros(len(years))
    if isinstance(param, Distribution):
        if years[0] <= first <= years[-1]:
            out[first - years[0]] = sampler.leaf(param)[0, 0]
    elif param is not None:
        for year, dist in param.points:
            out[year - years[0]] += sampler.leaf(dist)[0, 0]
    return out


def abatement_costs(scenario: Scenario, attribution: Attribution) -> list[LeverCost]:
    """Every lever with a cost, cheapest tonne first; levers that abate nothing last."""
    if scenario.discount_rate is None:
        return []
    years = np.asarray(scenario.years)
    after = years > years[0]
    discount = (1 + scenario.discount_rate) ** -(years - years[0]).astype(float)
    sampler = Sampler(scenario.seed, 1, central=True)
    out = []
    for lever in scenario.levers:
        if lever.cost is None:
            continue
        first, last = _first_year(lever, years), lever.last_year or int(years[-1])
        bought = lever.spec.neutralises
        if bought:
            units = _yearly(sampler, lever.params[bought], years, first, last)
            abated = units * after
        else:
            k = attribution.levers.index(lever.id)
            abated = -attribution.contributions["scope12"][k] * after
            units = attribution.contributions["energy_renewable"][k] * after
        cost = lever.cost
        capex = _capex(sampler, cost.capex, years, first)
        opex = _yearly(sampler, cost.opex, years, first, last)
        savings = _yearly(sampler, cost.savings, years, first, last)
        purchases = _yearly(sampler, cost.price, years, first, last) * units
        net = capex + opex + purchases - savings
        abated_discounted = float((abated * discount).sum())
        npv = float((net * discount).sum())
        out.append(LeverCost(
            lever=lever.id, type=lever.type, neutralises=bool(bought), abated_t=float(abated.sum()),
            abated_discounted_t=abated_discounted, capex=float(capex.sum()), opex=float(opex.sum()),
            purchases=float(purchases.sum()), savings=float(savings.sum()), npv=npv,
            cost_per_t=npv / abated_discounted if abated_discounted > 0 else None,
        ))
    return sorted(out, key=lambda c: (c.cost_per_t is None, c.cost_per_t if c.cost_per_t is not None else 0.0))
