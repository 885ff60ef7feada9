"""Audit a published report from its own numbers, at the precision it printed them.

Every figure typed into a reported table stands for the interval of values that round
to it (half-up). From those intervals the audit asks, figure by figure:

- reproduction: does a figure with a formula (an intensity, a share) follow from the
  report's own inputs? If not, which plausible alternative definition does (another
  headcount, numerator or revenue year, components rounded separately), and which
  values of each input would give the printed figure (the implied interval)?
- identity: does each table add up (totals against their components, headcounts by
  gender against headcounts by region, shares against 100), and does a figure printed
  in two tables of one report agree with itself?
- restatement: how did a figure change between two reports (vintages), and is the
  change significant against the workspace's threshold?
- derivation: what do the rounded figures imply about quantities the report does not
  print (Scope 1+2 from an intensity and the revenue)?
- misprint: every figure the auditor had to read differently from its print.

Rules are data (``ghgcalc/data/audit-*.csv`` with their sidecars, plus a workspace's own
``identities.csv`` and ``derivations.csv``), so a new check is a new row. Verdicts and the JSON contract are documented in docs/audit.md.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterable

import pandas as pd

from ghgcalc.errors import ConfigError, CurrencyError, UnitError
from ghgcalc.core.formula import bind_units, parse_formula
from ghgcalc.core.percent import percent_text, signed_percent_text, to_percent
from ghgcalc.core.years import FiscalYears
from ghgcalc.figures.reported import COMPUTED, NOT_REPORTED, FigureIndex, not_reported
from ghgcalc.figures.metrics import Vocabulary
from ghgcalc.audit.coverage import unchecked_figures
from ghgcalc.audit.against_activity import check_against_activity
from ghgcalc.audit.counts import whole_counts
from ghgcalc.audit.denominators import check_denominators
from ghgcalc.audit.evaluate import Context
from ghgcalc.audit.links import link_failing_identities
from ghgcalc.audit.findings import (AuditReport, Finding, canonical_decimals, face_value, input_record, interval_of,
                                   label, number_text, reported_record, span_text, where)
from ghgcalc.audit.ranking import rank_explanations
from ghgcalc.audit.reproduce import check_reproductions
from ghgcalc.audit.shares import add_largest_remainder
from ghgcalc.audit.vintages import printed_parts, vintage_resolver
from ghgcalc.figures.fiscal import describe_year_end
from ghgcalc.figures.precision import is_approximation, precision_text
from ghgcalc.figures.money import FxTable, currency_of, money_factor
from ghgcalc.figures.resolve import Resolver, sum_definitions
from ghgcalc.figures.rules import IDENTITIES_FILE, Rule, load_rules  # noqa: F401 (IDENTITIES_FILE: named here before)
from ghgcalc.workspace.config import DEFAULT_SIGNIFICANCE_THRESHOLD, Workspace
from ghgcalc.workspace.opened import OpenWorkspace, open_workspace
from ghgcalc.core.intervals import show_digits

_APPROXIMATE = re.compile(r"\b(about|approximate(ly)?|around|roughly|nearly)\b", re.I)

# Shipped rule tables (each with a sidecar saying where its rules come from), read on first use.
RULE_FILES = {"alternative": "audit-alternatives.csv", "derivation": "audit-derivations.csv"}


# --- rules -----------------------------------------------------------------------------

@lru_cache(maxsize=None)
def _shipped_text(kind: str) -> str:
    return resources.files("ghgcalc").joinpath("data", RULE_FILES[kind]).read_text(encoding="utf-8")


def shipped_rules(kind: str, vocabulary: Vocabulary) -> tuple[Rule, ...]:
    """The rules ghgcalc ships of one kind ("alternative" or "derivation"), checked against ``vocabulary``."""
    return load_rules(_shipped_text(kind), kind, vocabulary, name=RULE_FILES[kind])


def identity_rules(vocabulary: Vocabulary, extra: Iterable[Rule] = ()) -> tuple[Rule, ...]:
    """Every sum formula of the vocabulary as an identity, then ``extra`` (a workspace's identities)."""
    from_vocabulary = []
    for metric in vocabulary.names:
        text = vocabulary.formula(metric).strip()
        if text and parse_formula(text).terms:
            from_vocabulary.append(Rule(name=metric, target=parse_formula(metric), formula=parse_formula(text)))
    return tuple(from_vocabulary) + tuple(extra)


# --- identities ------------------------------------------------------------------------

def check_identities(figures: pd.DataFrame, vocabulary: Vocabulary, index: FigureIndex, rules: Iterable[Rule],
                     ctx: Context | None = None) -> list[Finding]:
    """Each table adds up: every identity, in every vintage, year and segment it touches. With ``ctx``, a
    component the vintage does not print is built from the parts it prints (Scope 1+2 from Scope 1 and 2)."""
    out = []
    keys = figures[["vintage", "year", "segment"]].drop_duplicates().itertuples(index=False)
    keys = sorted(keys, key=lambda k: (index.vintages.index(k.vintage), -k.year, k.segment))
    for rule in rules:
        for vintage, year, segment in keys:
            finding = _identity(rule, vocabulary, index, vintage, int(year), segment, ctx)
            if finding:
                out.append(finding)
    return out


def _identity(rule: Rule, vocabulary, index, vintage, year, segment, ctx=None) -> Finding | None:
    total, components = rule.target, rule.formula
    get = lambda m: index.in_vintage(vintage, m, year, segment)  # noqa: E731
    total_found = {m: get(m) for m in total.metrics}
    parts_found = {m: get(m) for m in components.metrics}
    if ctx is not None and all(r is not None for r in total_found.values()) and any(parts_found.values()):
        built = vintage_resolver(ctx, vintage, from_parts_only=True)
        parts_found = {m: r or built.get(m, year, segment) for m, r in parts_found.items()}
    if any(r is None for r in total_found.values()) or not any(parts_found.values()):
        return None
    unit = vocabulary.unit((total.metrics or components.metrics)[0])
    name = total.metrics[0] if total.metrics and total.text == total.metrics[0] else rule.name
    base = dict(kind="identity", metric=name, year=year, segment=segment, vintage=vintage, unit=unit,
                definition=f"{total.text} = {components.text}")
    absent = [m for m, r in parts_found.items() if r is None]
    if absent and not rule.absent_as_zero:
        return Finding(verdict="not_checkable", missing=tuple(label(m, year, segment) for m in absent),
                       detail=f"not printed in {vintage}: {', '.join(absent)}", **base)
    units_of = {m: vocabulary.unit(m) for m in total.metrics + components.metrics}
    left, right = bind_units(total, units_of, unit), bind_units(components, units_of, unit)
    zero = {"value_c": 0.0, "low_c": 0.0, "high_c": 0.0}
    parts = {m: (r or zero) for m, r in parts_found.items()}
    lhs = left.evaluate({m: interval_of(r) for m, r in total_found.items()})
    rhs = right.evaluate({m: interval_of(r) for m, r in parts.items()})
    lhs_face, rhs_face = face_value(left, total_found), face_value(right, parts)
    holds = lhs.overlaps(rhs)
    involved = [r for r in [*total_found.values(), *parts_found.values()] if r]
    places = max(canonical_decimals(r) for r in involved)
    difference = rhs_face - lhs_face
    detail = f"{components.text} = {number_text(rhs_face, places)} against {total.text} = {number_text(lhs_face, places)} {unit}"
    if absent:
        detail += f" (not printed, taken as zero: {', '.join(absent)})"
    if holds and abs(difference) > 1e-9 * max(1.0, abs(lhs_face)):
        detail += f"; differ by {number_text(difference, places)} at face value, within rounding"
    elif not holds:
        detail += f"; difference {number_text(difference, places)}, beyond rounding by {number_text(lhs.distance(rhs), places)}"
    detail += "".join(f"; {r['derivation']}" for r in parts_found.values() if r and r.get("derivation"))
    single = list(total_found.values())[0] if len(total_found) == 1 else None
    reported = reported_record(single) if single else {"text": total.text, "value": lhs_face, "low": lhs.low, "high": lhs.high}
    return Finding(verdict="holds" if holds else "fails", reported=reported, recomputed=rhs, detail=detail,
                   difference=difference, distance=None if holds else lhs.distance(rhs),
                   inputs=tuple(input_record(p) for r in [*total_found.values(), *parts_found.values()] if r
                                for p in ([r, *printed_parts(r)] if r.get("built_from") else [r])), **base)


def check_cross_tables(index: FigureIndex) -> list[Finding]:
    """A figure printed in two tables (files) of one vintage must agree with itself."""
    out = []
    for (metric, year, segment), records in index.groups():
        for vintage in dict.fromkeys(r["vintage"] for r in records):
            same = [r for r in records if r["vintage"] == vintage]
            for first, other in zip(same, same[1:]):
                holds = interval_of(first).overlaps(interval_of(other))
                out.append(Finding(
                    kind="identity", verdict="holds" if holds else "fails", metric=metric, year=year, segment=segment,
                    vintage=vintage, unit=first["canonical_unit"], definition="same figure in two tables of one report",
                    reported=reported_record(first), recomputed=interval_of(other), difference=other["value_c"] - first["value_c"],
                    distance=None if holds else interval_of(first).distance(interval_of(other)),
                    detail=f"{where(first)} prints {first['text']} {first['unit']}, {where(other)} prints {other['text']} {other['unit']}",
                    inputs=(input_record(first), input_record(other))))
    return out


# --- restatements ----------------------------------------------------------------------

def check_restatements(index: FigureIndex, threshold: float, fx: FxTable | None = None, label=str) -> list[Finding]:
    """The same metric, year and segment in two vintages: the change, and whether it is significant. Printed in
    two currencies, the earlier is brought to the later's through ``fx`` for the year (``label`` names it), and
    without the rate the pair is not checkable: a yen and a dollar figure are never compared as numbers."""
    out = []
    for (metric, year, segment), records in index.groups():
        per_vintage = list({r["vintage"]: r for r in reversed(records)}.values())  # first file of each vintage
        per_vintage.sort(key=lambda r: -index.vintages.index(r["vintage"]))  # oldest first
        for old, new in zip(per_vintage, per_vintage[1:]):
            printed = f"{old['vintage']} printed {old['text']} {old['unit']}, {new['vintage']} prints {new['text']} {new['unit']}"
            try:
                old, converted = _in_unit_of(old, new["canonical_unit"], year, fx, label)
            except (CurrencyError, UnitError) as exc:
                out.append(Finding(kind="restatement", verdict="not_checkable", metric=metric, year=year, segment=segment,
                                   vintage=new["vintage"], unit=new["canonical_unit"],
                                   definition=f"{new['vintage']} against {old['vintage']}", reported=reported_record(new),
                                   previous=reported_record(old), detail=f"{printed}: {exc}"))
                continue
            restated = not interval_of(old).overlaps(interval_of(new))
            absolute = new["value_c"] - old["value_c"]
            percent = to_percent(absolute / old["value_c"]) if old["value_c"] else None
            significant = restated and (percent is None or abs(percent) > to_percent(threshold))
            spread = interval_of(new) - interval_of(old)
            unit = new["canonical_unit"]
            same_unit = old["unit"] == new["unit"] or bool(converted)  # another currency's: shown in the later's unit
            scale = 1 / new["to_canonical"] if same_unit else 1.0
            shown_unit = new["unit"] if same_unit else unit
            places = (int(new["decimals"]) if converted else max(int(old["decimals"]), int(new["decimals"])) if same_unit
                      else max(canonical_decimals(old), canonical_decimals(new)))
            if restated:
                pct = f" ({signed_percent_text(absolute / old['value_c'])})" if percent is not None else ""
                flag = (f"significant (threshold {percent_text(threshold)}%)" if significant
                        else f"below the {percent_text(threshold)}% threshold")
                detail = f"{printed}: {'+' if absolute > 0 else ''}{number_text(absolute * scale, places)} {shown_unit}{pct}, {flag}"
            else:
                detail = f"{old['vintage']} {old['text']} and {new['vintage']} {new['text']} agree at printed precision"
            detail += converted
            out.append(Finding(
                kind="restatement", verdict="restated" if restated else "holds", metric=metric, year=year,
                segment=segment, vintage=new["vintage"], unit=unit, definition=f"{new['vintage']} against {old['vintage']}",
                reported=reported_record(new), previous=reported_record(old), detail=detail, significant=significant,
                difference=absolute, change={"absolute": absolute, "percent": percent, "low": spread.low, "high": spread.high}))
    return out


def _in_unit_of(record: dict, unit: str, year: int, fx: FxTable | None, label) -> tuple[dict, str]:
    """``record`` in ``unit`` (another currency through ``fx`` for ``year``), and the rate used in words ('' for none).
    Raises CurrencyError (no table, no rate) or UnitError."""
    if record["canonical_unit"] == unit:
        return record, ""
    factor = money_factor(record["canonical_unit"], unit, year, fx)
    moved = {**record, "canonical_unit": unit, "to_canonical": record["to_canonical"] * factor,
             **{key: record[key] * factor for key in ("value_c", "low_c", "high_c")}}
    source, target = currency_of(record["canonical_unit"]), currency_of(unit)
    if fx is None or not source or not target or source[0] == target[0]:
        return moved, ""
    rate, row = fx.rate(source[0], target[0], year)
    return moved, (f" ({record['vintage']}'s figure at 1 {source[0]} = {show_digits(rate)} {target[0]} for {label(year)}, "
                   f"{row.lineage})")


# --- derivations -----------------------------------------------------------------------

def derive_unpublished(index: FigureIndex, vocabulary: Vocabulary, rules: Iterable[Rule], rounds: int = 3) -> list[Finding]:
    """Intervals of quantities no table prints, from rules over printed (and derived) figures.

    A quantity gets the first route that reaches it; later routes are reported as
    cross-checks of it. A route never uses a value derived from its own target.
    """
    rules = list(rules)
    derived: dict[tuple, dict] = {}
    checks: dict[tuple, list] = {}
    seen_routes = set()
    anchors = sorted({(year, segment) for (_, year, segment), _ in index.groups()})
    for _ in range(rounds):
        grew = False
        for number, rule in enumerate(rules):
            for year, segment in anchors:
                target = (rule.target, year + rule.year_offset, segment)
                if index.printed_anywhere(*target) or (number, year, segment) in seen_routes:
                    continue
                route = _route(rule, year, segment, index, derived, vocabulary, target)
                if route is None:
                    continue
                seen_routes.add((number, year, segment))
                if target in derived:
                    checks.setdefault(target, []).append(route)
                else:
                    derived[target] = route
                    grew = True
        if not grew:
            break
    return [_derivation_finding(key, route, checks.get(key, []), vocabulary) for key, route in derived.items()]


def _route(rule: Rule, year, segment, index, derived, vocabulary, target) -> dict | None:
    values, faces, used, ancestry, notes = {}, {}, [], set(), []
    for metric in rule.formula.metrics:
        key = (metric, year, segment)
        record = index.get(metric, year, segment)
        if record is not None:
            values[metric], faces[metric] = interval_of(record), record["value_c"]
            used.append(input_record(record))
            if is_approximation(record.get("precision", "")):
                notes.append(f"{label(metric, year, segment)} is printed as an approximation ({record['text']}, "
                             f"{precision_text(record['precision'])}): read as {span_text(values[metric])}")
            elif _APPROXIMATE.search(record.get("note", "")) and not record.get("precision"):
                notes.append(f"{label(metric, year, segment)} is printed as approximate ({record['note']!r}); "
                             f"the interval assumes {record['text']} is a half-up rounding, so it may be too narrow")
        elif key in derived:
            values[metric], faces[metric] = derived[key]["interval"], derived[key]["face"]
            ancestry |= derived[key]["ancestry"] | {key}
            used.append({"metric": metric, "year": year, "segment": segment, "derived": True,
                         "low": values[metric].low, "high": values[metric].high, "unit": vocabulary.unit(metric)})
        else:
            return None
    if target in ancestry:
        return None
    bound = bind_units(rule.formula, {m: vocabulary.unit(m) for m in rule.formula.metrics}, vocabulary.unit(rule.target))
    try:
        interval, face = bound.evaluate(values), bound.evaluate(faces).mid
    except ZeroDivisionError:
        return None
    return {"rule": rule, "interval": interval, "face": face, "inputs": used, "ancestry": ancestry, "notes": notes}


def _derivation_finding(key, route, checks, vocabulary) -> Finding:
    metric, year, segment = key
    rule, interval = route["rule"], route["interval"]
    detail = f"{rule.description}: {rule.formula.text} = {number_text(route['face'])} at face value; interval {span_text(interval)} {vocabulary.unit(metric)}"
    alternatives = []
    for other in checks:
        agrees = other["interval"].overlaps(interval)
        alternatives.append({"definition": f"{other['rule'].formula.text} ({other['rule'].description})",
                             "formula": other["rule"].formula.text, "low": other["interval"].low,
                             "high": other["interval"].high, "reproduces": agrees})
        detail += (f"; cross-check {other['rule'].formula.text}: {span_text(other['interval'])}, "
                   f"{'consistent' if agrees else 'INCONSISTENT'}")
    for note in route["notes"]:
        detail += f"; {note}"
    vintages = sorted({i["vintage"] for i in route["inputs"] if "vintage" in i})
    return Finding(kind="derivation", verdict="derived", metric=metric, year=year, segment=segment,
                   vintage="+".join(vintages), unit=vocabulary.unit(metric), definition=f"{metric} = {rule.formula.text}",
                   recomputed=interval, detail=detail, inputs=tuple(route["inputs"]), alternatives=tuple(alternatives))


# --- misprints and the whole audit -----------------------------------------------------

def check_misprints(figures: pd.DataFrame) -> list[Finding]:
    """Every figure with a ``read_as``: the report printed something the auditor had to read."""
    out = []
    for record in figures.to_dict("records"):
        if record["read_as"]:
            out.append(Finding(
                kind="misprint", verdict="misprint", metric=record["metric"], year=int(record["year"]),
                segment=record["segment"], vintage=record["vintage"], unit=record["canonical_unit"],
                definition="read_as", reported=reported_record(record),
                detail=f"{where(record)}: printed {record['text']!r}, read as {record['read_as']!r}; the audit uses the reading"))
    return out


def check_not_reported(missing: Iterable[dict]) -> list[Finding]:
    """Every figure a table gives as no number ("n/a", "-"): kept as not reported, neither a misprint nor a zero."""
    return [Finding(kind="not_reported", verdict="not_reported", metric=record["metric"], year=int(record["year"]),
                    segment=record["segment"], vintage=record["vintage"], unit=record["canonical_unit"],
                    definition="not reported",
                    reported={"text": record["text"], "vintage": record["vintage"], "file": record["file"],
                              "row": int(record["row"]), "unit_as_printed": record["unit"],
                              "year_label": record.get("year_label", str(record["year"])),
                              "source": record.get("source", ""), "note": record.get("note", "")},
                    detail=f"{where(record)}: {record[NOT_REPORTED]}; not a number and not zero")
            for record in missing]


def audit_figures(figures: pd.DataFrame, vocabulary: Vocabulary, *,
                  significance_threshold: float = DEFAULT_SIGNIFICANCE_THRESHOLD,
                  derivation_rules: Iterable[Rule] | None = None, identities: Iterable[Rule] = (),
                  name: str = "", fx: FxTable | None = None, fiscal_year_end: str | None = None,
                  computed: pd.DataFrame | None = None, years: FiscalYears | None = None) -> AuditReport:
    """Audit a reported table (:func:`ghgcalc.figures.reported.read_reported`) with the given vocabulary.

    ``identities`` are checked besides the vocabulary's sums; ``derivation_rules`` default to the shipped ones;
    ``fx`` converts money where two currencies meet; ``fiscal_year_end`` ("MM-DD") says what a year is;
    ``computed``: figures computed from the workspace's activity data, checked against their printed twins;
    ``years``: the workspace's fiscal-year rule, whose labels every finding then prints (else labels as printed).
    """
    missing = not_reported(figures)
    figures = whole_counts(figures, vocabulary)
    index = FigureIndex(figures)
    extra = tuple(identities)
    identities = identity_rules(vocabulary, extra)
    year_labels = _year_labels(figures, years)
    ctx = Context(vocabulary=vocabulary, index=index, resolver=Resolver(index, sum_definitions(vocabulary, extra)),
                  alternatives=shipped_rules("alternative", vocabulary), identities=extra, fx=fx,
                  fiscal_year_end=fiscal_year_end, year_labels=year_labels)
    if derivation_rules is None:
        derivation_rules = shipped_rules("derivation", vocabulary)
    reproductions = check_reproductions(figures, ctx)
    reproductions = add_largest_remainder(reproductions, identities)
    reproductions = rank_explanations(reproductions, {rule.description for rule in ctx.alternatives}, ctx.label)
    findings = [
        *reproductions,
        *check_denominators(reproductions, ctx),
        *check_identities(figures, vocabulary, index, identities, ctx),
        *check_cross_tables(index),
        *check_restatements(index, significance_threshold, fx, ctx.label),
        *derive_unpublished(index, vocabulary, derivation_rules),
        *check_misprints(figures),
        *check_not_reported(missing),
        *check_against_activity(figures, computed),
    ]
    findings += unchecked_figures(figures, findings, derivation_rules, computed, year_labels, vocabulary)  # the rest: why
    findings = link_failing_identities(findings, ctx.label)
    files = tuple(dict.fromkeys(figures["file"])) if len(figures) else ()
    example = max(year_labels, default=None)
    return AuditReport(name=name, findings=tuple(findings), significance_threshold=significance_threshold,
                       files=files, figures=len(figures), year_labels=year_labels,
                       fiscal_year=describe_year_end(fiscal_year_end, example, year_labels.get(example)))


def _year_labels(figures: pd.DataFrame, years: FiscalYears | None = None) -> dict[int, str]:
    """Each year printed under another label (a fiscal year such as FY2017/18), with that label: the company's
    label (``years.label_of``) when its rule is known, one style for every year; else the label as printed."""
    if figures.empty or "year_label" not in figures:
        return {}
    if years is not None and not years.calendar:
        return {int(y): years.label_of(y) for y in sorted(set(figures["year"]))}
    pairs = figures[["year", "year_label"]].drop_duplicates()
    return {int(y): str(t) for y, t in zip(pairs["year"], pairs["year_label"]) if str(t) != str(int(y))}


class NothingToAudit(ConfigError):
    """The workspace's reported tables hold no figures."""


def audit_workspace(workspace: OpenWorkspace | Workspace | str | Path) -> AuditReport:
    """Audit every reported table a workspace names, with its own metrics, identities and derivations.

    With activity data, printed figures are also checked against the inventory computed from it.
    """
    opened = open_workspace(workspace)
    workspace, vocabulary = opened.config, opened.vocabulary
    if not workspace.reported_files:
        raise ConfigError(f"{workspace.name}: the workspace names no reported tables ([data] reported)")
    figures = opened.printed
    if not len(figures):
        names = ", ".join(p.name for p in workspace.reported_files)
        raise NothingToAudit(f"{workspace.name}: the reported tables hold no figures ({names}: a header and no rows); "
                             "nothing to audit")
    rules = list(shipped_rules("derivation", vocabulary))
    if workspace.derivations_file is not None:
        rules += load_rules(workspace.derivations_file, "derivation", vocabulary)
    identities = opened.identities
    fx = opened.fx
    computed = None
    if opened.computes:
        table = opened.figures
        computed = table[table["provenance"] == COMPUTED]
    return audit_figures(figures, vocabulary, significance_threshold=workspace.significance_threshold,
                         derivation_rules=rules, identities=identities, name=workspace.name, fx=fx,
                         fiscal_year_end=workspace.fiscal_year_end, computed=computed,
                         years=workspace.fiscal_years)
