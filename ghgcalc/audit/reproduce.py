"""Reproduction: a printed figure with a formula, recomputed from the report's own inputs.

Inputs are the report's printed figures (its own vintage first), or figures built from printed
parts (:mod:`ghgcalc.figures.resolve`), the derivation said in the finding. A segment's figure
whose inputs are printed only for the whole boundary is recomputed from those, and says so.
Money in another currency is converted through the FX table, and the finding names the rate.
"""

from __future__ import annotations

from dataclasses import replace

from ghgcalc.audit.counts import WHOLE, WHOLE_TEXT, nearest_whole, whole_hull
from ghgcalc.audit.evaluate import Context, evaluate, lookup
from ghgcalc.audit.vintages import restated_later
from ghgcalc.audit.explain import search
from ghgcalc.audit.findings import Finding, input_record, interval_of, label, number_text, reported_record, span_text
from ghgcalc.core.formula import parse_formula
from ghgcalc.core.intervals import Interval
from ghgcalc.errors import CurrencyError, UnitError
from ghgcalc.figures.precision import precision_text
from ghgcalc.figures.scopes import SCOPE2_METHODS


def reproduce_figure(record: dict, ctx: Context) -> Finding:
    """Recompute one printed figure from its formula's inputs; search for what explains it."""
    metric, year, segment, vintage = record["metric"], int(record["year"]), record["segment"], record["vintage"]
    formula = parse_formula(ctx.vocabulary.formula(metric))
    printed = interval_of(record)
    base = dict(kind="reproduction", metric=metric, year=year, segment=segment, vintage=vintage,
                unit=record["canonical_unit"], definition=formula.text, reported=reported_record(record))
    found = lookup(ctx, formula.metrics, year, segment, vintage)
    notes = []
    if segment and any(r is None for r in found.values()):
        whole = {m: r or ctx.resolver.get(m, year, "", vintage) for m, r in found.items()}
        if all(r is not None for r in whole.values()):
            notes.append(f"not printed for segment {segment}: "
                         f"{', '.join(m for m, r in found.items() if r is None)}; the whole boundary's figures are used")
            found = whole
    readings = _method_readings(ctx, formula, found, year, segment, vintage)
    if readings:
        tried = [(f.text, _reproduce(record, ctx, f, fd, [note, *notes], (), base)) for f, fd, note in readings]
        # the reading that reproduces the print, else one an alternative explains, else the nearest
        chosen = min((f for _, f in tried), key=lambda f: (f.verdict != "reproduced", not f.explanation,
                                                            f.distance if f.distance is not None else 0.0))
        scale, places = 1 / record["to_canonical"], int(record["decimals"]) + 3
        others = [f"{text} gives {span_text(f.recomputed * scale, places)}"
                  f" ({'reproduces it' if f.verdict == 'reproduced' else 'does not reproduce it'})"
                  for text, f in tried if f is not chosen and f.recomputed is not None]
        extra = "; " + "; ".join(others) if others else ""
        return replace(chosen, detail=chosen.detail + extra)
    assumptions = ()
    if any(r is None for r in found.values()):
        formula, found, assumptions = _partial_sums(ctx, formula, found, year, segment, vintage)
    return _reproduce(record, ctx, formula, found, notes, assumptions, base)


def _reproduce(record: dict, ctx: Context, formula, found: dict, notes: list, assumptions: tuple, base: dict) -> Finding:
    """The finding of one reading of a printed figure's formula over the figures found for its inputs."""
    printed = interval_of(record)
    year, segment = int(record["year"]), record["segment"]
    missing = tuple(label(m, ctx.label(year), segment) for m, r in found.items() if r is None)
    if missing:
        return Finding(verdict="not_checkable", missing=missing, detail=f"not printed in any table: {', '.join(missing)}", **base)
    notes = [f"assuming {a}" for a in assumptions] + notes
    try:
        result = evaluate(ctx, formula, record["canonical_unit"], found, year)
    except ZeroDivisionError:
        return Finding(verdict="not_checkable", detail="an input that is divided by could be zero at its printed precision", **base)
    except (CurrencyError, UnitError) as exc:
        return Finding(verdict="not_checkable", detail=str(exc), **base)
    notes += [r["derivation"] for r in found.values() if r.get("derivation")] + list(result.notes)
    recomputed, ok = result.value, result.value.overlaps(printed)
    tried = search(ctx, record, formula, printed, recomputed, found)
    explanation = tuple(a["definition"] for a in tried if a["reproduces"])
    implied = _implied_inputs(result, printed, found)
    scale = 1 / record["to_canonical"]
    places = int(record["decimals"]) + 3
    shown = f"{formula.text} = {number_text(result.face * scale, places)} {record['unit']}"
    declared = declared_text(record)
    printed_text = f"{record['text']}{', ' + declared if declared else ''}"
    if ok and printed.contains(result.face, tolerance=1e-12):
        detail = f"{shown}, which rounds to the printed {printed_text}"
    elif ok:  # the face value does not round to the print; only the inputs' precision reaches it
        detail = (f"{shown}, which does not round to the printed {printed_text}; within the inputs' printed precision "
                  f"it ranges {span_text(recomputed * scale, places)}, which reaches the printed "
                  f"{span_text(printed * scale, places - 2)}")
    else:
        detail = (f"{shown} ({span_text(recomputed * scale, places)}), printed {printed_text} "
                  f"({span_text(printed * scale, places - 2)}): apart by {number_text(recomputed.distance(printed) * scale, places)}")
        detail += f"; reproduced by: {'; '.join(explanation)}" if explanation else "; no alternative definition reproduces it"
        for item in implied:
            detail += f"; implied {item['metric']}: {item['shown']} (printed {item['printed_as']})"
            if item.get("whole") and item.get("whole_numbers") is None:
                detail += f", which holds no whole number{_nearest_text(item, record, scale)}"
    restated = tuple(item for r in found.values() for item in restated_later(ctx, r))
    notes += [f"depends on a figure restated later: {item['detail']}" for item in restated]
    if notes:
        detail += "; " + "; ".join(notes)
    return Finding(restated_inputs=restated, assumptions=assumptions, verdict="reproduced" if ok else "not_reproduced", recomputed=recomputed, explanation=explanation,
                   detail=detail, distance=None if ok else recomputed.distance(printed),
                   inputs=tuple(input_record(r) for r in found.values()), alternatives=tuple(tried),
                   implied=tuple(implied), **base)


def _method_readings(ctx: Context, formula, found: dict, year: int, segment: str, vintage: str) -> list:
    """A scope total without a Scope 2 method (scope12 in ``scope12 / revenue``) that the report prints only by
    method (scope12_market, or scope1 with scope2_location): one reading per method printed, each saying so.

    Why: such a formula does not say its method, so each method the report prints is a fair reading; the
    total is not "Scope 1 alone" because no method-less Scope 2 is printed."""
    absent = [m for m, r in found.items() if r is None and m in ctx.scopes and ctx.scopes[m].method is None
              and "2" in ctx.scopes[m].scopes]
    readings = []
    for method in SCOPE2_METHODS:
        chosen = {m: ctx.scopes.with_method(m, method) for m in absent}
        if not absent or any(v is None for v in chosen.values()):
            continue
        records = {v: ctx.resolver.get(v, year, segment, vintage) for v in chosen.values()}
        if any(r is None for r in records.values()):
            continue
        new = formula
        for metric, variant in chosen.items():
            new = new.substitute(metric, parse_formula(variant))
        reading = {m: r for m, r in found.items() if m not in chosen}
        reading.update(records)
        note = (f"{' and '.join(absent)} not printed without a Scope 2 method for {ctx.label(year)}: read as "
                f"{' and '.join(chosen.values())} ({method}-based)")
        readings.append((new, reading, note))
    return readings


def _partial_sums(ctx: Context, formula, found: dict, year: int, segment: str, vintage: str):
    """A sum not printed whose parts are printed only in part (Scope 1+2 where only Scope 2 is printed, Scope 1
    printed in no table for the year): the printed parts stand for it, and the assumption is stated."""
    assumptions = []
    for metric, record in list(found.items()):
        if record is not None:
            continue
        for definition in ctx.resolver.sums.get(metric, ()):
            parts = {m: ctx.resolver.get(m, year, segment, vintage) for m in definition.terms}
            present = [m for m, r in parts.items() if r is not None]
            absent = [m for m, r in parts.items() if r is None]
            if not present or any(ctx.index.printed_anywhere(m, year, segment) for m in absent):
                continue
            formula = formula.substitute(metric, parse_formula(" + ".join(present)))
            found = {m: r for m, r in found.items() if m != metric}
            found.update({m: parts[m] for m in present})
            assumptions.append(f"{' and '.join(absent)} not printed for {ctx.label(year)}: {metric} taken as "
                               f"{' + '.join(present)} alone")
            break
    return formula, found, tuple(assumptions)


def _implied_inputs(result, printed: Interval, found: dict) -> list[dict]:
    """For each input used once, the values that would give the printed figure (shown in the unit it was printed in)."""
    out = []
    bound = result.bound
    for metric, record in found.items():
        if bound.formula.metrics.count(metric) != 1:
            continue
        others = {m: v for m, v in result.values.items() if m != metric}
        try:
            implied = bound.solve(metric, printed, others)
        except (ZeroDivisionError, ValueError):
            continue
        scale = 1 / record["to_canonical"]
        whole = bool(record.get(WHOLE))
        decimals = max(1, int(record["decimals"])) + (2 if whole or record.get("precision") == "exact" else 0)
        declared = declared_text(record)
        item = {"metric": metric, "year": int(record["year"]), "low": implied.low, "high": implied.high,
                "unit": record["canonical_unit"], "printed": record["text"], "decimals": decimals,
                "printed_inside": implied.contains(record["value_c"]),
                "shown": f"{span_text(implied * scale, decimals)}",
                "printed_as": f"{record['text']}{', ' + declared if declared else ''}"}
        if whole:  # a count of persons: which whole numbers would give the print, and the nearest one's result
            hull = whole_hull(implied)
            nearest = nearest_whole(implied)
            item.update(whole=True, whole_numbers=None if hull is None else [hull.low, hull.high], nearest=nearest)
            try:
                if nearest is not None:
                    at = bound.evaluate({**others, metric: Interval(float(nearest), float(nearest))})
                    item["nearest_result"] = [at.low, at.high]
            except (ZeroDivisionError, ValueError, OverflowError):
                pass
        out.append(item)
    return out


def declared_text(record: dict) -> str:
    """What the printed number stands for, in words: a declared precision, or a whole number of persons."""
    declared = precision_text(record.get("precision", ""))
    return declared or (WHOLE_TEXT if record.get(WHOLE) else "")


def _nearest_text(item: dict, record: dict, scale: float) -> str:
    if "nearest_result" not in item:
        return ""
    at = Interval(*item["nearest_result"])
    return f" (the nearest, {item['nearest']:,}, gives {span_text(at * scale, int(record['decimals']) + 3)})"


def check_reproductions(figures, ctx: Context) -> list[Finding]:
    """Every printed figure whose metric has a formula that is not a plain sum."""
    out = []
    for record in figures.to_dict("records"):
        text = ctx.vocabulary.formula(record["metric"]).strip()
        if text and not parse_formula(text).terms:
            out.append(reproduce_figure(record, ctx))
    return out
