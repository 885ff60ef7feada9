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
from ghgcalc.scenarios.projection import ScenarioResult, TargetOutcome, percentiles
from ghgcalc.scenarios.summary import YEAR_SERIES, Summary, summary_of
from ghgcalc.core.intervals import show_half_up
from ghgcalc.targets.kinds import display_factor, display_unit, residual_not_neutralised
from ghgcalc.targets.records import tidy
COST_COLUMNS = ("lever", "type", "neutralises", "abated_t", "abated_discounted_t", "capex", "opex", "purchases",
                "savings", "npv", "cost_per_t")


def band(values: np.ndarray, factor: float = 1.0) -> dict:
    """Median with the 5th and 95th percentiles over draws (all equal for one draw)."""
    return bands(values.reshape(-1, 1), factor)[0]


def bands(values: np.ndarray, factor: float = 1.0) -> list[dict]:
    """``band`` for each column of (draws, years) values, with one percentile call."""
    return shown(percentiles(values), factor)


def shown(points: np.ndarray, factor: float = 1.0) -> list[dict]:
    """Bands from (low, middle, high) percentiles by column."""
    low, middle, high = points * factor
    return [{"value": tidy(m), "low": tidy(lo), "high": tidy(hi)} for lo, m, hi in zip(low, middle, high)]


def target_record(outcome: TargetOutcome, result: ScenarioResult) -> dict:
    """One target's entry in the JSON output (the documented contract)."""
    t = outcome.target
    record = {"id": t.id, "type": t.type, "reading": t.reading, "metric": t.metric or t.numerator,
              "boundary": t.boundary.describe(), "unit": display_unit(t), "base_year": t.base_year,
              "target_year": t.target_year, "projected": outcome.projected}
    if not outcome.projected:
        return record | {"reason": outcome.reason, "status": "not projected"}
    f, i, summary, tid = display_factor(t), result.index(t.target_year), summary_of(result), t.id
    probability = float(summary.probability(tid)[i])
    status = "met" if probability == 1 else "missed" if probability == 0 else "uncertain"
    values, gap = (shown(summary.percentiles((part, tid))[:, i:i + 1], f)[0] for part in ("values", "gap"))
    counted = summary.bands.get(("counted", tid))
    record.update({
        "base": {**shown(summary.percentiles(("base", tid)), f)[0], "source": outcome.base_source},
        "level": shown(summary.percentiles(("level", tid)), f)[0],
        "in_target_year": {"projected": values, "gap": gap, "probability_met": tidy(probability)},
        "neutralised_in_target_year": None if counted is None else shown(counted[:, i:i + 1], f)[0],
        "first_year_met": first_year_met(summary, tid, result.years), "status": status, "notes": list(outcome.notes),
    })
    reason = status_reason(outcome, result)
    if reason:  # why a target whose level is reached is still not met
        record["status_reason"] = reason
    if outcome.start is not None:  # the start year's figure as gap reads it, beside the lines' own
        start = outcome.start
        record["start"] = {"value": tidy(start.figure * f), "lines": tidy(start.lines * f), "source": start.source}
    return record


def status_reason(outcome: TargetOutcome, result: ScenarioResult) -> str:
    """Why a neutrality or net-zero target is not met in its target year although its level is reached (every
    draw, or the 5th percentile of an uncertain run): what remains is not neutralised by what counts ("" for any
    other target, or when the gap itself says why)."""
    summary, tid = summary_of(result), outcome.target.id
    counted = summary.bands.get(("counted", tid))
    if not outcome.projected or counted is None:
        return ""
    t, i = outcome.target, result.index(outcome.target.target_year)
    if float(summary.probability(tid)[i]) == 1:
        return ""
    f = display_factor(t)
    values, gap = (summary.percentiles((part, tid))[:, i] * f for part in ("values", "gap"))
    level, counted = summary.percentiles(("level", tid))[1, 0] * f, counted[1, i] * f
    tolerance = 1e-9 * max(1.0, abs(level))
    if gap[0] > tolerance or values[1] - counted <= tolerance:
        return ""  # the level is not reached in any draw shown, or the residual is covered: the gap says why
    if not result.uncertain:
        return residual_not_neutralised(t, values[1], counted, level, display_unit(t))
    unit = display_unit(t)
    reached = f"in some draws: 5th percentile {show_half_up(values[0], 2)} {unit} against {show_half_up(level, 2)}"
    return residual_not_neutralised(t, values[1], counted, level, unit, reached, "needed at the median")


def pathway_records(outcome: TargetOutcome, result: ScenarioResult) -> list[dict]:
    """A target's figure, pathway, level, gap and probability of being met, year by year."""
    f, summary, tid = display_factor(outcome.target), summary_of(result), outcome.target.id
    met = summary.probability(tid)
    middle = summary.bands[("pathway", tid)][1] if ("pathway", tid) in summary.bands else None
    values, gaps = shown(summary.percentiles(("values", tid)), f), shown(summary.percentiles(("gap", tid)), f)
    level = shown(summary.percentiles(("level", tid)), f)[0]["value"]
    return [{"year": int(year), **values[i], "pathway": None if middle is None else tidy(middle[i] * f),
             "level": level, "gap": gaps[i]["value"], "probability_met": tidy(met[i])}
            for i, year in enumerate(result.years)]


def first_year_met(summary: Summary, target_id: str, years: np.ndarray, threshold: float = 0.5) -> int | None:
    """The first year in which at least ``threshold`` of the draws meet the target (every draw for one draw)."""
    hits = np.flatnonzero(summary.probability(target_id) >= threshold - 1e-12)
    return int(years[hits[0]]) if len(hits) else None


def year_records(result: ScenarioResult, attribution: Attribution | None) -> list[dict]:
    """Emissions and energy by year, Scope 1+2 by segment, neutralisation, and each lever's part of the change."""
    summary = summary_of(result)
    by_name = {name: shown(summary.percentiles(("series", name))) for name in YEAR_SERIES}
    segments = {s: shown(summary.percentiles(("segment", s))) for s in result.segments}
    neutral = {kind: shown(summary.percentiles(("neutral", kind))) for kind in ("removal", "credit")}
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
