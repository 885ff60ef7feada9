"""Reproduction: a printed figure with a formula, recomputed from the report's own inputs.

Inputs are the report's printed figures (its own vintage first), or figures built from printed
parts (:mod:`ghgcalc.figures.resolve`), the derivation said in the finding. A segment's figure
whose inputs are printed only for the whole boundary is recomputed from those, and says so.
Money in another currency is converted through the FX table, and the finding names the rate.
"""

from __future__ import annotations

from ghgcalc.audit.evaluate import Context, evaluate, lookup
from ghgcalc.audit.explain import search
from ghgcalc.audit.findings import Finding, input_record, interval_of, label, number_text, reported_record, span_text
from ghgcalc.core.formula import parse_formula
from ghgcalc.core.intervals import Interval
from ghgcalc.errors import CurrencyError, UnitError
from ghgcalc.figures.precision import precision_text


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
    missing = tuple(label(m, ctx.label(year), segment) for m, r in found.items() if r is None)
    if missing:
        return Finding(verdict="not_checkable", missing=missing, detail=f"not printed in any table: {', '.join(missing)}", **base)
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
    declared = precision_text(record["precision"])
    printed_text = f"{record['text']}{', ' + declared if declared else ''}"
    if ok:
        detail = f"{shown}, which rounds to the printed {printed_text}"
        if explanation:
            detail += f"; also reproduced by: {'; '.join(explanation)}"
    else:
        detail = (f"{shown} ({span_text(recomputed * scale, places)}), printed {printed_text} "
                  f"({span_text(printed * scale, places - 2)}): apart by {number_text(recomputed.distance(printed) * scale, places)}")
        detail += f"; reproduced by: {'; '.join(explanation)}" if explanation else "; no alternative definition reproduces it"
        for item in implied:
            detail += f"; implied {item['metric']}: {item['shown']} (printed {item['printed_as']})"
    if notes:
        detail += "; " + "; ".join(notes)
    return Finding(verdict="reproduced" if ok else "not_reproduced", recomputed=recomputed, explanation=explanation,
                   detail=detail, distance=None if ok else recomputed.distance(printed),
                   inputs=tuple(input_record(r) for r in found.values()), alternatives=tuple(tried),
                   implied=tuple(implied), **base)


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
        decimals = max(1, int(record["decimals"])) + (2 if record.get("precision") == "exact" else 0)
        declared = precision_text(record.get("precision", ""))
        out.append({"metric": metric, "year": int(record["year"]), "low": implied.low, "high": implied.high,
                    "unit": record["canonical_unit"], "printed": record["text"], "decimals": decimals,
                    "printed_inside": implied.contains(record["value_c"]),
                    "shown": f"{span_text(implied * scale, decimals)}",
                    "printed_as": f"{record['text']}{', ' + declared if declared else ''}"})
    return out


def check_reproductions(figures, ctx: Context) -> list[Finding]:
    """Every printed figure whose metric has a formula that is not a plain sum."""
    out = []
    for record in figures.to_dict("records"):
        text = ctx.vocabulary.formula(record["metric"]).strip()
        if text and not parse_formula(text).terms:
            out.append(reproduce_figure(record, ctx))
    return out
