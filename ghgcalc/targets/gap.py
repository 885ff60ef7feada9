"""Progress of a workspace's targets in one reporting year: the report and its documented forms.

``track_workspace`` reads a workspace (ghgcalc.toml, reported tables, targets, removals) and
returns a :class:`GapReport`. The report carries its JSON document (``to_dict``, the contract
of ``ghgcalc gap --format json`` in docs/targets.md) and its table for machines (``to_frame``, one
row per target, each quantity as value, low and high), so a notebook user and the command get the
same thing; its table for people and the sentences under it are written by
:mod:`ghgcalc.outputs.target_text`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import pandas as pd

from ghgcalc.core.years import CALENDAR, FiscalYears
from ghgcalc.errors import ConfigError, GhgcalcError, did_you_mean
from ghgcalc.core.percent import PERCENT_PER_FRACTION, to_percent
from ghgcalc.targets.actuals import Observations, workspace_observations
from ghgcalc.targets.neutralisation import read_neutralisation
from ghgcalc.targets.definitions import TargetSet
from ghgcalc.targets.kinds import difference_unit, display_unit
from ghgcalc.targets.records import quantity, tidy
from ghgcalc.targets.progress import Progress, actual_for, status_reason, track_targets
from ghgcalc.targets.target_file import TargetFileError, workspace_targets
from ghgcalc.workspace.opened import OpenWorkspace, open_workspace

# The quantities of the machine table, each as value, low, high and unit columns.
QUANTITIES = ("target_level", "pathway_value", "gap", "gap_percent", "gap_to_pathway", "progress",
              "required_annual_rate", "required_annual_change")


@dataclass(frozen=True)
class GapReport:
    """Progress of every target of a workspace in one reporting year."""

    name: str
    year: int
    targets_file: Path
    progress: tuple[Progress, ...]
    significance_threshold: float
    years: FiscalYears = CALENDAR  # how the company labels its years (outputs show its labels)
    failed: tuple[str, ...] = ()  # targets that could not be tracked, one message each (only when asked to go on)

    @property
    def year_label(self) -> str:
        """The reporting year as the company labels it ("FY2023" for the year ending March 2024)."""
        return self.years.label_of(self.year)

    @property
    def off_track(self) -> list[Progress]:
        return [p for p in self.progress if p.on_track is False]

    @property
    def undetermined(self) -> list[Progress]:
        return [p for p in self.progress if p.on_track is None]

    def to_dict(self) -> dict:
        """The JSON document of ``ghgcalc gap --format json`` (contract: docs/targets.md)."""
        document = {"workspace": self.name, "year": self.year, "targets_file": self.targets_file.name,
                    "significance_threshold": to_percent(self.significance_threshold),
                    "all_on_track": all(p.on_track for p in self.progress),
                    "targets": [progress_record(p) for p in self.progress]}
        if not self.years.calendar:  # the calendar years stay; the company's labels stand beside them
            document["year_label"] = self.year_label
            for record in document["targets"]:
                for key in ("year", "base_year", "target_year"):
                    record[f"{key}_label"] = self.years.label_of(record[key])
        return document

    def to_frame(self) -> pd.DataFrame:
        """One row per target; each quantity as value, low and high columns, units in their own columns."""
        return pd.DataFrame([_frame_row(p) for p in self.progress])

    def for_files(self) -> pd.DataFrame:
        """``to_frame`` for a CSV or a workbook: ``year_label``, ``base_year_label`` and ``target_year_label`` beside
        the calendar years where the company labels its years otherwise (as the JSON records carry them)."""
        return self.years.with_label_columns(self.to_frame(), ("year", "base_year", "target_year"))


# --- the JSON contract ---------------------------------------------------------------------

def _units(p: Progress) -> dict[str, str]:
    unit, difference = display_unit(p.target), difference_unit(p.target)
    return {"level": unit, "gap": difference, "gap_percent": "% of target level", "progress": "%",
            "required_annual_rate": "% per year", "required_annual_change": f"{difference} per year"}


def progress_record(p: Progress) -> dict:
    """One target's entry in the JSON document (the documented contract)."""
    u = _units(p)
    f = p.display_factor
    direction = "reduction" if p.target.direction < 0 else "increase"
    actual = quantity(p.actual.figure, f, u["level"]) or {"value": None, "low": None, "high": None, "unit": u["level"]}
    actual.update(source=p.actual.source, proxy=p.actual.proxy)
    if p.actual.fails_audit:  # additive: only where a printed figure in the actual fails the audit
        actual["fails_audit"] = list(p.actual.fails_audit)
    rate = quantity(p.required_annual_rate, PERCENT_PER_FRACTION, u["required_annual_rate"])
    change = quantity(p.required_annual_change, f, u["required_annual_change"])
    for item in (rate, change):
        if item is not None:
            item["direction"] = direction
    return {
        "id": p.target.id, "type": p.target.type, "reading": p.target.reading, "quote": list(p.target.quote),
        "source": p.target.source, "metric": p.target.metric, "boundary": p.target.boundary.describe(),
        "year": p.year, "base_year": p.target.base_year, "target_year": p.target.target_year,
        "years_left": p.years_left, "unit": u["level"],
        "actual": actual,
        "base": {"year": p.base.year, "as_set": quantity(p.base.as_set, f, u["level"]),
                 "recalculated": quantity(p.base.recalculated, f, u["level"]), "note": p.base.note,
                 "source": p.base.source},
        "target_level": quantity(p.target_level, f, u["level"]),
        "pathway_value": quantity(p.pathway_value, f, u["level"]),
        "gap": quantity(p.gap, f, u["gap"]),
        "gap_percent": quantity(p.gap_fraction, PERCENT_PER_FRACTION, u["gap_percent"]),
        "gap_to_pathway": quantity(p.gap_to_pathway, f, u["gap"]),
        "progress": quantity(p.progress, PERCENT_PER_FRACTION, u["progress"]),
        "required_annual_rate": rate,
        "required_annual_change": change,
        "on_track": p.on_track, "status": p.status,
        "ambition": _ambition_record(p),
        "neutralisation": _neutralisation_record(p, u["level"]),
        "history": [dict(year=y, **_bare(quantity(a.figure, f, u["level"]))) for y, a in p.history],
        "notes": list(p.notes),
    } | ({"status_reason": reason} if (reason := status_reason(p)) else {})


def _ambition_record(p: Progress) -> dict | None:
    if p.ambition is None:
        return None
    return {"implied_annual_linear_reduction": {"value": tidy(to_percent(p.ambition.annual_linear_reduction)),
                                                "unit": "% of base per year"},
            "meets": list(p.ambition.meets),
            "benchmarks": [{"name": b.name, "annual_linear_reduction": to_percent(b.annual_linear_reduction),
                            "unit": "% of base per year", "source": b.source} for b in p.ambition.benchmarks]}


def _neutralisation_record(p: Progress, unit: str) -> dict | None:
    neutral, f = p.neutralisation, p.display_factor
    if neutral is None:
        return None
    return {"removals": quantity(neutral.removals, f, unit), "credits": quantity(neutral.credits, f, unit),
            "counted": quantity(neutral.counted, f, unit),
            "emissions_not_covered": quantity(neutral.uncovered, f, unit),
            "counts": p.target.kind.counted_words(),
            "target_depth": to_percent(neutral.depth), "min_reduction": to_percent(neutral.min_reduction),
            "depth_ok": neutral.depth_ok}


def _bare(q: dict) -> dict:
    return {k: q[k] for k in ("value", "low", "high")}


def _frame_row(p: Progress) -> dict:
    """A target's JSON record flattened: ``name``, ``name_low``, ``name_high`` (and ``name_unit``) per quantity."""
    record = progress_record(p)
    row = {k: record[k] for k in ("id", "type", "reading", "metric", "year", "base_year", "target_year",
                                  "years_left", "unit")}
    for name, q in [("actual", record["actual"]), ("base", record["base"]["as_set"]),
                    ("base_recalculated", record["base"]["recalculated"])] + [(n, record[n]) for n in QUANTITIES]:
        for part in ("value", "low", "high"):
            row[f"{name}_{part}" if part != "value" else name] = None if q is None else q[part]
        if name in QUANTITIES or name == "actual":
            row[f"{name}_unit"] = None if q is None else q["unit"]
    row.update(actual_source=p.actual.source, on_track=p.on_track, status=p.status)
    return row


# --- a workspace's targets -----------------------------------------------------------------

def check_boundaries(target_set: TargetSet, observations: Observations) -> None:
    """Every segment a boundary names must have figures for the target's metric; all problems at once."""
    problems = []
    for target in target_set.targets:
        metrics = list(target.measures)
        known = set().union(*(observations.segments_with_data(m) for m in metrics if m))
        for segment in target.boundary.segments:
            if segment not in known:
                key = "boundary.include" if segment in target.boundary.include else "boundary.exclude"
                listed = ", ".join(sorted(known)) or "none"
                problems.append(f"{target.where(key)}: target {target.id!r}, {key}: segment {segment!r} has no "
                                f"figures for {' or '.join(m for m in metrics if m)} (segments with figures: {listed})"
                                f"{did_you_mean(segment, known)}")
    if problems:
        raise TargetFileError(problems)


def default_year(target_set: TargetSet, observations: Observations, failed: list | None = None) -> int:
    """The latest year in which the most targets have a figure of their own metric.

    Why not simply the latest year with any figure: a target first measured in a later year (a supplier
    share printed only in the newest report) would move every other target to a year without figures.
    A target that cannot be measured as written is refused naming it (with ``failed``: listed there, and the
    year is chosen from the others).
    """
    counts: dict[int, int] = {}
    candidates = observations.years_with_data(observations.reported["metric"].unique())
    for target in target_set.targets:
        years = observations.years_with_data(target.measures) | {y for y, _ in target.progress_reported}
        try:
            years |= {y for y in candidates - years if _measurable(target, y, observations)}  # built from parts
        except ConfigError as exc:
            if failed is None:
                raise
            failed.append(str(exc))
            continue
        for year in years:
            counts[year] = counts.get(year, 0) + 1
    if not counts and failed and candidates:
        return max(candidates)  # every target failed: the latest printed year, for the rest of a report
    if not counts:
        raise ConfigError("no figures for any target's metric; give the reporting year with --year")
    return max(counts, key=lambda year: (counts[year], year))


def _measurable(target, year: int, observations: Observations) -> bool:
    """Whether a target's figure can be had in ``year`` (printed, or built from printed parts); a target whose
    figure cannot be read as written (its Scope 2 method) is refused naming it."""
    try:
        return actual_for(target, year, observations, ()).figure is not None
    except ConfigError as exc:
        raise ConfigError(f"{target.where('scope2_method')}: target {target.id}: {exc}") from None
    except GhgcalcError:
        return False


def track_workspace(workspace: OpenWorkspace | str | Path, *, year: int | None = None, targets_file=None, removals_file=None,
                    ids: Sequence[str] = (), go_on: bool = False) -> GapReport:
    """Progress of a workspace's targets: reads its ghgcalc.toml, reported tables and (if needed) inventory.

    ``go_on``: a target that cannot be tracked is named in ``failed`` instead of stopping the others (the report)."""
    opened = open_workspace(workspace)
    workspace = opened.config
    year = None if year is None else workspace.fiscal_years.year(year)
    targets_path = Path(targets_file) if targets_file else workspace.targets_file
    if targets_path is None:
        raise ConfigError(f"{workspace.name}: the workspace names no targets file; add targets = \"targets.toml\" "
                          f"under [data] in ghgcalc.toml, or pass --targets FILE")
    target_set = workspace_targets(opened, targets_path)
    observations = workspace_observations(opened, target_set)
    check_boundaries(target_set, observations)
    removals = Path(removals_file) if removals_file else workspace.removals_file
    records = (read_neutralisation(removals, workspace.fiscal_years, workspace.decimal_marks, workspace.encoding)
               if removals else None)
    failed = [] if go_on else None
    chosen = year if year is not None else default_year(target_set, observations, failed)
    progress = track_targets(target_set, observations, chosen, threshold=workspace.significance_threshold,
                             neutralisation=records, ids=ids, failed=failed)
    return GapReport(workspace.name, chosen, targets_path, tuple(progress), workspace.significance_threshold,
                     workspace.fiscal_years, tuple(dict.fromkeys(failed or ())))
