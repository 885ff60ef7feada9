"""Shares of a total printed to add up to 100: largest-remainder rounding.

Why: three shares of 33.3333 % are printed 33 %, 33 % and 34 % when a report makes them add up to
100; each rounded half-up would be 33 %, so the 34 % does not reproduce alone. Rounded together by
the largest-remainder (Hamilton) method (each share rounded down to the printed step, the steps
left over to make the total given to the largest remainders) the group is the print. A group is
an identity whose total is a number (``workforce_gender_shares,100,workforce_female_share +
workforce_male_share`` in a workspace's ``identities.csv``).
"""

from __future__ import annotations

import math
from dataclasses import replace

from ghgcalc.audit.findings import Finding, number_text

DESCRIPTION = "rounded by largest remainder so that the shares add up to their total"


def largest_remainder(values: list[float], total: float, step: float) -> list[float]:
    """``values`` rounded to multiples of ``step`` that add up to ``total`` (Hamilton's method)."""
    units = round(total / step)
    scaled = [v / step for v in values]
    floors = [math.floor(x + 1e-9) for x in scaled]
    left = units - sum(floors)
    order = sorted(range(len(values)), key=lambda i: -(scaled[i] - floors[i]))
    for i in order[:max(0, min(left, len(values)))]:
        floors[i] += 1
    return [f * step for f in floors]


def _constant(rule) -> float | None:
    target = rule.target
    if getattr(target, "metrics", None):
        return None
    try:
        return float(target.text)
    except (AttributeError, ValueError):
        return None


def add_largest_remainder(findings: list[Finding], rules) -> list[Finding]:
    """Each share of a group whose printed figures are the group rounded by largest remainder gets that alternative."""
    reproductions = {(f.vintage, f.metric, f.year, f.segment): i for i, f in enumerate(findings)
                     if f.kind == "reproduction" and f.recomputed is not None and f.reported}
    out = list(findings)
    for rule in rules:
        total = _constant(rule)
        if total is None or len(rule.formula.metrics) < 2:
            continue
        keys = {(v, y, s) for (v, m, y, s) in reproductions if m in rule.formula.metrics}
        for vintage, year, segment in sorted(keys, key=str):
            members = [reproductions.get((vintage, m, year, segment)) for m in rule.formula.metrics]
            if any(i is None for i in members):
                continue
            group = [out[i] for i in members]
            scales = {1 / f.reported["to_canonical"] for f in group}
            decimals = {int(f.reported["decimals"]) for f in group}
            if len(scales) != 1 or len(decimals) != 1 or any(f.reported.get("precision") for f in group):
                continue
            scale, step = scales.pop(), 10.0 ** -decimals.pop()
            values = [f.recomputed.mid * scale for f in group]
            if (not all(math.isfinite(v) for v in values) or abs(sum(values) - total) > step / 2
                    or all(f.verdict == "reproduced" for f in group)):
                continue
            rounded = largest_remainder(values, total, step)
            matches = [abs(r - f.reported["value"] * scale) < step / 2 for r, f in zip(rounded, group)]
            shown = " + ".join(number_text(r, int(round(-math.log10(step)))) for r in rounded)
            for i, f, r, ok in zip(members, group, rounded, matches):
                entry = {"definition": f"{f.definition}, with {rule.name} rounded together by largest remainder: "
                                       f"{shown} = {number_text(total)}",
                         "description": DESCRIPTION, "formula": f.definition, "years": {},
                         "low": r / scale, "high": r / scale, "reproduces": ok and all(matches)}
                out[i] = replace(f, alternatives=f.alternatives + (entry,))
    return out

