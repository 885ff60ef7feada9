"""Every printed figure the audit reads gets a verdict or a reason: the figures no check reached, each with why.

Why: an audit of "20 printed figures" whose verdicts cover 16 leaves a reader to guess what became of the
rest: a year-on-year change printed "(12.3)" was read, counted and then said nowhere. A figure that is the
subject of a finding, or an input of one, has been checked; every other one is a finding of kind
``figure``, verdict ``not_checkable``, saying why: a derivation that names it lacks an input, the activity
data compute the metric but not in that year, or nothing in the workspace names it (an input as the report
gives it, such as a revenue of a year no ratio uses). So figures read = figures checked + figures not
checkable, and the not-reported ones are counted apart as before.
"""

from __future__ import annotations

from typing import Iterable

import pandas as pd

from ghgcalc.audit.findings import Finding, reported_record
from ghgcalc.core.formula import parse_formula
from ghgcalc.figures.metrics import Vocabulary
from ghgcalc.figures.rules import Rule

KIND = "figure"


def unchecked_figures(figures: pd.DataFrame, findings: Iterable[Finding], derivations: Iterable[Rule],
                      computed: pd.DataFrame | None, year_labels: dict[int, str],
                      vocabulary: Vocabulary | None = None) -> list[Finding]:
    """A ``not_checkable`` finding for each printed figure that no finding is about or uses, with the reason."""
    touched = set()
    for f in findings:
        touched.add((f.metric, int(f.year), f.segment))
        for record in (*f.inputs, *([f.previous] if f.previous else [])):
            if record.get("metric") is not None and record.get("year") is not None:
                touched.add((record["metric"], int(record["year"]), record.get("segment", "")))
    printed = {(m, int(y), s) for m, y, s in zip(figures["metric"], figures["year"], figures["segment"])}
    derivations = list(derivations)
    made = _computed_years(computed)
    users = _users(vocabulary)
    out = []
    for record in figures.to_dict("records"):
        key = (record["metric"], int(record["year"]), record["segment"])
        if key in touched:
            continue
        touched.add(key)  # a figure printed in two places of one vintage is said once
        out.append(Finding(kind=KIND, verdict="not_checkable", metric=key[0], year=key[1],
                           unit=record["canonical_unit"], definition="", vintage=record["vintage"], segment=key[2],
                           reported=reported_record(record),
                           detail=_why(key, derivations, printed, made, users, year_labels)))
    return out


def _computed_years(computed: pd.DataFrame | None) -> dict[tuple[str, str], list[int]]:
    if computed is None or not len(computed):
        return {}
    out: dict[tuple[str, str], list[int]] = {}
    for metric, year, segment in zip(computed["metric"], computed["year"], computed["segment"]):
        out.setdefault((metric, segment), []).append(int(year))
    return {key: sorted(set(years)) for key, years in out.items()}


def _users(vocabulary: Vocabulary | None) -> dict[str, list[str]]:
    """metric -> the metrics whose vocabulary formula uses it (revenue -> ghg_per_revenue, ...)."""
    out: dict[str, list[str]] = {}
    for name in (vocabulary.names if vocabulary is not None else ()):
        text = str(vocabulary.formula(name) or "").strip()
        if text and text != "nan":
            for part in parse_formula(text, source="metrics.csv").metrics:
                out.setdefault(part, []).append(name)
    return out


def _why(key: tuple, derivations: list[Rule], printed: set, made: dict, users: dict, year_labels: dict[int, str]) -> str:
    """Why nothing checks one printed figure, and what would."""
    metric, year, segment = key
    label = year_labels.get(year, str(year))
    for rule in derivations if metric not in users else ():  # a plain input (a revenue) is said so below
        if metric not in rule.formula.metrics:
            continue
        missing = [f"{m} {label}" for m in dict.fromkeys(rule.formula.metrics) if m != metric
                   and (m, year, segment) not in printed]
        if missing:
            what = rule.description or f"{rule.target} from {rule.formula.text}"
            return f"{what} needs {', '.join(missing)}, which no table prints"
    years = made.get((metric, segment))
    if years:
        shown = ", ".join(year_labels.get(y, str(y)) for y in years)
        return f"the activity data give {metric} for {shown}, not for {label}: nothing to compare it with"
    if metric in users:
        named = ", ".join(sorted(users[metric])[:3]) + (" ..." if len(users[metric]) > 3 else "")
        return f"an input: no figure of {label} computed from it ({named}) is printed"
    return ("nothing in the workspace checks it: no formula, sum, derivation or activity-data figure names it "
            "(an input, as the report gives it)")
