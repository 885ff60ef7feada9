"""Running scenarios for a reader: a run, a comparison and a goal seek, each a result with to_dict and to_frame.

What ``ghgcalc scenario`` prints is built here, so that a notebook gets the same numbers:

    >>> run = run_scenario("xiaomi-plan", "examples/xiaomi")
    >>> run.to_frame("targets")          # one row per target
    >>> run.to_dict()["levers"]          # the JSON contract of docs/scenarios.md

``to_dict`` gives the documented JSON document; ``to_frame(view)`` one view as a table
(the frame the CSV, markdown and XLSX outputs write).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pandas as pd

from ghgcalc.core.shipped import shipped_dir
from ghgcalc.errors import ConfigError, did_you_mean
from ghgcalc.workspace.opened import OpenWorkspace, open_workspace
from ghgcalc.scenarios import records
from ghgcalc.scenarios.abatement import LeverCost, abatement_costs
from ghgcalc.scenarios.attribution import Attribution, attribute
from ghgcalc.scenarios.definitions import Scenario, load_scenario
from ghgcalc.scenarios.goalseek import SeekResult, seek
from ghgcalc.scenarios.projection import PERCENTILES, ScenarioResult, TargetOutcome
from ghgcalc.scenarios.run_frames import comparison_frame, view_frame
from ghgcalc.scenarios.summary import summarise

VIEWS = ("targets", "years", "pathways", "levers", "costs", "start")


def _opened(workspace) -> OpenWorkspace | str | Path | None:
    """A workspace folder opened once for all that a command asks of it; anything else as given."""
    if workspace is None or isinstance(workspace, OpenWorkspace) or not Path(workspace).is_dir():
        return workspace
    return open_workspace(workspace)


def find_scenario(name: str | Path, workspace: OpenWorkspace | str | Path | None = None) -> Path:
    """A scenario file; or the name of one the workspace names ([data] scenarios), or of a shipped one ("xiaomi-plan")."""
    path = Path(name)
    if path.is_file():
        return path
    workspace = _opened(workspace)
    own = list(workspace.config.scenario_files) if isinstance(workspace, OpenWorkspace) else []
    folder = shipped_dir("scenarios")
    for candidate in own + [folder / path.name, folder / f"{path.name}.toml"]:
        if candidate.is_file() and path.name in (candidate.name, candidate.stem):
            return candidate
    shipped = sorted(p.stem for p in folder.glob("*.toml"))
    if not own:
        raise ConfigError(f"{name}: no such scenario file, and no shipped scenario of that name"
                          f"{did_you_mean(path.stem, shipped)} (shipped: {', '.join(shipped) or 'none'})")
    known = [p.stem for p in own] + shipped
    raise ConfigError(f"{name}: no such scenario file, and no scenario of that name in the workspace or shipped"
                      f"{did_you_mean(path.stem, known)} (the workspace's: {', '.join(p.stem for p in own)}; "
                      f"shipped: {', '.join(shipped) or 'none'})")


@dataclass
class ScenarioRun:
    """A scenario, its projection, the attribution of its central run and its abatement cost curve."""

    scenario: Scenario
    result: ScenarioResult
    attribution: Attribution | None
    costs: list[LeverCost]

    def to_dict(self, views=VIEWS) -> dict:
        """The JSON document of ``ghgcalc scenario run --format json`` (docs/scenarios.md, JSON contract)."""
        s, result = self.scenario, self.result
        labels = s.fiscal_years  # *_label keys beside the calendar years when the company labels years otherwise
        document = {"scenario": {
            "name": s.name, "file": s.path.name, "description": s.description, "workspace": s.workspace.name,
            "start_year": s.start_year, "horizon": s.horizon, "scope2_method": s.scope2_method, "draws": result.draws,
            "seed": result.seed, "uncertain": result.uncertain, "percentiles": list(PERCENTILES),
            "units": {"emissions": "t CO2e", "energy": "MWh", "money": s.currency or None}}}
        if "targets" in views:
            document["targets"] = [records.target_record(o, result) for o in result.targets]
        if "years" in views:
            document["years"] = records.year_records(result, self.attribution)
        if "pathways" in views:
            document["pathways"] = {o.target.id: records.pathway_records(o, result)
                                    for o in result.targets if o.projected}
        if "levers" in views and self.attribution is not None:
            document["levers"] = records.lever_records(result, self.attribution)
        if "costs" in views:
            document["costs"] = {"discount_rate": s.discount_rate, "currency": s.currency or None,
                                 "levers": [records.cost_record(c) for c in self.costs]}
        _add_labels(document, labels)
        document["notes"] = self.notes  # the sentences the table output prints under its tables
        if "start" in views:
            document["start"] = {"lines": [records.line_record(line) for line in s.all_lines],
                                 "reconciliation": [records.reconciliation_record(r) for r in s.reconciliation]}
        return document

    def to_frame(self, view: str = "targets") -> pd.DataFrame:
        """One view (targets, years, pathways, levers, costs, start) as a table."""
        if view not in VIEWS:
            raise ConfigError(f"{view!r} is not a view{did_you_mean(view, VIEWS)}; views are {', '.join(VIEWS)}")
        return view_frame(self.to_dict((view,)), view, self.result.uncertain,
                          self.attribution.levers if self.attribution is not None else ())

    def describe(self) -> str:
        """One line: the scenario, its years, how it was run, and the Scope 2 method standing in."""
        s, r = self.scenario, self.result
        how = (f"{r.draws:,} draws (seed {r.seed}), median [5th to 95th percentile]" if r.uncertain
               else "deterministic")
        label = s.fiscal_years.label_of
        return (f"{s.name} ({s.path.name}): {label(s.start_year)}-{label(s.horizon)}, {how}; Scope 2 for targets that leave the "
                f"method open: {s.scope2_method}-based")

    @property
    def notes(self) -> list[str]:
        """Targets not projected, notes on bases, and start-year totals that disagree with the workspace."""
        notes = list(self.scenario.left_out) + list(self.scenario.renamed)
        notes += [f"{o.target.id}: not projected: {o.reason}" for o in self.result.targets if not o.projected]
        notes += [f"{o.target.id}: {n}" for o in self.result.targets for n in o.notes]
        notes += [f"{o.target.id}: not met: {reason}" for o in self.result.targets
                  if (reason := records.status_reason(o, self.result))]
        off = [r for r in self.scenario.reconciliation if r.agrees is False]
        notes += [f"start {r.metric} {r.segment or 'whole'}: lines give {r.scenario:,.2f}, the workspace "
                  f"{r.workspace:,.2f}" + "".join(f" (! {text})" for text in r.fails_audit) for r in off]
        return notes + start_year_values(self.scenario)

    def lever_change(self, target_id: str | None = None) -> tuple[TargetOutcome, dict]:
        """A projected target (default: the first) and the levers' contributions to its change by its target year."""
        projected = [o for o in self.result.targets if o.projected]
        outcome = self.result.outcome(target_id) if target_id else (projected[0] if projected else None)
        if outcome is None or not outcome.projected:
            raise ConfigError("no projected target to draw a waterfall for"
                              + (f": {outcome.reason}" if outcome is not None else ""))
        if self.attribution is None:
            raise ConfigError("this run has no attribution: run it with levers")
        return outcome, self.attribution.change(outcome.target.id, outcome.target.target_year)


LEVELS = ("share", "energy", "ramp", "factor", "leak_rate")  # lever values that are levels, not rates


def start_year_values(scenario: Scenario) -> list[str]:
    """A lever whose series gives a level for the start year: that year stays the starting inventory, so say so."""
    start, notes, label = scenario.start_year, [], scenario.fiscal_years.label_of
    for lever in scenario.levers:
        for key in LEVELS:
            series = lever.params.get(key)
            points = dict(getattr(series, "points", ()))
            if start in points and points[start].central() != getattr(series, "before", 0.0):
                notes.append(f"{lever.id}: a {key} for {label(start)} (start year) only starts its path; the lever "
                             f"acts from {label(start + 1)}")
    return notes


def _add_labels(document: dict, labels) -> None:
    """The company's label beside each calendar year of a run's document (none under calendar years)."""
    labels.add_labels(document["scenario"], ("start_year", "horizon"))
    for record in document.get("targets", []):
        labels.add_labels(record, ("base_year", "target_year", "first_year_met"))
    for record in document.get("years", []):
        labels.add_labels(record)
    for rows in document.get("pathways", {}).values():
        for record in rows:
            labels.add_labels(record)
    for record in document.get("levers", {}).get("figures", {}).values():
        labels.add_labels(record)


def run_scenario(scenario: Scenario | str | Path, workspace: OpenWorkspace | str | Path | None = None, *, draws: int | None = None,
                 seed: int | None = None, with_levers: bool = True,
                 progress: Callable[[int], None] | None = None, processes: int | None = None) -> ScenarioRun:
    """Project a scenario (a loaded one, a file, or a shipped scenario's name) for a workspace.

    ``with_levers`` adds the Shapley attribution and the abatement cost curve; ``progress``
    is called with the number of draws done after each chunk; ``processes``: how many processes project
    the draws (None: one per core, :func:`ghgcalc.scenarios.summary.summarise`). The result keeps the bands and
    probabilities the outputs print (``result.summary``), not every draw's figures: for those,
    :func:`ghgcalc.scenarios.projection.project`.
    """
    if not isinstance(scenario, Scenario):
        workspace = _opened(workspace)
        scenario = load_scenario(find_scenario(scenario, workspace), workspace, draws=draws, seed=seed)
    result = summarise(scenario, progress=progress, processes=processes)
    attribution = attribute(scenario) if with_levers else None
    costs = abatement_costs(scenario, attribution) if with_levers else []
    return ScenarioRun(scenario, result, attribution, costs)


@dataclass
class ScenarioComparison:
    """Scenarios side by side: each target in its target year, and emissions over time."""

    runs: list[ScenarioRun]

    def to_dict(self) -> dict:
        """The JSON document of ``ghgcalc scenario compare --format json``: each run's targets."""
        return {"scenarios": [run.to_dict(("targets",)) for run in self.runs]}

    def to_frame(self, view: str = "targets") -> pd.DataFrame:
        """``targets``: a row per target and scenario; ``years``: Scope 1, 2 and 1+2 per year and scenario."""
        if view not in ("targets", "years"):
            raise ConfigError(f"{view!r} is not a view of a comparison; views are targets, years")
        return comparison_frame([(run.scenario.name, run.to_dict((view,))) for run in self.runs], view)


def compare_scenarios(scenarios, workspace: OpenWorkspace | str | Path | None = None, *, draws: int | None = None,
                      seed: int | None = None) -> ScenarioComparison:
    """Project several scenarios (files, shipped names or loaded ones) for one workspace, without attribution."""
    scenarios = list(scenarios)
    named = [str(s) for s in scenarios if not isinstance(s, Scenario)]
    twice = sorted({n for n in named if named.count(n) > 1})
    if twice:
        raise ConfigError(f"scenario {twice[0]!r} is named twice; compare different scenarios")
    workspace = _opened(workspace)
    runs = [run_scenario(s, workspace, draws=draws, seed=seed, with_levers=False) for s in scenarios]
    names = [run.scenario.name for run in runs]
    same = sorted({n for n in names if names.count(n) > 1})
    if same:
        raise ConfigError(f"two scenarios are both called {same[0]!r}: give each its own name under [scenario]")
    return ScenarioComparison(runs)


def seek_lever(scenario: Scenario | str | Path, workspace: OpenWorkspace | str | Path | None = None, *, lever: str, target: str,
               parameter: str | None = None, between: tuple[str, str] | None = None, probability: float = 0.5,
               draws: int | None = None) -> SeekResult:
    """The value of one lever parameter at which a target is just met in its target year (see goalseek)."""
    if not isinstance(scenario, Scenario):
        workspace = _opened(workspace)
        scenario = load_scenario(find_scenario(scenario, workspace), workspace, draws=draws)
    return seek(scenario, lever, target, parameter=parameter, between=between, probability=probability, draws=draws)
