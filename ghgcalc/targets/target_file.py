"""The target file: TOML read into validated target definitions, every problem with its line.

This module reads the targets and drives the whole file; the other sections (the metrics and
figures a file supplies, structural changes) are checked in :mod:`ghgcalc.targets.supplied`, so
that the definitions never import the modules that use them. tomllib reports no line numbers for values it parsed, so the lines of offending keys are
found by scanning the text (:func:`ghgcalc.core.tomlfile.locate_line`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Mapping

from ghgcalc.core import units
from ghgcalc.core.number_format import number_mark
from ghgcalc.core.quantity import QuantityError, fraction_from, read_quantity
from ghgcalc.core.tomlfile import locate_line, text_list
from ghgcalc.core.years import CALENDAR, FiscalYears, YearError
from ghgcalc.errors import did_you_mean
from ghgcalc.figures.metrics import Vocabulary, load_vocabulary
from ghgcalc.core.percent import from_percent
from ghgcalc.errors import FileProblemsError
from ghgcalc.targets.definitions import ACTUAL_SOURCES, SCOPE2_METHODS, Boundary, Level, Milestone, Target, TargetSet
from ghgcalc.figures.scopes import scope_structure
from ghgcalc.targets.kinds import TARGET_KINDS, TargetKind, target_kinds
from ghgcalc.targets.supplied import (parse_quantity, read_structural_changes, supplied_figures, supplied_metrics,
                                      unknown_metric)

COMMON_KEYS = ("type", "quote", "source", "note", "base_year", "target_year", "unit", "boundary", "vintage",
               "scope2_method")
TOP_KEYS = ("targets", "metrics", "figures", "structural_changes", "actuals_from")
BOUNDARY_KEYS = ("name", "include", "exclude", "proxy")
MILESTONE_KEYS = ("year", "reduce_to", "reduce_by", "residual_max", "share")



class TargetFileError(FileProblemsError):
    """Problems in a target file, each with its file and line; all are listed at once."""


def load_targets(path: str | Path, *, vocabulary: Vocabulary | None = None,
                 years: FiscalYears | None = None, decimal: Mapping[str, str] | None = None,
                 document: tuple[str, dict] | None = None) -> TargetSet:
    """Read and validate a target file; raise TargetFileError listing every problem with its line.

    ``years``: how the company labels fiscal years, for years written as labels ("FY2030"); ``decimal``: the
    workspace's number format ([data] decimal), for the figures it supplies as printed ("12 261,1");
    ``document``: the file's text and parsed TOML when they have been read already."""
    path = Path(path)
    text, doc = document if document is not None else TargetFileError.read_toml(path, "target")
    return _Reader(path, text, doc, vocabulary, years, decimal).read()


def target_document(opened, path: str | Path | None = None) -> tuple[str, dict]:
    """The text and TOML of an opened workspace's target file (or ``path``), read once per opened workspace: the
    one ghgcalc.toml's reading took when it looked at the years the file types, else read now."""
    config = opened.config
    path = Path(path) if path else config.targets_file
    key = ("target document", str(path))
    if key not in opened.memo:
        early = config.targets_document if path == config.targets_file else None
        opened.memo[key] = early if early is not None else TargetFileError.read_toml(path, "target")
    return opened.memo[key]


def workspace_targets(opened, path: str | Path | None = None) -> TargetSet:
    """An opened workspace's targets (or those of ``path``), read and validated once however many parts use them
    (``check``, ``gap``, each scenario), with the workspace's metrics, fiscal years and number format."""
    config = opened.config
    path = Path(path) if path else config.targets_file
    key = ("targets", str(path))
    if key not in opened.memo:
        opened.memo[key] = load_targets(path, vocabulary=opened.vocabulary, years=config.fiscal_years,
                                        decimal=config.decimal_marks, document=target_document(opened, path))
    return opened.memo[key]


class _Reader:
    """One pass over a parsed target file, collecting problems with their key paths."""

    def __init__(self, path: Path, text: str, doc: dict, vocabulary: Vocabulary | None,
                 years: FiscalYears | None = None, decimal: Mapping[str, str] | None = None):
        self.path, self.text, self.doc = path, text, doc
        self.decimal = decimal or {}
        self.mark = number_mark(self.decimal, path.name) or "."  # quantities read as the workspace's tables are
        self.base_vocabulary = vocabulary
        self.years = years or CALENDAR
        self.problems: list[str] = []

    def problem(self, key_path: tuple, message: str, target: str | None = None) -> None:
        line = locate_line(self.text, key_path)
        where = f"{self.path.name}, line {line}" if line else self.path.name
        who = f"target {target!r}, " if target else ""
        key = ".".join(str(k) for k in key_path[2:] if not isinstance(k, int)) if target else ".".join(
            str(k) for k in key_path if not isinstance(k, int))
        self.problems.append(f"{where}: {who}{key}: {message}" if key else f"{where}: {who}{message}")

    def read(self) -> TargetSet:
        doc = self.doc
        for key in doc:
            if key not in TOP_KEYS:
                self.problem((key,), f"unknown key{did_you_mean(key, TOP_KEYS)}; the file holds {', '.join(TOP_KEYS)}")
        raw_metrics = doc.get("metrics", {})
        vocabulary = supplied_metrics(raw_metrics if isinstance(raw_metrics, dict) else {},
                                      self.base_vocabulary or load_vocabulary(),
                                      report=lambda name, key, m: self.problem(("metrics", name) + ((key,) if key else ()), m))

        raw_figures = doc.get("figures", [])
        figures = supplied_figures(raw_figures if isinstance(raw_figures, list) else [], vocabulary, file=self.path.name,
                                   report=lambda i, key, m: self.problem(("figures", i) + ((key,) if key else ()), m),
                                   line_of=lambda i: locate_line(self.text, ("figures", i)),
                                   decimal=self.mark)
        raw_changes = doc.get("structural_changes", [])
        changes = read_structural_changes(
            raw_changes if isinstance(raw_changes, list) else [], vocabulary,
            report=lambda i, key, m: self.problem(("structural_changes", i) + ((key,) if key else ()), m),
            line_of=lambda i: locate_line(self.text, ("structural_changes", i)))
        actuals_from = doc.get("actuals_from", list(ACTUAL_SOURCES))
        if not isinstance(actuals_from, list) or not actuals_from or any(a not in ACTUAL_SOURCES for a in actuals_from):
            self.problem(("actuals_from",), f"{actuals_from!r} is not a list drawn from {', '.join(ACTUAL_SOURCES)}")
            actuals_from = list(ACTUAL_SOURCES)
        raw_targets = doc.get("targets", {})
        if not isinstance(raw_targets, dict) or not raw_targets:
            self.problem(("targets",), "no targets: define each one as a table [targets.ID]")
            raw_targets = {}
        targets = []
        for target_id, raw in raw_targets.items():
            if not isinstance(raw, dict):
                self.problem(("targets", target_id), "must be a table [targets.ID] with keys", target_id)
                continue
            target = self.read_target(target_id, raw, vocabulary)
            if target is not None:
                targets.append(target)
        if self.problems:
            raise TargetFileError(self.problems)
        return TargetSet(self.path, tuple(targets), vocabulary, figures, tuple(changes), tuple(actuals_from))

    # -- sections --------------------------------------------------------------------------

    # -- one target ------------------------------------------------------------------------

    def read_target(self, target_id: str, raw: dict, vocabulary: Vocabulary) -> Target | None:
        """One [targets.<id>] table as a Target, or None after recording every problem in it (all of them, in the
        order of the table's parts: kind, metric and unit, years, level, boundary, the rest)."""
        here = ("targets", target_id)
        before = len(self.problems)

        def bad(key, message):
            self.problem(here + ((key,) if isinstance(key, str) else tuple(key)), message, target_id)

        kind = self.read_kind(raw, bad)
        measured = None if kind is None else self.read_measured(raw, kind, vocabulary, bad)
        if measured is None:
            return None
        metric, canonical, unit = measured
        base_year, target_year, years_ok = self.base_and_target_years(raw, kind, bad)
        level = self.read_level(raw, kind, canonical, bad)
        milestones = self.read_milestones(raw.get("milestones", []), kind, canonical, base_year, target_year,
                                          level, bad) if years_ok and level else ()
        boundary = self.read_boundary(raw.get("boundary", {}), bad)
        if kind.share and "metric" in raw and (len(boundary.include) > 1 or boundary.exclude):
            bad("boundary", "a printed share does not add up over segments: include the one segment it is printed "
                            "for, or give numerator and denominator, which do")
        method, min_reduction, value_chain, progress_reported = self.read_commitments(raw, kind, metric, vocabulary,
                                                                                      here, bad)
        quote = self.read_quote(raw.get("quote", ()), bad)
        if len(self.problems) > before:
            return None
        return Target(
            id=target_id, type=kind.name, metric=metric, canonical_unit=canonical, unit=str(unit), base_year=base_year,
            target_year=target_year, level=level, quote=quote, source=str(raw.get("source", "")),
            note=str(raw.get("note", "")), boundary=boundary, milestones=milestones, scope2_method=method,
            vintage=raw.get("vintage"), numerator=str(raw.get("numerator", "")),
            denominator=str(raw.get("denominator", "")), denominator_at_most=str(raw.get("denominator_at_most", "")),
            numerator_at_least=str(raw.get("numerator_at_least", "")),
            min_reduction=min_reduction, value_chain=value_chain, progress_reported=progress_reported,
            file=self.path.name, lines=self.lines_of(here, raw), years=self.years,
        )

    def read_kind(self, raw: dict, bad) -> TargetKind | None:
        """The target's kind from its ``type``, and every key the kind does not have."""
        name = raw.get("type")
        if not isinstance(name, str) or name not in TARGET_KINDS:
            types = target_kinds()
            bad("type", f"{name!r} is not a target type{did_you_mean(name, types)}; types are {', '.join(types)}")
            return None
        kind = TARGET_KINDS[name]
        allowed = tuple(k for k in COMMON_KEYS + kind.keys if not (k == "base_year" and kind.year_key != k))
        for key in raw:
            if key not in allowed:
                bad(key, f"not a key of {name} targets{did_you_mean(key, allowed)}")
        return kind

    def read_measured(self, raw: dict, kind: TargetKind, vocabulary: Vocabulary, bad) -> tuple[str, str, str] | None:
        """The metric the target is named by, its canonical unit, and the unit it is shown in; None for an unknown
        metric (nothing else about the target can then be checked)."""
        canonical = "dimensionless"
        if kind.share:
            metric = self.read_share(raw, vocabulary, bad)
        else:
            metric = str(raw.get("metric", ""))
            if metric not in vocabulary:
                bad("metric", unknown_metric(metric, vocabulary))
                return None
            canonical = vocabulary.unit(metric)
        unit = raw.get("unit", "%" if kind.share else canonical)
        if not kind.share and "unit" in raw:
            try:
                units.conversion_factor(str(unit), canonical)
            except units.UnitError as exc:
                bad("unit", f"{exc}; metric {metric} is in {canonical}")
        return metric, canonical, unit

    def base_and_target_years(self, raw: dict, kind: TargetKind, bad) -> tuple[object, object, bool]:
        """The base (or start) year and the target year, and whether both are years in the right order."""
        year_key = kind.year_key
        base_year, target_year = (self.year(raw.get(key), key, bad) for key in (year_key, "target_year"))
        years_ok = base_year is not None and target_year is not None
        label = self.years.label_of
        if years_ok and kind.running_total and target_year < base_year:
            bad("target_year", f"{label(target_year)} is before start_year {label(base_year)}")
        elif years_ok and not kind.running_total and target_year <= base_year:
            bad("target_year", f"{label(target_year)} is {'before' if target_year < base_year else 'the same as'} "
                               f"base_year {label(base_year)}; the target year must come after the base year")
        return base_year, target_year, years_ok

    def read_commitments(self, raw: dict, kind: TargetKind, metric: str, vocabulary: Vocabulary, here: tuple,
                         bad) -> tuple:
        """The Scope 2 method, the least cut (a kind's default when not given), the value-chain flag and the
        progress a report prints for a running total."""
        method = raw.get("scope2_method")
        if method is not None and method not in SCOPE2_METHODS:
            bad("scope2_method", f"{method!r} is not a Scope 2 method; choose {' or '.join(SCOPE2_METHODS)} "
                                 f"(leave it out to use Scope 2 as reported)")
        min_reduction = None
        if "min_reduction" in raw:
            min_reduction = self.fraction(here + ("min_reduction",), raw["min_reduction"], here[1])
        elif kind.min_reduction is not None:
            min_reduction = kind.min_reduction()
        value_chain = bool(raw.get("value_chain", False))
        if value_chain and "3" not in scope_structure(vocabulary).scopes_of(metric):
            bad("value_chain", f"a value-chain target must cover Scope 3, but metric {metric} does not; "
                               f"use metric scope123")
        progress_reported = ()
        if "progress_reported" in kind.keys and "progress_reported" in raw:
            progress_reported = self.read_progress_reported(raw["progress_reported"], bad)
        return method, min_reduction, value_chain, progress_reported

    @staticmethod
    def read_quote(quote, bad) -> tuple[str, ...]:
        if isinstance(quote, str):
            return (quote,)
        if isinstance(quote, (list, tuple)) and all(isinstance(q, str) for q in quote):
            return tuple(quote)
        bad("quote", f"{str(quote)[:60]!r} is not a sentence or a list of sentences")
        return ()

    def lines_of(self, here: tuple, raw: dict) -> dict:
        """The line of the target's table and of each of its keys, for messages about it later."""
        keys = set(raw) | {"boundary", "metric", "base_year", "target_year"}
        lines = {"": locate_line(self.text, here)}
        lines.update({key: locate_line(self.text, here + (key,)) for key in keys})
        lines.update({f"boundary.{key}": locate_line(self.text, here + ("boundary", key)) for key in ("include", "exclude")})
        return lines

    def read_share(self, raw: dict, vocabulary: Vocabulary, bad) -> str:
        """What a share target measures: a share the reports print (``metric``, in percent), or ``numerator`` /
        ``denominator`` (with ``denominator_at_most`` bounding a denominator not reported). Returns the metric
        the target is named by: the printed share, else the numerator."""
        if "metric" in raw:
            for key in ("numerator", "denominator", "denominator_at_most", "numerator_at_least"):
                if key in raw:
                    bad(key, "give metric (a share the reports print) or numerator and denominator (a share of "
                             "two figures), not both")
            metric = str(raw["metric"])
            if metric not in vocabulary:
                bad("metric", unknown_metric(metric, vocabulary))
            elif not units.is_dimension(vocabulary.unit(metric), "percent"):
                bad("metric", f"{metric} is in {vocabulary.unit(metric)}, not a share; a share target names a metric in "
                              f"percent, or a numerator and a denominator")
            return metric
        if "numerator" not in raw and "denominator" not in raw:
            bad("type", "say which share: metric = '...' (a share the reports print, in percent), or numerator and "
                        "denominator (a share of two figures)")
            return ""
        before = len(self.problems)
        for key in ("numerator", "denominator"):
            if str(raw.get(key, "")) not in vocabulary:
                bad(key, unknown_metric(raw.get(key, ""), vocabulary))
        for key in ("denominator_at_most", "numerator_at_least"):
            if raw.get(key) and str(raw[key]) not in vocabulary:
                bad(key, unknown_metric(raw[key], vocabulary))
        if len(self.problems) == before:
            for key in ("denominator", "denominator_at_most", "numerator_at_least"):
                if raw.get(key) and not units.is_dimension(vocabulary.unit(raw[key]), vocabulary.unit(raw["numerator"])):
                    bad(key, f"{raw[key]} ({vocabulary.unit(raw[key])}) and numerator {raw['numerator']} "
                             f"({vocabulary.unit(raw['numerator'])}) differ in dimension, so their ratio is no share")
        return str(raw.get("numerator", ""))

    def read_level(self, raw: dict, kind: TargetKind, canonical: str, bad) -> Level | None:
        given = [k for k in kind.level_keys if k in raw]
        if len(given) == 2:
            bad("reduce_by", f"give either reduce_to or reduce_by, not both: reduce_to = {raw['reduce_to']!r} "
                             f"keeps that share of the base, reduce_by = {raw['reduce_by']!r} removes that share")
            return None
        if not given:
            bad("type", kind.level_hint)
            return None
        key = given[0]
        if not kind.running_total:
            return self.level_of(key, raw[key], kind, canonical, bad)
        value = parse_quantity(raw[key], canonical, lambda m: bad(key, m), self.mark)
        return None if value is None else Level(key, str(raw[key]), absolute=value)

    def level_of(self, key: str, text, kind: TargetKind, canonical: str, bad) -> Level | None:
        """One level: a percentage (of the base, or a share) or, for absolute levels, a quantity."""
        text = str(text) if isinstance(text, str) else text
        if not isinstance(text, str):
            bad(key, f"{text!r} has no unit; write a string such as '30 %'"
                     + (" or '24,846 t CO2e'" if kind.absolute_level else ""))
            return None
        try:
            written = read_quantity(text, example="'30 %'", decimal=self.mark)
        except QuantityError as exc:
            if self.mark == ",":  # what the decimal comma makes of it, not a hint written with a point
                bad(key, str(exc))
                return None
            written = None
        if written is not None and written.is_percent:
            fraction = from_percent(written.number)
            if kind.share:
                if not 0 <= fraction <= 1:
                    bad(key, f"{text!r} is {'above 100 %' if fraction > 1 else 'below 0 %'}; a share lies between 0 % and 100 %")
                    return None
                return Level(key, text, absolute=fraction)
            if not 0 <= fraction <= 1:
                bad(key, f"{text!r} is not between 0 % and 100 % of the base")
                return None
            if key == "reduce_by":
                return Level(key, text, fraction_of_base=1 - fraction)
            return Level(key, text, fraction_of_base=fraction)
        if kind.absolute_level and key != "reduce_by":
            value = parse_quantity(text, canonical, lambda m: bad(key, m), self.mark)
            return None if value is None else Level(key, text, absolute=value)
        bad(key, f"{text!r} is not a percentage; write it as '2.5 %'")
        return None

    def year(self, value, key, bad) -> int | None:
        """A year as written: 2030, or the company's fiscal-year label ("FY2030", "FY2029/30")."""
        if value is None:
            bad(key, "missing; every target needs it")
            return None
        try:
            return self.years.year(value)
        except YearError as exc:
            bad(key, str(exc))
            return None

    def read_milestones(self, raw, kind, canonical, base_year, target_year, level, bad) -> tuple[Milestone, ...]:
        milestones = []
        for index, spec in enumerate(raw if isinstance(raw, list) else []):
            where = ("milestones", index)
            for key in spec:
                if key not in MILESTONE_KEYS:
                    bad(where + (key,), f"unknown key{did_you_mean(key, MILESTONE_KEYS)}")
            year = self.year(spec.get("year"), where + ("year",), bad)
            if year is None:
                continue
            if not base_year < year < target_year:
                label = self.years.label_of
                bad(where + ("year",), f"{label(year)} is not a year between base_year {label(base_year)} and "
                                       f"target_year {label(target_year)}")
                continue
            keys = [k for k in ("reduce_to", "reduce_by", "residual_max", "share") if k in spec]
            if len(keys) != 1:
                bad(where, "give the milestone's level once: reduce_to, reduce_by or share")
                continue
            key = keys[0]
            got = self.level_of("target_share" if key == "share" else key, spec[key], kind, canonical,
                                lambda k, m: bad(where + (key,), m))
            if got is not None:
                if (got.fraction_of_base is None) != (level.fraction_of_base is None):
                    bad(where + (key,), "write a milestone the same way as the target level (both as a share of "
                                        "the base, or both as quantities)")
                    continue
                milestones.append(Milestone(year, got))
        milestones.sort(key=lambda m: m.year)
        years = [m.year for m in milestones]
        if len(set(years)) != len(years):
            bad("milestones", "two milestones share a year")
        return tuple(milestones)

    def read_boundary(self, raw, bad) -> Boundary:
        if not isinstance(raw, dict):
            bad("boundary", "must be a table: boundary = { name = '...', exclude = ['segment'] }")
            return Boundary()
        for key in raw:
            if key not in BOUNDARY_KEYS:
                bad(("boundary", key), f"unknown key{did_you_mean(key, BOUNDARY_KEYS)}")
        include, exclude = (text_list(raw, key, lambda m, key=key: bad(("boundary", key), m))
                            for key in ("include", "exclude"))
        if include and exclude:
            bad("boundary", "give include or exclude, not both")
        proxy = raw.get("proxy")
        if proxy not in (None, "group"):
            bad(("boundary", "proxy"), f"{proxy!r}: the only proxy is 'group' (whole-group figures stand in)")
        if proxy and (include or exclude):
            bad(("boundary", "proxy"), "a proxy boundary uses whole-group figures; it cannot include or exclude segments")
        return Boundary(str(raw.get("name", "")), include, exclude, proxy == "group")

    def read_progress_reported(self, raw, bad) -> tuple[tuple[int, str], ...]:
        out = []
        if not isinstance(raw, dict):
            bad("progress_reported", "must be a table of year = 'percent of the total', e.g. { 2023 = '44 %' }")
            return ()
        for year, text in raw.items():
            try:
                written = read_quantity(text)
            except QuantityError:
                written = None
            if not str(year).isdigit() or written is None or not written.is_percent:
                bad(("progress_reported", year), f"{year} = {text!r}: write a year and a printed percentage, e.g. 2023 = '44 %'")
                continue
            out.append((int(year), written.digits))
        return tuple(sorted(out))

    # -- quantities ------------------------------------------------------------------------

    def fraction(self, key_path: tuple, text, target_id: str) -> float | None:
        try:
            value = fraction_from(text, example="'90 %'", decimal=self.mark)
        except QuantityError as exc:
            self.problem(key_path, str(exc), target_id)
            return None
        if not 0 <= value <= 1:
            self.problem(key_path, f"{text!r} is not between 0 % and 100 %", target_id)
            return None
        return value
