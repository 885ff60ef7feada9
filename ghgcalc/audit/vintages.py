"""Figures as one report (vintage) printed them, and the inputs a later report restated.

Why: a later report that restates Scope 1 for an earlier year and reprints that year's intensity
unchanged has not updated the intensity; it reproduces only with the earlier report's Scope 1,
and every figure printed with the earlier Scope 1 depends on a figure restated since. Both
questions need each input as every vintage printed it, also an input built from printed parts
(Scope 1+2 from Scope 1 and Scope 2), so a vintage is read on its own: a :class:`Resolver` over
that vintage's figures only.
"""

from __future__ import annotations

from ghgcalc.audit.findings import interval_of, number_text
from ghgcalc.figures.resolve import Resolver
from ghgcalc.core.percent import to_percent


class VintageView:
    """The figures of one vintage, with the look-up a :class:`Resolver` asks of a FigureIndex."""

    def __init__(self, index, vintage: str):
        self.index, self.vintage = index, vintage

    def get(self, metric: str, year: int, segment: str = "", prefer: str | None = None) -> dict | None:
        return self.index.in_vintage(self.vintage, metric, year, segment)


def vintage_resolver(ctx, vintage: str, from_parts_only: bool = False) -> Resolver:
    """A resolver that reads ``vintage`` alone; ``from_parts_only`` builds sums from their parts, never a part
    from its total (an identity checked with a component built from its own total would hold by construction)."""
    cache = ctx.__dict__.setdefault("_vintage_resolvers", {})
    key = (vintage, from_parts_only)
    if key not in cache:
        resolver = Resolver(VintageView(ctx.index, vintage), ctx.resolver.sums)
        if from_parts_only:
            resolver.part_of = {}
        cache[key] = resolver
    return cache[key]


def printed_parts(record: dict) -> list[dict]:
    """The printed figures a record stands on: itself, or the parts it was built from (at any depth)."""
    if not record.get("built_from"):
        return [record]
    return [part for built in record["built_from"] for part in printed_parts(built)]


def newer(ctx, vintage: str, than: str) -> bool:
    """Whether ``vintage`` is a later report than ``than`` (vintages are ordered newest first)."""
    order = ctx.index.vintages
    return vintage in order and than in order and order.index(vintage) < order.index(than)


def change_percent(earlier: dict, later: dict) -> float | None:
    return None if not earlier["value_c"] else to_percent((later["value_c"] - earlier["value_c"]) / earlier["value_c"])


def restated_later(ctx, record: dict) -> list[dict]:
    """Each printed part of ``record`` that a later vintage prints differently (beyond both precisions)."""
    out = []
    for part in printed_parts(record):
        for other in ctx.index.all(part["metric"], int(part["year"]), part["segment"]):
            if newer(ctx, other["vintage"], part["vintage"]) and not interval_of(other).overlaps(interval_of(part)):
                percent = change_percent(part, other)
                out.append({"metric": part["metric"], "year": int(part["year"]), "segment": part["segment"],
                            "vintage": part["vintage"], "text": part["text"], "later_vintage": other["vintage"],
                            "later_text": other["text"], "change_percent": percent,
                            "detail": f"{part['metric']} {ctx.label(int(part['year']))} as printed in {part['vintage']} "
                                      f"({part['text']}) is restated in {other['vintage']} ({other['text']}"
                                      + (f", {percent:+.2f} %" if percent is not None else "") + ")"})
                break  # the first (newest) later print is enough
    return out


def other_prints(ctx, metric: str, year: int, segment: str, used: dict) -> list[tuple[str, dict]]:
    """``metric`` as each other vintage prints it or builds it from its own parts, when that differs from ``used``."""
    out, seen = [], {(used["low_c"], used["high_c"])}
    for vintage in ctx.index.vintages:
        if vintage == used["vintage"]:
            continue
        other = vintage_resolver(ctx, vintage).get(metric, year, segment)
        if other is None or (other["low_c"], other["high_c"]) in seen:
            continue
        seen.add((other["low_c"], other["high_c"]))
        out.append((vintage, other))
    return out


def differing_parts(used: dict, other: dict) -> list[tuple[dict, dict]]:
    """The printed parts of ``other`` that differ from the same parts of ``used``: (other's part, used's part)."""
    mine = {(p["metric"], int(p["year"]), p["segment"]): p for p in printed_parts(used)}
    out = []
    for part in printed_parts(other):
        counterpart = mine.get((part["metric"], int(part["year"]), part["segment"]))
        if counterpart is None or (counterpart["low_c"], counterpart["high_c"]) != (part["low_c"], part["high_c"]):
            out.append((part, counterpart))
    return out


def vintage_text(vintage: str, other: dict, used: dict, ctx) -> tuple[str, bool]:
    """In words, which inputs come from ``vintage``; and whether a later report restated one of them."""
    pieces, restated = [], False
    for part, counterpart in differing_parts(used, other) or [(other, used)]:
        text = f"the {vintage} {part['metric']} ({part['text']})"
        if (counterpart is not None and newer(ctx, counterpart["vintage"], vintage)
                and not interval_of(counterpart).overlaps(interval_of(part))):
            percent = change_percent(part, counterpart)
            shown = f"{percent:+.2f} %" if percent is not None else f"to {number_text(counterpart['value_c'])}"
            text = f"the {vintage} {part['metric']} ({part['text']}; restated later by {shown})"
            restated = True
        pieces.append(text)
    return " and ".join(pieces), restated


def sum_of_parts(ctx, metric: str, year: int, segment: str, vintage: str) -> dict | None:
    """``metric`` as the sum of the parts ``vintage`` prints (or builds), even where it prints the total itself."""
    built = vintage_resolver(ctx, vintage, from_parts_only=True)
    for formula in ctx.resolver.sums.get(metric, ()):
        parts = [built.get(m, year, segment) for m in formula.terms]
        if any(p is None for p in parts) or len({p["canonical_unit"] for p in parts}) != 1:
            continue
        value = sum(p["value_c"] for p in parts)
        shown = " + ".join(p["text"] for p in parts)
        return {"metric": metric, "year": year, "segment": segment, "vintage": vintage, "canonical_unit":
                parts[0]["canonical_unit"], "low_c": sum(p["low_c"] for p in parts),
                "high_c": sum(p["high_c"] for p in parts), "value_c": value, "built_from": tuple(parts),
                "text": f"{formula.text} = {shown}", "built_as": formula.text}
    return None
