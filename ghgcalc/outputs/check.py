"""``ghgcalc check``: every file of a workspace validated at once, every problem listed.

Why a check of its own: after an upgrade (or an edit) a user wants to know everything a
workspace needs changed before running anything, not to meet one refusal per command. Each
file is read by the reader the commands use, so the check cannot disagree with them; a file
whose reader refuses it is listed and the next file is read. Notes say what an upgrade made
unnecessary (a company metric that has since become standard, with the same meaning).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ghgcalc import columns as C
from ghgcalc.inventory.engine import rejected_problems
from ghgcalc.inventory.market_gaps import market_method_gaps
from ghgcalc.errors import GhgcalcError, InputError, did_you_mean
from ghgcalc.targets.neutralisation import read_neutralisation
from ghgcalc.figures.metrics import Vocabulary, load_vocabulary, standard_difference
from ghgcalc.scenarios.definitions import load_scenario
from ghgcalc.targets.target_file import target_document, workspace_targets
from ghgcalc.workspace.config import CONFIG_NAME, Workspace, load_workspace
from ghgcalc.workspace.opened import OpenWorkspace


@dataclass(frozen=True)
class CheckItem:
    """One finding: a ``problem`` (the workspace must change) or a ``note`` (it may)."""

    kind: str
    file: str
    message: str


@dataclass(frozen=True)
class WorkspaceCheck:
    """What a check of a workspace found, file by file."""

    path: str
    files: tuple[str, ...]  # every file read, in the order read
    items: tuple[CheckItem, ...] = field(default_factory=tuple)

    @property
    def problems(self) -> list[CheckItem]:
        return [item for item in self.items if item.kind == "problem"]

    @property
    def notes(self) -> list[CheckItem]:
        return [item for item in self.items if item.kind == "note"]

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_dict(self) -> dict:
        return {"path": self.path, "ok": self.ok, "files": list(self.files),
                "problems": [{"file": i.file, "message": i.message} for i in self.problems],
                "notes": [{"file": i.file, "message": i.message} for i in self.notes]}

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame([vars(item) for item in self.items], columns=["kind", "file", "message"])


def check_workspace(path: str | Path) -> WorkspaceCheck:
    """Validate every file a workspace names; collect every problem instead of stopping at the first.

    The workspace is opened once and every part reads from it, so each file is read once however many parts
    use it (the reported tables for the money unit and the figures; the targets for the check, ``gap``'s
    measure and each scenario)."""
    path = Path(path)
    checker = _Checker()
    config = path / CONFIG_NAME if path.is_dir() else path
    workspace = checker.run(config.name, lambda: load_workspace(path))
    if workspace is None:
        return WorkspaceCheck(str(path), tuple(checker.files), tuple(checker.items))
    opened = OpenWorkspace(workspace)
    metrics = workspace.metrics_file if workspace.metrics_file is not None and workspace.metrics_file.exists() else None
    vocabulary = checker.run(_name(metrics, "metrics.csv"), lambda: _vocabulary(opened, checker), listed=metrics is not None)
    named = [*(p.name for p in workspace.reported_files), *([workspace.targets_file.name] if workspace.targets_file else [])]
    reported = inventory = None
    if vocabulary is None and named:  # their metrics cannot be told from typos until metrics.csv reads
        checker.note(", ".join(named), "not checked: they name metrics, and the company metrics file has problems")
    elif vocabulary is not None:
        if workspace.reported_files:
            reported = checker.run(", ".join(p.name for p in workspace.reported_files), lambda: opened.printed)
        if workspace.targets_file is not None:
            checker.run(workspace.targets_file.name, lambda: _targets(opened, checker))
    years = workspace.fiscal_years
    if workspace.fx_file is not None:
        checker.run(workspace.fx_file.name, lambda: opened.fx)
    if workspace.price_index_file is not None:
        checker.run(workspace.price_index_file.name, lambda: opened.price_index)
    if workspace.removals_file is not None:
        checker.run(workspace.removals_file.name, lambda: read_neutralisation(
            workspace.removals_file, years, workspace.decimal_marks, workspace.encoding))
    if workspace.activity_files:
        inventory = checker.run(", ".join(p.name for p in workspace.activity_files), lambda: _inventory(opened, checker))
    _segments(workspace, reported, inventory, checker)
    for scenario in workspace.scenario_files:
        loaded = checker.run(scenario.name, lambda scenario=scenario: load_scenario(scenario, opened))
        for note in getattr(loaded, "renamed", ()):  # a former line id: it works, the new one is said
            checker.note(scenario.name, note)
    if workspace.targets_file is not None and not checker.items_of("problem"):
        _track(opened, checker)
    return WorkspaceCheck(str(path), tuple(checker.files), tuple(checker.items))


class _Checker:
    def __init__(self):
        self.files: list[str] = []
        self.items: list[CheckItem] = []

    def run(self, file: str, read, listed: bool = True):
        """``read()``'s value, or None with each of its problems recorded against ``file`` (listed among the files
        checked unless the workspace does not have it: the shipped metrics stand in for an absent metrics.csv)."""
        if listed:
            self.files.append(file)
        try:
            return read()
        except InputError as exc:  # tables read together (reported, activity): each problem against its own file
            for problem in exc.problems:
                self.problems(problem.source if problem.source in file.split(", ") else file, [str(problem)])
        except GhgcalcError as exc:
            self.problems(file, str(exc).splitlines() or [type(exc).__name__])
        return None

    def problems(self, file: str, messages: list[str]) -> None:
        """Record each message once: a scenario that fails because its targets file does is not a second problem."""
        seen = {item.message for item in self.items}
        self.items.extend(CheckItem("problem", file, m) for m in messages if m not in seen)

    def items_of(self, kind: str) -> list[CheckItem]:
        return [item for item in self.items if item.kind == kind]

    def note(self, file: str, message: str) -> None:
        self.items.append(CheckItem("note", file, message))


def _name(path: Path | None, default: str) -> str:
    return path.name if path is not None else default


def _vocabulary(opened: OpenWorkspace, checker: _Checker) -> Vocabulary:
    vocabulary = opened.vocabulary
    for note in vocabulary.notes:
        checker.note(_name(opened.config.metrics_file, "metrics.csv"), note)
    return vocabulary


def _targets(opened: OpenWorkspace, checker: _Checker):
    workspace = opened.config
    declared = target_document(opened)[1].get("metrics", {})  # a file that does not read raises its problem
    shipped = load_vocabulary(currency=workspace.currency, money=opened.money)
    for name, spec in declared.items() if isinstance(declared, dict) else ():
        if name in shipped and isinstance(spec, dict) and not standard_difference(
                shipped, name, str(spec.get("unit", "")), str(spec.get("formula", ""))):
            checker.note(workspace.targets_file.name, f"[metrics.{name}]: {name!r} is now a standard metric with the "
                         "same unit and formula; the table can go")
    return workspace_targets(opened)


def _track(opened: OpenWorkspace, checker: _Checker) -> None:
    """Each target measured as ``gap`` measures it, once every file reads: a target the data cannot measure as it
    is written (Scope 2 "as reported" where the reports print Scope 1+2 under no one method) is a problem too."""
    from ghgcalc.targets.gap import track_workspace

    try:
        failed = track_workspace(opened, go_on=True).failed
    except GhgcalcError:
        return  # no year to measure in yet (no figures): nothing a target's own wording can change
    checker.problems(opened.config.targets_file.name, list(failed))


def _segments(workspace: Workspace, reported, inventory, checker: _Checker) -> None:
    """``[workspace] segments`` names the segments the report's methodology says are reported apart: a name that no
    activity row and no printed figure carries (a typo, a segment renamed) is noted, since nothing else reads it."""
    if not workspace.segments or (reported is None and inventory is None and (workspace.reported_files or
                                                                                workspace.activity_files)):
        return  # the tables did not read: their problems come first
    seen = set()
    for frame in (reported, None if inventory is None else inventory.result.totals):
        if frame is not None and C.SEGMENT in frame.columns:
            seen |= {str(s) for s in frame[C.SEGMENT].dropna().unique() if str(s).strip()}
    for name in workspace.segments:
        if name not in seen:
            checker.note(CONFIG_NAME, f"[workspace] segments: {name!r} is in no activity row or printed figure"
                                      f"{did_you_mean(name, sorted(seen))} (the report's methodology names it as "
                                      f"reported apart; segments in the tables: {', '.join(sorted(seen)) or 'none'})")


def _inventory(opened: OpenWorkspace, checker: _Checker):
    """The inventory every command computes (segments and sites kept apart), each rejected row a problem; a step
    of a country's market-based method that ghgcalc leaves out (Australia's RPP) is a note."""
    run = opened.inventory
    for problem in rejected_problems(run.result.rejected, years=opened.config.fiscal_years):
        checker.items.append(CheckItem("problem", problem.source, str(problem)))
    files = ", ".join(p.name for p in opened.config.activity_files)
    for note in market_method_gaps(run.result.totals, opened.config.fiscal_years.label_of):
        checker.note(files, note)
    return run
