"""Implied denominators: the headcount each per-person figure of one report and year implies, compared.

Why: a report that divides its water by one headcount and its energy by another has not used
the headcount it prints for either; each figure alone only says "not reproduced", while the
set of them says the report used inconsistent denominators. The fewest headcounts that
explain every figure are found by stabbing the implied intervals (greedy by upper bound,
which is optimal); more than one is the finding ``inconsistent``.
"""

from __future__ import annotations

from ghgcalc.core import units
from ghgcalc.core.intervals import Interval
from ghgcalc.audit.evaluate import Context
from ghgcalc.audit.findings import Finding, number_text

PEOPLE = ("person", "FTE")


def _is_people(unit: str) -> bool:
    return any(units.is_dimension(unit, d) for d in PEOPLE)


def groups_of(intervals: list[tuple[str, Interval]]) -> list[tuple[Interval, list[str]]]:
    """The fewest common ranges that every interval meets, each with the names meeting it."""
    remaining = sorted(intervals, key=lambda item: item[1].high)
    out = []
    while remaining:
        point = remaining[0][1].high
        members = [item for item in remaining if item[1].low <= point * (1 + 1e-12)]
        common = Interval(max(i.low for _, i in members), min(i.high for _, i in members))
        out.append((common, [name for name, _ in members]))
        remaining = [item for item in remaining if item not in members]
    return out


def check_denominators(findings: list[Finding], ctx: Context) -> list[Finding]:
    """One finding per report and year whose per-person figures (at least one not reproduced) imply headcounts."""
    by_key: dict[tuple, list] = {}
    for f in findings:
        if f.kind != "reproduction" or f.verdict == "not_checkable" or _stale(f):
            continue
        for item in f.implied:
            if _is_people(item["unit"]) and item["metric"] in _denominator_names(f.definition):
                name = f"{f.metric}{' (' + f.segment + ')' if f.segment else ''}"
                by_key.setdefault((f.vintage, f.year, item["unit"]), []).append(
                    (name, Interval(item["low"], item["high"]), f.verdict))
    out = []
    for (vintage, year, unit), items in by_key.items():
        if len(items) < 2 or all(v == "reproduced" for *_, v in items):
            continue
        groups = groups_of([(name, interval) for name, interval, _ in items])
        printed = _printed_headcounts(ctx, year, unit)
        parts = []
        for common, names in groups:
            inside = [f"{m} {text}" for m, text, value in printed if common.contains(value, tolerance=1e-12)]
            parts.append(f"{number_text(common.low, 0)} to {number_text(common.high, 0)} ({', '.join(names)})"
                         + (f", which holds the printed {' and '.join(inside)}" if inside else ""))
        listed = ", ".join(f"{m} {text}" for m, text, _ in printed) or "none"
        consistent = len(groups) == 1
        head = (f"the {len(items)} per-person figures imply one headcount" if consistent else
                f"the {len(items)} per-person figures imply {len(groups)} different headcounts: inconsistent denominators")
        out.append(Finding(
            kind="denominator", verdict="holds" if consistent else "inconsistent", metric="implied headcount",
            year=year, vintage=vintage, unit=unit, definition="headcount implied by each per-person figure",
            detail=f"{head}: {'; '.join(parts)}; headcounts printed for {ctx.label(year)}: {listed}",
            alternatives=tuple({"definition": ", ".join(names), "description": "implied headcount", "formula": "",
                                "low": common.low, "high": common.high, "reproduces": consistent}
                               for common, names in groups)))
    return out


def _stale(finding: Finding) -> bool:
    """Whether the figure's best explanation is an input a later report restated: its numerator is stale, so
    the headcount it implies says nothing about the denominator (a restated Scope 3 with per-employee figures
    kept would otherwise imply a headcount of its own, or several stale figures one wrong headcount)."""
    return any(a.get("rank") == 1 and a.get("restated") for a in finding.alternatives)


def _denominator_names(definition: str) -> set[str]:
    """The metric names after the last division of a definition (its denominator)."""
    if "/" not in definition:
        return set()
    tail = definition.rsplit("/", 1)[1]
    return {w for w in tail.replace("(", " ").replace(")", " ").replace("+", " ").split() if w.isidentifier()}


def _printed_headcounts(ctx: Context, year: int, unit: str) -> list[tuple[str, str, float]]:
    out = []
    for metric in ("workforce_total", "workforce_fulltime"):
        record = ctx.resolver.get(metric, year)
        if record is not None and record["canonical_unit"] == unit:
            out.append((metric, record["text"], record["value_c"]))
    return out
