"""What else reproduces a printed figure: the search for the definition a report used.

Tried for every reproduced or unreproduced figure, whatever way its inputs were typed (printed,
built from printed parts, an inline formula):

- the shipped alternative definitions (another headcount, numerator, Scope 2 method, revenue year);
- every other denominator of the same kind the workspace prints (each headcount, each revenue);
- components rounded separately, at any depth of the numerator's sums;
- other rounding rules (half-even, truncation, rounding up);
- an input as printed in another vintage (an earlier or later report).
"""

from __future__ import annotations

import functools
import itertools
import math
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_EVEN, Decimal

from ghgcalc.core import units
from ghgcalc.core.formula import Formula, parse_formula
from ghgcalc.core.intervals import Interval, round_interval
from ghgcalc.errors import CurrencyError, UnitError
from ghgcalc.audit.evaluate import Context, evaluate, lookup
from ghgcalc.audit.vintages import other_prints, sum_of_parts, vintage_text

HEADCOUNTS = ("workforce_total", "workforce_fulltime")
MAX_FRONTIERS = 40
ROUNDING_RULES = {ROUND_HALF_EVEN: "rounded half to even", ROUND_FLOOR: "truncated (decimals cut off), not rounded",
                  ROUND_CEILING: "rounded up"}


def _entry(definition: str, description: str, formula: str, years: dict, value: Interval, reproduces: bool) -> dict:
    return {"definition": f"{definition} ({description})", "description": description, "formula": formula,
            "years": years, "low": value.low, "high": value.high, "reproduces": reproduces}


def _try(ctx: Context, record: dict, formula: Formula, years: dict | None = None, override: dict | None = None):
    """The interval of ``formula`` for the record's year and segment, or None if an input is missing."""
    year, segment, vintage = int(record["year"]), record["segment"], record["vintage"]
    found = lookup(ctx, formula.metrics, year, segment, vintage, years)
    found.update(override or {})
    if any(r is None for r in found.values()):
        return None
    try:
        return evaluate(ctx, formula, record["canonical_unit"], found, year)
    except (UnitError, ZeroDivisionError, CurrencyError):
        return None


def search(ctx: Context, record: dict, formula: Formula, printed: Interval, recomputed: Interval | None,
           inputs: dict) -> list[dict]:
    """Every alternative tried on one printed figure, each with whether it reproduces it."""
    tried: dict[str, dict] = {}

    def add(entry):
        if entry is not None and entry["definition"] not in tried:
            tried[entry["definition"]] = entry

    year = int(record["year"])
    for rule in ctx.alternatives:
        if rule.target not in formula.metrics:
            continue
        new = formula.substitute(rule.target, rule.formula)
        years = {m: year + (rule.year_offset if m in rule.formula.metrics else 0) for m in new.metrics}
        result = _try(ctx, record, new, years)
        if result is not None:
            shifted = [f"{m} of {ctx.label(y)}" for m, y in years.items() if y != year]
            definition = new.text + (f" with {', '.join(shifted)}" if shifted else "")
            add(_entry(definition, rule.description, new.text, years, result.value, result.value.overlaps(printed)))
    for entry in _other_denominators(ctx, record, formula, printed, {a["formula"] for a in tried.values()}):
        add(entry)
    for entry in _separately_rounded(ctx, record, formula):
        add(entry)
    if recomputed is not None:
        for entry in _rounding_rules(record, formula, recomputed):
            add(entry)
    for entry in _other_vintages(ctx, record, formula, printed, inputs):
        add(entry)
    for entry in _sums_of_parts(ctx, record, formula, printed, inputs):
        add(entry)
    for entry in _average_headcounts(ctx, record, formula, printed, inputs):
        add(entry)
    return list(tried.values())


def _average_headcounts(ctx: Context, record: dict, formula: Formula, printed: Interval, inputs: dict) -> list[dict]:
    """A headcount divided by, replaced by the average of the year-end headcounts of the year and the one before
    (GRI 2-7 lets a report state headcounts at year end or as an average over the period)."""
    out = []
    for metric in _denominator_metrics(formula) or ():
        used = inputs.get(metric)
        if used is None or not any(units.is_dimension(used["canonical_unit"], d) for d in ("person", "FTE")):
            continue
        year = int(used["year"])
        before = ctx.resolver.get(metric, year - 1, used["segment"], used["vintage"])
        if before is None or before["canonical_unit"] != used["canonical_unit"]:
            continue
        average = {**used, "low_c": (used["low_c"] + before["low_c"]) / 2, "high_c": (used["high_c"] + before["high_c"]) / 2,
                   "value_c": (used["value_c"] + before["value_c"]) / 2}
        result = _try(ctx, record, formula, override={**inputs, metric: average})
        if result is not None:
            shown = f"({before['text']} + {used['text']}) / 2"
            out.append(_entry(f"{formula.text} with {metric} the average of {ctx.label(year - 1)} and {ctx.label(year)}, "
                              f"{shown}", "average headcount instead of year-end", formula.text,
                              {metric: [year - 1, year]}, result.value, result.value.overlaps(printed)))
    return out


def _sums_of_parts(ctx: Context, record: dict, formula: Formula, printed: Interval, inputs: dict) -> list[dict]:
    """Each printed total used as an input, replaced by the sum of the parts the same report prints."""
    out = []
    for metric, used in inputs.items():
        if used.get("built_from"):
            continue
        total = sum_of_parts(ctx, metric, int(used["year"]), used["segment"], used["vintage"])
        if total is None or (total["low_c"], total["high_c"]) == (used["low_c"], used["high_c"]):
            continue
        result = _try(ctx, record, formula, override={**inputs, metric: total})
        if result is not None:
            out.append(_entry(f"{formula.text} with {metric} as {total['text']}",
                              "a total as the sum of its printed parts, not as printed", formula.text, {},
                              result.value, result.value.overlaps(printed)))
    return out


def _denominator_metrics(formula: Formula) -> list[str] | None:
    """The metrics of the denominator of a formula that is a division at its top, else None."""
    return None if formula.quotient is None else list(dict.fromkeys(formula.quotient[1].metrics))


@functools.lru_cache(maxsize=1024)
def _dimension(unit: str):
    return units.parse_unit(unit).dimensionality


def _other_denominators(ctx: Context, record, formula: Formula, printed: Interval, done: set) -> list[dict]:
    """Each input that counts people or money, replaced by every other headcount or revenue the workspace has."""
    if formula.quotient is None:
        return []
    out = []
    for metric in dict.fromkeys(formula.quotient[1].metrics):
        for candidate in _denominators(ctx, metric):
            new = formula.substitute(metric, parse_formula(candidate))
            if new.text in done:
                continue
            result = _try(ctx, record, new)
            if result is not None:
                out.append(_entry(new.text, f"{candidate} instead of {metric}", new.text, {}, result.value,
                                  result.value.overlaps(printed)))
    return out


def _denominators(ctx: Context, metric: str) -> tuple[str, ...]:
    """Every other headcount or revenue that could stand for ``metric`` in a denominator (none when it counts
    neither people nor money). Kept per audit: each printed ratio asks again for the same metric."""
    key = ("denominators", metric)
    if key not in ctx.memo:
        vocabulary = ctx.vocabulary
        unit = vocabulary.unit(metric)
        candidates = []
        if units.is_dimension(unit, "person") or units.is_dimension(unit, "FTE") or _currency_dimension(unit):
            candidates = [m for m in vocabulary.names if m != metric and _same_kind(vocabulary.unit(m), unit)
                          and (m in HEADCOUNTS or m in ctx.resolver.sums
                               or units.is_dimension(vocabulary.unit(m), "FTE") or _currency_dimension(unit))]
            candidates += [r.target.text for r in ctx.identities if len(r.target.metrics) > 1 and r.target.terms
                           and all(_same_kind(vocabulary.unit(m), unit) for m in r.target.metrics)]
        ctx.memo[key] = tuple(dict.fromkeys(candidates))
    return ctx.memo[key]


def _currency_dimension(unit: str) -> bool:
    return any(d.startswith("[currency_") for d in _dimension(unit))


def _same_kind(unit: str, other: str) -> bool:
    try:
        return _dimension(unit) == _dimension(other) or (
            _currency_dimension(unit) and _currency_dimension(other)
            and len(_dimension(unit)) == len(_dimension(other)) == 1)
    except UnitError:
        return False


def _parts(ctx: Context, part: Formula, record: dict, depth: int = 0) -> list[list[str]]:
    """Ways to split a numerator into parts added together: itself, or its terms, each split again."""
    ways = [[part.text]]
    if depth > 3:
        return ways
    options = []
    if part.addends is not None:
        options.append(list(part.addends))
    elif part.name is not None:
        year, segment, vintage = int(record["year"]), record["segment"], record["vintage"]
        for definition in ctx.resolver.sums.get(part.name, ()):
            if all(ctx.resolver.get(m, year, segment, vintage) is not None for m in definition.terms):
                options.append([parse_formula(m) for m in definition.terms])
    for children in options:
        for combination in itertools.product(*[_parts(ctx, child, record, depth + 1) for child in children]):
            ways.append([piece for part in combination for piece in part])
            if len(ways) > MAX_FRONTIERS:
                return ways
    return ways


def _separately_rounded(ctx: Context, record: dict, formula: Formula) -> list[dict]:
    """``(a + b) / x`` printed as round(a / x) + round(b / x), the parts at any depth of the numerator's sums."""
    if formula.quotient is None or record["precision"] == "exact":
        return []
    numerator, denominator = formula.quotient
    rest, scale = denominator.text, 1 / record["to_canonical"]
    step = record["high"] - record["low"]
    decimals = int(record["decimals"]) if not record["precision"] else -round(math.log10(step)) if step > 0 else 0
    out, seen = [], set()
    for parts in _parts(ctx, numerator, record)[1:]:
        key = tuple(sorted(parts))
        if key in seen or len(parts) < 2:
            continue
        seen.add(key)
        low = high = 0.0
        for part in parts:
            result = _try(ctx, record, parse_formula(f"({part}) / ({rest})"))
            if result is None:
                break
            rounded = round_interval(result.value * scale, decimals)
            low, high = low + rounded.low, high + rounded.high
        else:
            reproduces = low - 1e-9 * abs(low) <= record["value"] <= high + 1e-9 * abs(high)
            text = " + ".join(f"round({p} / {rest})" for p in parts)
            out.append(_entry(text, "components rounded separately, then added", text, {},
                              Interval(low / scale, high / scale), reproduces))
    return out


def _rounding_rules(record: dict, formula: Formula, recomputed: Interval) -> list[dict]:
    """The printed figure as the recomputed one rounded half-even, truncated or rounded up instead of half-up."""
    step = record["high"] - record["low"]
    if step <= 0:
        return []
    scale = 1 / record["to_canonical"]
    quantum = Decimal(repr(step)).normalize()
    out = []
    for rule, description in ROUNDING_RULES.items():
        def rounded(x):
            return float((Decimal(repr(x)) / quantum).quantize(Decimal(1), rounding=rule) * quantum)
        low, high = rounded(recomputed.low * scale), rounded(recomputed.high * scale)
        reproduces = low - 1e-9 * abs(low) <= record["value"] <= high + 1e-9 * abs(high)
        out.append(_entry(formula.text, description, formula.text, {}, Interval(low / scale, high / scale), reproduces))
    return out


def _other_vintages(ctx: Context, record: dict, formula: Formula, printed: Interval, inputs: dict) -> list[dict]:
    """Each input as another report (vintage) printed it, or built it from its own printed parts."""
    out = []
    kind = "intensity" if _denominator_metrics(formula) is not None else "figure"
    for metric, used in inputs.items():
        for vintage, other in other_prints(ctx, metric, int(used["year"]), used["segment"], used):
            result = _try(ctx, record, formula, override={**inputs, metric: other})
            if result is None:
                continue
            what, restated = vintage_text(vintage, other, used, ctx)
            if restated:  # said as the finding: which input, restated by how much, and what it means
                entry = _entry(f"{formula.text} with {what}", f"an input restated later: the {kind} was not updated",
                               formula.text, {}, result.value, result.value.overlaps(printed))
                entry["definition"] = f"{formula.text} with {what}: the {kind} was not updated"
            else:
                entry = _entry(f"{formula.text} with {metric} as printed in {vintage} ({other['text']})",
                               f"{metric} from another report ({vintage})", formula.text, {}, result.value,
                               result.value.overlaps(printed))
            out.append({**entry, "vintage": vintage, "restated": restated})
    return out
