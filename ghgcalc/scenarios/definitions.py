"""Scenario files: a starting inventory, drivers and levers, read from TOML and checked.

A scenario says how a company's emissions could move from a workspace year to a horizon:
the starting inventory as lines (each a fuel, a refrigerant, an electricity supply ... in a
segment), drivers (revenue, output) and levers (growth, efficiency, renewable electricity,
grid, electrification, leakage, new businesses, removals and credits). Reports publish
totals, so lines are usually a split of them; every line, driver and lever says where it
comes from (``source``, the sentence it encodes) or that it is an ``assumption``, and the
start-year totals are reconciled with the workspace's figures. The format is documented
in docs/scenarios.md.

As for target files, tomllib gives no line numbers, so the lines of offending keys are
found with :func:`ghgcalc.targets.definitions.locate_line`, and every problem is reported at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ghgcalc.core import units
from ghgcalc.core.number_format import number_mark
from ghgcalc.scenarios.inventory_lines import lines_from_inventory
from ghgcalc.scenarios.distributions import RATE, SHARE, Kind, Param, leaves, parse_number, parse_param, parse_value
from ghgcalc.core.years import CALENDAR, FiscalYears, YearError
from ghgcalc.errors import ConfigError, FileProblemsError, did_you_mean, pick
from ghgcalc.scenarios.levers import LEVER_TYPES, OWN, Lever, LeverContext, read_lever
from ghgcalc.scenarios.lines import Line, Reconciliation, read_line, reconcile
from ghgcalc.targets.definitions import TargetSet
from ghgcalc.core.tomlfile import locate_line, text_list
from ghgcalc.targets.target_file import workspace_targets
from ghgcalc.targets.actuals import Observations, workspace_observations
from ghgcalc.workspace.config import DEFAULT_SIGNIFICANCE_THRESHOLD
from ghgcalc.workspace.opened import OpenWorkspace, open_workspace

TOP_KEYS = ("scenario", "drivers", "lines", "levers")
START_FROM = ("lines", "inventory")
SCENARIO_KEYS = ("name", "description", "workspace", "targets", "start_year", "horizon", "scope2_method", "start_from", "draws",
                 "seed", "discount_rate", "currency", "source", "assumption")
DRIVER_KEYS = ("start", "growth", "source", "assumption", "note")
FIGURE_KEYS = ("figure", "segment", "exclude", "share")
SCOPE2_METHODS = ("location", "market")
DEFAULT_UNCERTAIN_DRAWS = 10_000


class ScenarioFileError(FileProblemsError):
    """Problems in a scenario file, each with its file and line; all are listed at once."""


@dataclass(frozen=True)
class Driver:
    """A quantity that levers may grow with (revenue, output, headcount), and that intensity targets divide by."""

    name: str
    unit: str
    start: float
    growth: Param | None
    source: str = ""
    assumption: str = ""


@dataclass(frozen=True)
class Scenario:
    path: Path
    name: str
    description: str
    workspace: Path
    start_year: int
    horizon: int
    scope2_method: str
    draws: int
    seed: int
    lines: tuple[Line, ...]
    drivers: tuple[Driver, ...]
    levers: tuple[Lever, ...]
    targets: TargetSet
    observations: Observations  # the workspace's figures
    reconciliation: tuple[Reconciliation, ...]
    discount_rate: float | None = None
    currency: str = ""
    significance_threshold: float = DEFAULT_SIGNIFICANCE_THRESHOLD  # the workspace's, for base-year recalculation
    text: str = ""
    memo: dict = field(default_factory=dict, compare=False, repr=False)  # workspace look-ups made once per scenario
    fiscal_years: FiscalYears = CALENDAR  # how the company labels its years: outputs show its labels
    left_out: tuple[str, ...] = ()  # optional levers with no line to act on in this workspace, one sentence each
    renamed: tuple[str, ...] = ()  # line ids the file writes in their former form, one sentence each

    @property
    def years(self) -> range:
        return range(self.start_year, self.horizon + 1)

    @property
    def uncertain(self) -> bool:
        return any(lever.uncertain for lever in self.levers) or any(
            leaf.uncertain for d in self.drivers for leaf in leaves(d.growth))

    @property
    def parameters(self) -> tuple:
        """Every leaf parameter of its levers and drivers (a distribution or a fixed value)."""
        return tuple(leaf for lever in self.levers for leaf in lever.leaves) + tuple(
            leaf for d in self.drivers for leaf in leaves(d.growth))

    @property
    def all_lines(self) -> tuple[Line, ...]:
        """The starting lines and the lines of new businesses."""
        return self.lines + tuple(line for lever in self.levers for line in lever.new_lines)

    @property
    def segments(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(line.segment for line in self.all_lines))

    def lever(self, lever_id: str) -> Lever:
        return pick(self.levers, lever_id, key=lambda lever: lever.id, what="lever", source=self.path.name)

    def where(self, key_path: tuple) -> str:
        line = locate_line(self.text, key_path)
        return f"{self.path.name}, line {line}" if line else self.path.name


# --- reading ----------------------------------------------------------------------------------

def load_scenario(path: str | Path, workspace: OpenWorkspace | str | Path | None = None, *, draws: int | None = None,
                  seed: int | None = None) -> Scenario:
    """Read and check a scenario file. ``workspace`` (opened, or a folder) overrides the file's own (relative to the file)."""
    path = Path(path)
    text, doc = ScenarioFileError.read_toml(path, "scenario")
    return _Reader(path, text, doc).read(workspace, draws, seed)


def _open_workspace(root: Path, targets_file: Path | None, opened: OpenWorkspace | None):
    """The workspace (``opened`` when the caller has opened it), its targets read with its metrics, and its figures."""
    ws = opened if opened is not None and opened.root.resolve() == root.resolve() else open_workspace(root)
    targets_path = targets_file or ws.config.targets_file
    if targets_path is None:
        raise ConfigError(f"{ws.name}: the workspace names no targets file; add targets = \"targets.toml\" under "
                          f"[data] in ghgcalc.toml, or name one with targets = '...' under [scenario]")
    target_set = workspace_targets(ws, targets_path)
    return ws, target_set, workspace_observations(ws, target_set)


class _Reader:
    def __init__(self, path: Path, text: str, doc: dict):
        self.path, self.text, self.doc = path, text, doc
        self.problems: list[str] = []
        self.left_out: list[str] = []  # optional levers that find no line of the workspace to act on
        self.renamed: list[str] = []  # line ids written in their former form, with the id now
        self.labels = CALENDAR  # the workspace's fiscal-year labels, once it is open
        self.mark = "."  # the workspace's number format for this file ([data] decimal), once it is open

    def problem(self, key_path: tuple, message: str, who: str | None = None, *, depth: int = 2,
                label: str = "lever") -> None:
        """Record one problem: file, line, whose (lever or line id), key below it, message."""
        line = locate_line(self.text, key_path)
        where = f"{self.path.name}, line {line}" if line else self.path.name
        if who is None:
            depth, prefix = 0, ""
        else:
            prefix = f"{label} {who!r}, "
        key = ".".join(str(k) for k in key_path[depth:] if not isinstance(k, int))
        self.problems.append(f"{where}: {prefix}{key}: {message}" if key else f"{where}: {prefix}{message}")

    def fail_if_any(self) -> None:
        if self.problems:
            raise ScenarioFileError(self.problems)

    def read(self, workspace_arg, draws_arg, seed_arg) -> Scenario:
        doc = self.doc
        for key in doc:
            if key not in TOP_KEYS:
                self.problem((key,), f"unknown section{did_you_mean(key, TOP_KEYS)}; a scenario file holds "
                                     f"{', '.join(TOP_KEYS)}")
        head = doc.get("scenario")
        if not isinstance(head, dict):
            self.problem(("scenario",), "missing [scenario]: name, workspace, start_year, horizon, scope2_method")
            self.fail_if_any()
        settings = self.read_settings(head, workspace_arg)
        self.fail_if_any()
        opened = workspace_arg if isinstance(workspace_arg, OpenWorkspace) else None
        ws, target_set, observations = _open_workspace(settings["workspace"], settings["targets"], opened)
        self.labels = ws.config.fiscal_years  # series keys and years as the company labels them
        self.mark = number_mark(ws.config.decimal_marks, self.path.name) or "."  # as targets.toml reads its quantities
        settings["discount_rate"] = self.discount_rate(head)
        start, horizon = self.scenario_years(settings, ws.config.fiscal_years)
        self.fail_if_any()
        self.observations, self.start = observations, start
        drivers = self.read_drivers(doc.get("drivers", {}), target_set.vocabulary, horizon)
        lines = self.read_lines(doc.get("lines", []), ("lines",), from_inventory=settings["start_from"] == "inventory")
        if settings["start_from"] == "inventory":
            lines = lines_from_inventory(ws.config, start) + lines
        currency = settings["currency"] or ws.config.currency or ""
        levers = self.read_levers(doc.get("levers", []), lines, start, horizon, currency, drivers)
        costs = [lever for lever in levers if lever.cost is not None]
        if costs and settings["discount_rate"] is None:
            self.problem(("scenario",), f"lever {costs[0].id!r} has costs: give discount_rate = '8 %' under "
                                        f"[scenario] to discount them")
        if costs and not currency:
            self.problem(("scenario",), f"levers have costs: give currency = '{ws.currency}' under [scenario]")
        self.fail_if_any()
        uncertain = any(lever.uncertain for lever in levers) or any(
            leaf.uncertain for d in drivers for leaf in leaves(d.growth))
        draws = draws_arg or settings["draws"] or (DEFAULT_UNCERTAIN_DRAWS if uncertain else 1)
        if draws < 1:
            raise ConfigError(f"{self.path.name}: draws must be at least 1, not {draws}")
        seed = seed_arg if seed_arg is not None else settings["seed"]
        reconciliation = reconcile(lines, start, observations, settings["scope2_method"])
        return Scenario(
            path=self.path, name=settings["name"], description=settings["description"], workspace=settings["workspace"],
            start_year=start, horizon=horizon, scope2_method=settings["scope2_method"], draws=int(draws),
            seed=int(seed), lines=lines, drivers=drivers, levers=levers, targets=target_set,
            observations=observations, reconciliation=reconciliation, discount_rate=settings["discount_rate"],
            currency=currency, significance_threshold=ws.config.significance_threshold, text=self.text,
            fiscal_years=ws.config.fiscal_years, left_out=tuple(self.left_out), renamed=tuple(self.renamed),
        )

    # -- sections ------------------------------------------------------------------------------

    def scenario_years(self, settings: dict, years: FiscalYears) -> tuple[int | None, int | None]:
        """start_year and horizon as written: 2030, or a fiscal year as the company labels it ("FY2030")."""
        found = []
        for key in ("start_year", "horizon"):
            try:
                found.append(years.year(settings[key]))
            except YearError as exc:
                self.problem(("scenario", key), str(exc))
                found.append(None)
        start, horizon = found
        if start is not None and horizon is not None and horizon <= start:
            self.problem(("scenario", "horizon"), f"{horizon} is {'before' if horizon < start else 'the same as'} "
                                                  f"start_year {start}; the horizon is the last year projected and "
                                                  f"comes after the start year")
        return start, horizon

    def read_settings(self, head: dict, workspace_arg) -> dict:
        for key in head:
            if key not in SCENARIO_KEYS:
                self.problem(("scenario", key), f"unknown key{did_you_mean(key, SCENARIO_KEYS)}")
        out = {"name": str(head.get("name", self.path.stem)), "description": str(head.get("description", ""))}
        for key in ("start_year", "horizon"):
            value = head.get(key)
            if value is None:
                self.problem(("scenario", key), "missing; give the first and the last year projected")
            elif not isinstance(value, (int, str)) or isinstance(value, bool):
                self.problem(("scenario", key), f"{value!r} is not a year; write a whole year such as 2050")
            out[key] = value  # read with the workspace's fiscal-year labels once it is open (scenario_years)
        method = head.get("scope2_method")
        if method not in SCOPE2_METHODS:
            self.problem(("scenario", "scope2_method"),
                         (f"{method!r} is not a Scope 2 method; " if method is not None else "missing; ")
                         + "say which Scope 2 method stands in for targets that leave it open: 'market' or 'location'")
        out["scope2_method"] = method
        if isinstance(workspace_arg, OpenWorkspace):
            root = workspace_arg.root
        elif workspace_arg is not None:
            root = Path(workspace_arg)
        elif "workspace" in head:
            root = (self.path.parent / str(head["workspace"])).resolve()
        else:
            self.problem(("scenario",), "no workspace: give workspace = 'path/to/workspace' (relative to this file), "
                                        "or name it on the command line")
            root = None
        if root is not None and not root.exists():
            self.problem(("scenario", "workspace"), f"workspace {head.get('workspace', str(root))!r} does not exist "
                                                    f"(paths are relative to the scenario file)")
        out["workspace"] = root
        out["targets"] = (self.path.parent / str(head["targets"])).resolve() if "targets" in head else None
        for key in ("draws", "seed"):
            value = head.get(key)
            if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < (1 if key == "draws" else 0)):
                self.problem(("scenario", key), f"{value!r} is not a whole number of at least {1 if key == 'draws' else 0}")
        out["draws"], out["seed"] = head.get("draws"), head.get("seed", 0)
        out["discount_rate"] = None  # read once the workspace's number format is known (discount_rate)
        out["currency"] = str(head.get("currency", ""))
        out["start_from"] = head.get("start_from", "lines")
        if out["start_from"] not in START_FROM:
            self.problem(("scenario", "start_from"), f"{out['start_from']!r}: the starting lines come from 'lines' "
                                                     "(the [[lines]] tables) or 'inventory' (the workspace's activity data)")
        return out

    def discount_rate(self, head: dict) -> float | None:
        if "discount_rate" not in head:
            return None
        rate = parse_value(head["discount_rate"], SHARE, "scenario.discount_rate",
                           lambda w, m: self.problem(("scenario", "discount_rate"), m), decimal=self.mark)
        return None if rate is None else rate.params[0]

    def read_drivers(self, raw, vocabulary, horizon: int) -> tuple[Driver, ...]:
        if not isinstance(raw, dict):
            self.problem(("drivers",), "must be tables [drivers.NAME] with start and growth")
            return ()
        drivers = []
        for name, spec in raw.items():
            here = ("drivers", name)
            if not isinstance(spec, dict):
                self.problem(here, "must be a table with start and growth")
                continue
            for key in spec:
                if key not in DRIVER_KEYS:
                    self.problem(here + (key,), f"unknown key{did_you_mean(key, DRIVER_KEYS)}")
            if not (spec.get("source") or spec.get("assumption")):
                self.problem(here, "say where this driver comes from: source = '...' or assumption = '...'")
            unit = vocabulary.unit(name) if name in vocabulary else None
            start = self.quantity(spec.get("start"), here + ("start",), unit)
            growth = None
            if "growth" in spec:
                growth = parse_param(spec["growth"], RATE, f"drivers.{name}.growth",
                                     lambda w, m: self.problem(here + ("growth",) + w, m), years=(self.start, horizon),
                                     labels=self.labels, decimal=self.mark)
            if start is not None:
                drivers.append(Driver(name, start[1], start[0], growth, str(spec.get("source", "")),
                                      str(spec.get("assumption", ""))))
        return tuple(drivers)

    def quantity(self, raw, where: tuple, unit: str | None, report=None) -> tuple[float, str] | None:
        """A quantity string or a workspace figure, as (value, unit); unit None keeps the unit as written.

        ``report(key_path, message)`` receives problems (default: the file's own problem list).
        """
        report = report or self.problem
        if isinstance(raw, dict):
            return self.figure(raw, where, unit, report)
        if raw is None:
            report(where, "missing")
            return None
        if unit is None:
            parts = str(raw).split(maxsplit=1)
            unit = parts[1] if len(parts) == 2 else ""
        value, error = parse_number(raw, Kind("quantity", unit or None, None, None, False, f"'1,000 {unit}'"), self.mark)
        if error:
            report(where, error)
            return None
        return value, unit

    def figure(self, raw: dict, where: tuple, unit: str | None, report) -> tuple[float, str] | None:
        """{ figure = 'metric', segment = '...' | exclude = [...], share = '95 %' }: a workspace figure of the start year."""
        for key in raw:
            if key not in FIGURE_KEYS:
                report(where + (key,), f"unknown key{did_you_mean(key, FIGURE_KEYS)}; a workspace figure is "
                                             f"{{ figure = 'metric', segment = '...' or exclude = [...], share = '...' }}")
                return None
        metric = str(raw.get("figure", ""))
        vocabulary = self.observations.vocabulary
        if metric not in vocabulary:
            report(where, f"{metric!r} is not a known metric{did_you_mean(metric, vocabulary.names)}")
            return None
        have = vocabulary.unit(metric)
        factor = 1.0
        if unit is not None:
            try:
                factor = units.conversion_factor(have, unit)
            except units.UnitError as exc:
                report(where, f"{metric} is in {have}, which does not fit here: {exc}")
                return None
        total = 0.0
        excluded = text_list(raw, "exclude", lambda m: report(where + ("exclude",), m))
        if "exclude" in raw and not excluded and raw["exclude"] not in ([], ()):
            return None
        parts = [(str(raw.get("segment", "")), +1)] + [(s, -1) for s in excluded]
        for segment, sign in parts:
            found = self.observations.figure(metric, self.start, segment)
            if found.missing or found.figure.value is None:
                report(where, f"the workspace has no value for {metric} {self.start}"
                                    + (f", segment {segment}" if segment else "") + f" ({found.source})")
                return None
            total += sign * found.figure.value
        if "share" in raw:
            share = parse_value(raw["share"], SHARE, "", lambda w, m: report(where + ("share",), m), decimal=self.mark)
            if share is None:
                return None
            total *= share.params[0]
        return total * factor, unit or have

    def read_lines(self, raw, here: tuple, segment: str | None = None, *, from_inventory: bool = False) -> tuple[Line, ...]:
        if not isinstance(raw, list):
            self.problem(here, "must be an array of tables: [[lines]]")
            return ()
        lines, seen = [], set()
        for index, spec in enumerate(raw):
            line = read_line(spec, here + (index,), segment, self)
            if line is not None:
                if line.id in seen:
                    self.problem(here + (index, "id"), f"line id {line.id!r} is used twice")
                seen.add(line.id)
                lines.append(line)
        if not raw and here == ("lines",) and not from_inventory:
            self.problem(here, "no lines: the starting inventory needs at least one [[lines]] table")
        return tuple(lines)

    def read_levers(self, raw, lines, start, horizon, currency, drivers) -> tuple[Lever, ...]:
        if not isinstance(raw, list):
            self.problem(("levers",), "must be an array of tables: [[levers]]")
            return ()
        new_lines = {}
        for index, spec in enumerate(raw):
            kind = spec.get("type") if isinstance(spec, dict) else None
            if isinstance(kind, str) and kind in LEVER_TYPES and LEVER_TYPES[kind].lines == OWN:
                segment = str(spec.get("segment", ""))
                new_lines[index] = self.read_lines(spec.get("lines", []), ("levers", index, "lines"), segment)
        every = lines + tuple(line for group in new_lines.values() for line in group)
        ids = [line.id for line in every]
        for duplicate in sorted({i for i in ids if ids.count(i) > 1}):
            self.problem(("levers",), f"line id {duplicate!r} is used twice (lines and new businesses share ids)")
        declared = self.doc.get("drivers")
        ctx = LeverContext(self.problem, every, start, horizon, currency, tuple(d.name for d in drivers),
                           tuple(declared) if isinstance(declared, dict) else (), self.labels, decimal=self.mark)
        levers, seen = [], set()
        for index, spec in enumerate(raw):
            if not isinstance(spec, dict):
                self.problem(("levers", index), "must be a table")
                continue
            lever = read_lever(index, spec, ctx, new_lines.get(index, ()))
            if lever is None:
                continue
            if lever.left_out:
                self.left_out.append(f"lever {lever.id!r} left out (optional = true): {lever.left_out}; edit its "
                                     f"applies_to to act on this workspace's lines, or delete it "
                                     f"({self.path.name}, line {locate_line(self.text, ('levers', index))})")
                continue
            if lever.id in seen:
                self.problem(("levers", index, "id"), f"lever id {lever.id!r} is used twice")
            seen.add(lever.id)
            levers.append(_with_line(lever, locate_line(self.text, ("levers", index))))
        receivers = [fuel for lever in levers for fuel in lever.to]
        for fuel in sorted({f for f in receivers if receivers.count(f) > 1}):
            self.problem(("levers",), f"fuel line {fuel!r} is electrified by two levers; combine them into one "
                                      f"(one share series per fuel line)")
        self.renamed += [f"{self.path.name}: line id {former!r} is the former form of {now!r} (an id writes é as e "
                         f"since 2026-12-06, where it dropped it); it still works; write {now!r}"
                         for former, now in ctx.renamed.items()]
        return tuple(levers)


def _with_line(lever: Lever, line: int | None) -> Lever:
    from dataclasses import replace

    return replace(lever, file_line=line)
