"""Explanations checked against the rest of the report, then ranked: the first is the one shown.

Why: a figure that reproduces only if "rounded up" is not explained by rounding up when another
figure of the same table and report rules rounding up out (it reproduces rounded half-up and not
rounded up); offering the rule anyway, and counting it in the summary, misleads the auditor. A
rounding rule (half-even, truncation, rounding up) is a property of a table, so it is tested on
every other figure of the same table (vintage, file and ``source``) that reproduces with its
stated definition: one such figure the rule does not give marks it "contradicted by" that figure,
and it is neither offered nor counted. The consistent explanations are ranked:

1. an input a later report restated (the figure was not updated): a documented change that
   gives the print exactly;
2. the one that explains the most figures of the same report (a report's denominator is one
   choice, not twenty coincidences);
3. by kind, the stated definition's nearest relatives first: the shipped alternative definitions,
   another denominator the workspace prints, shares rounded to add up to their total, components
   rounded separately, another rounding rule, an input from another report;
4. the alternative whose value is nearest to the printed one.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from ghgcalc.audit.explain import ROUNDING_RULES
from ghgcalc.audit.findings import Finding, number_text
from ghgcalc.audit.shares import DESCRIPTION as LARGEST_REMAINDER

ROUNDING = frozenset(ROUNDING_RULES.values())
SEPARATELY = "components rounded separately, then added"
MAX_NAMED = 3  # contradicting figures named in a sentence


def table_of(finding: Finding) -> tuple:
    reported = finding.reported or {}
    return finding.vintage, reported.get("file", ""), reported.get("source", "")


def _kind_rank(entry: dict, shipped: set[str]) -> int:
    description = entry["description"]
    if entry.get("restated"):
        return 0
    if description in shipped:
        return 1
    if description == LARGEST_REMAINDER:
        return 3
    if description == SEPARATELY:
        return 4
    if description in ROUNDING:
        return 5
    if entry.get("vintage"):
        return 6
    return 2  # another denominator the workspace prints


def _rule_gives(peer: Finding, twin: dict, label=str) -> str:
    reported = peer.reported
    scale, decimals = 1 / reported["to_canonical"], int(reported["decimals"])
    return (f"{peer.metric} {label(peer.year)}{' ' + peer.segment if peer.segment else ''} (printed {reported['text']}, "
            f"{twin['description'].split(' (')[0]} it would be {number_text(twin['low'] * scale, decimals)})")


def _checked(finding: Finding, peers: list[Finding], label=str) -> list[dict]:
    """The finding's alternatives, each rounding rule checked against the table's reproduced figures."""
    out = []
    for entry in finding.alternatives:
        entry = dict(entry)
        contradicted = []
        if entry["description"] in ROUNDING:
            for peer in peers:
                twin = next((a for a in peer.alternatives if a["description"] == entry["description"]), None)
                if twin is not None and not twin["reproduces"]:
                    contradicted.append(_rule_gives(peer, twin, label))
        entry["contradicted_by"] = contradicted
        entry["consistent"] = not contradicted
        out.append(entry)
    return out


def _explained_text(finding: Finding, explaining: list[dict], contradicted: list[dict]) -> str:
    if explaining:
        text = f"; reproduced by: {explaining[0]['definition']}"
        if len(explaining) > 1:
            text += f"; also by: {'; '.join(a['definition'] for a in explaining[1:])}"
    else:
        text = "; no alternative definition reproduces it"
    for entry in contradicted:
        named = entry["contradicted_by"]
        more = f" and {len(named) - MAX_NAMED} more" if len(named) > MAX_NAMED else ""
        text += (f"; {entry['description']} would give it, but is contradicted by "
                 f"{', '.join(named[:MAX_NAMED])}{more}")
    return text


def rank_explanations(findings: list[Finding], shipped_descriptions: set[str], label=str) -> list[Finding]:
    """Reproductions with every alternative checked (``consistent``, ``contradicted_by``) and the consistent
    ones that reproduce ranked (``rank``); ``explanation`` lists them, best first, for a figure not reproduced."""
    tables: dict[tuple, list[Finding]] = {}
    for f in findings:
        if f.kind == "reproduction" and f.verdict == "reproduced":
            tables.setdefault(table_of(f), []).append(f)
    checked = {}
    for i, f in enumerate(findings):
        if f.kind == "reproduction" and f.alternatives:
            peers = [p for p in tables.get(table_of(f), []) if p is not f]
            checked[i] = _checked(f, peers, label)
    support = Counter()
    for i, entries in checked.items():
        if findings[i].verdict == "not_reproduced":
            for description in {a["description"] for a in entries if a["reproduces"] and a["consistent"]}:
                support[(findings[i].vintage, description)] += 1
    out = list(findings)
    for i, entries in checked.items():
        f = findings[i]
        printed = f.reported["value"]

        def key(entry):
            kind = _kind_rank(entry, shipped_descriptions)
            nearness = abs((entry["low"] + entry["high"]) / 2 - printed) / max(abs(printed), 1e-12)
            return (kind != 0, -support[(f.vintage, entry["description"])], kind, nearness)

        explaining = sorted((a for a in entries if a["reproduces"] and a["consistent"]), key=key)
        for rank, entry in enumerate(explaining, 1):
            entry["rank"] = rank
        explanation = tuple(a["definition"] for a in explaining) if f.verdict == "not_reproduced" else ()
        detail = f.detail
        if f.verdict == "not_reproduced":
            old = (f"; reproduced by: {'; '.join(f.explanation)}" if f.explanation
                   else "; no alternative definition reproduces it")
            contradicted = [a for a in entries if a["reproduces"] and not a["consistent"]]
            detail = detail.replace(old, _explained_text(f, explaining, contradicted), 1)
        out[i] = replace(f, alternatives=tuple(entries), explanation=explanation, detail=detail)
    return out
