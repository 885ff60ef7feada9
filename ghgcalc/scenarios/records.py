"""A scenario run as plain records: the JSON contract of docs/scenarios.md, one builder per part.

Numbers are rounded to 12 significant digits (binary noise goes, real precision stays), a
target's figures are shown in its unit (shares in %), and each uncertain figure is a band:
the median with the 5th and 95th percentiles over draws.
"""

from __future__ import annotations

import numpy as np

from ghgcalc.scenarios.abatement import LeverCost
from ghgcalc.scenarios.attribution import Attribution
from ghgcalc.scenarios.lines import Line, Reconciliation
from ghgcalc.scenarios.projection import ScenarioResult, TargetOutcome, first_year_met, percentiles
from ghgcalc.targets.kinds import display_factor, display_unit
from ghgcalc.targets.records import tidy

YEAR_SERIES = ("scope1", "scope2_location", "scope2_market", "scope12", "energy_total", "electricity",
               "energy_renewable")
COST_COLUMNS = ("lever", "type", "neutralises", "abated_t", "abated_discounted_t", "capex", "opex", "purchases",
                "savings", "npv", "cost_per_t")


def band(values: np.ndarray, factor: float = 1.0) -> dict:
    """Median with the 5th and 95th percentiles over draws (all equal for one draw)."""
    return bands(values.reshape(-1, 1), factor)[0]


def bands(values: np.ndarray, factor: float = 1.0) -> list[dict]:
    """``band`` for each column of (draws, years) values, with one percentile call."""
    low, middle, high = percentiles(values) * factor
    return [{"value": tidy(m), "low": tidy(lo), "high": tidy(hi)} for lo, m, hi in zip(low, middle, high)]


def target_record(outcome: TargetOutcome, result: ScenarioResult) -> dict:
    """One target's entry in the JSON output (the documented contract)."""
    t = outcome.target
    record = {"id": t.id, "type": t.type, "reading": t.reading, "metric": t.metric or t.numerator,
              "boundary": t.boundary.describe(), "unit": display_unit(t), "base_year": t.base_year,
              "target_year": t.target_year, "projected": outcome.projected}
    if not outcome.projected:
        return record | {"reason": outcome.reason, "status": "not projected"}
    f, i = display_factor(t), result.index(t.target_year)
    probability = float(outcome.met[:, i].mean())
    status = "met" if probability == 1 else "missed" if probability == 0 else "uncertain"
    record.update({
        "base": {**band(outcome.base[:, 0], f), "source": outcome.base_source},
        "level": band(outcome.level[:, 0], f),
        "in_target_year": {"projected": band(outcome.values[:, i], f), "gap": band(outcome.gap[:, i], f),
                           "probability_met": tidy(probability)},
        "neutralised_in_target_year": None if outcome.counted is None else band(outcome.counted[:, i], f),
        "first_year_met": first_year_met(outcome, result.years), "status": status, "notes": list(outcome.notes),
    })
    return record


def pathway_records(outcome: TargetOutcome, result: ScenarioResult) -> list[dict]:
    """A target's figure, pathway, level, gap and probability of being met, year by year."""
    f = display_factor(outcome.target)
    met = outcome.met.mean(axis=0)
    middle = None if outcome.pathway is None else percentiles(outcome.pathway)[1]
    values, gaps = bands(outcome.values, f), bands(outcome.gap, f)
    level = band(outcome.level[:, 0], f)["value"]
    return [{"year": int(year), **values[i], "pathway": None if middle is None else tidy(middle[i] * f),
             "level": level, "gap": gaps[i]["value"], "probability_met": tidy(met[i])}
            for i, year in enumerate(result.years)]


def _series(result: ScenarioResult, name: str) -> np.ndarray:
    if name == "energy_total":
        return result.total("energy_direct") + result.total("energy_indirect")
    return result.total(name)


def year_records(result: ScenarioResult, attribution: Attribution | None) -> list[dict]:
    """Emissions and energy by year, Scope 1+2 by segment, neutralisation, and each lever's part of the change."""
    method = f"scope2_{result.scenario.scope2_method}"
    by_name = {name: bands(_series(result, name)) for name in YEAR_SERIES}
    segments = {s: bands(result.series["scope1"][k] + result.series[method][k]) for k, s in enumerate(result.segments)}
    neutral = {kind: bands(v) for kind, v in result.neutralisation.items()}
    out = []
    for i, year in enumerate(result.years):
        record = {"year": int(year), **{name: b[i] for name, b in by_name.items()},
                  "segments": {s: b[i] for s, b in segments.items()},
                  "neutralisation": {kind: b[i] for kind, b in neutral.items()}}
        if attribution is not None:
            change = attribution.change("scope12", int(year))
            record["lever_effects"] = {k: tidy(v) for k, v in change["levers"].items()}
        out.append(record)
    return out


def lever_records(result: ScenarioResult, attribution: Attribution) -> dict:
    """Each projected target's change from the start year to its target year, split among the levers."""
    figures = {}
    for o in result.targets:
        if o.projected:
            change = attribution.change(o.target.id, o.target.target_year)
            f = display_factor(o.target)
            figures[o.target.id] = {"year": o.target.target_year, "unit": display_unit(o.target)} | {
                k: tidy(v * f) for k, v in change.items() if k != "levers"} | {
                "levers": {k: tidy(v * f) for k, v in change["levers"].items()}}
    return {"method": attribution.method, "figures": figures}


def cost_record(c: LeverCost) -> dict:
    return {name: tidy(getattr(c, name)) if name not in ("lever", "type", "neutralises") else getattr(c, name)
            for name in COST_COLUMNS}


def line_record(line: Line) -> dict:
    return {"id": line.id, "kind": line.kind, "scope": line.scope, "segment": line.segment, "activity": line.activity,
            "energy_mwh": tidy(line.energy_mwh), "co2e_location_t": tidy(line.co2e_t),
            "co2e_market_t": tidy(line.market_co2e_t), "factor_t_per_mwh": tidy(line.factor),
            "source": line.source, "assumption": line.assumption}


def reconciliation_record(r: Reconciliation) -> dict:
    return {"metric": r.metric, "segment": r.segment, "scenario": tidy(r.scenario), "workspace": tidy(r.workspace),
            "agrees": r.agrees, "source": r.source, **({"fails_audit": list(r.fails_audit)} if r.fails_audit else {})}
