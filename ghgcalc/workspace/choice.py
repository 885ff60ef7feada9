"""One figure everywhere: which of a printed and a computed figure every command uses, and which prints fail.

Why here, below the audit and the targets: ``intensity``, ``report``, ``disclose``, ``gap`` and
the scenarios each looked figures up in their own order (a computed Scope 1+2 before the
printed Scope 1 and Scope 2 in one, the printed parts first in another), so one figure had two
values. They now all read :func:`used_figures`: for each metric, year and segment, the figures
of one provenance, chosen by ``[workspace] prefer``; a sum the other provenance holds is dropped
where one of its parts has a preferred figure, so every reader builds it from the same parts.

A printed figure that the activity data do not reproduce, or a printed total its own printed
parts do not add up to, keeps its place when printed figures are preferred, and carries the
reason in ``fails_audit`` so every output can say so. The check against the activity data is
the audit's (``ghgcalc.audit.against_activity`` words its finding with :func:`activity_verdict`);
the check against the parts is the identity check in its plainest form: a total and all its
parts printed in one vintage, for the vocabulary's sums and the sums a workspace declares in its
``identities.csv`` (the audit checks both).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Iterable

import pandas as pd

from ghgcalc.core.formula import parse_formula
from ghgcalc.core.intervals import Interval
from ghgcalc.core.percent import signed_percent_text
from ghgcalc.errors import CurrencyError, UnitError
from ghgcalc.figures.metrics import Vocabulary, bind_metric
from ghgcalc.figures.reported import COMPUTED, PRINTED_METRICS
from ghgcalc.workspace.config import DEFAULT_PREFER, PREFER_CHOICES

PRINTED = "printed"
KEYS = ["metric", "year", "segment"]
FAILS = "fails_audit"  # the column of the reason a printed figure fails the audit ("" when it does not)
RELATIVE_TOLERANCE = 1e-9  # float noise in sums of millions of lines, not a rounding allowance


def _number(value: float, decimals: int) -> str:
    return f"{value:,.{max(0, min(decimals, 10))}f}"


def activity_verdict(record: dict, computed_c: float) -> tuple[bool, str]:
    """Whether the activity data's value (canonical unit) lies in the printed interval, and the sentence saying so:
    the computed value and the difference one digit past the print, more only where fewer would show a value
    outside the printed interval as one of its bounds (:func:`comparison_places`)."""
    low, high = float(record["low_c"]), float(record["high_c"])
    slack = RELATIVE_TOLERANCE * max(abs(computed_c), abs(high), 1.0)
    ok = low - slack <= computed_c <= high + slack
    scale, decimals = 1 / record["to_canonical"], int(record["decimals"])
    places = comparison_places(computed_c * scale, low * scale, high * scale, decimals)
    shown = f"{_number(computed_c * scale, places)} {record['unit']}"
    if ok:
        return True, f"the activity data give {shown}, which rounds to the printed {record['text']}"
    difference = computed_c - float(record["value_c"])
    share = f" ({signed_percent_text(difference / record['value_c'])})" if record["value_c"] else ""
    return False, (f"the activity data give {shown}, printed {record['text']} {record['unit']} "
                   f"({_number(low * scale, decimals + 1)} to {_number(high * scale, decimals + 1)}): "
                   f"apart by {_number(difference * scale, places)}{share}")


def comparison_places(value: float, low: float, high: float, decimals: int) -> int:
    """The decimals to show ``value`` beside a figure printed with ``decimals`` whose interval is [low, high]: one
    more than the print (its bounds need that one), and more only where a value outside the interval would
    otherwise show as inside or on a bound (7,980.4649 beside 7,980.465 to 7,980.475 is 7,980.4649, not 7,980.465)."""
    for places in range(decimals + 1, decimals + 7):
        shown = round(value, max(0, min(places, 10)))
        if low <= value <= high or not low <= shown <= high:
            return places
    return decimals + 6


def failing_prints(figures: pd.DataFrame, vocabulary: Vocabulary, identities: Iterable = ()) -> dict[tuple, str]:
    """(metric, year, segment, vintage) -> the reason, for every printed figure that fails the audit.
    ``identities`` are the workspace's own (its identities.csv): a total they name is checked against its
    parts as the vocabulary's sums are."""
    printed = figures[figures["provenance"] != COMPUTED]
    if not len(printed):
        return {}
    out = _against_activity(printed, figures[figures["provenance"] == COMPUTED])
    for key, reason in _against_parts(printed, vocabulary, identities).items():
        out.setdefault(key, reason)
    for key, reason in _against_formula(printed, vocabulary).items():
        out.setdefault(key, reason)
    return out


def _against_activity(printed: pd.DataFrame, computed: pd.DataFrame) -> dict[tuple, str]:
    """Prints the activity data do not reproduce, unless a later vintage's print of the figure they do
    reproduce (a restatement, which the restatement check measures, not a wrong figure)."""
    if not len(computed):
        return {}
    twins = computed.drop_duplicates(KEYS).set_index(KEYS)["value_c"].to_dict()
    verdicts: dict[tuple, list[tuple[str, bool, str]]] = {}
    for record in printed.to_dict("records"):
        key = (record["metric"], int(record["year"]), record["segment"])
        if key in twins:
            ok, detail = activity_verdict(record, float(twins[key]))
            verdicts.setdefault(key, []).append((record["vintage"], ok, detail))
    return {(*key, vintage): detail for key, found in verdicts.items() if not any(ok for _, ok, _ in found)
            for vintage, ok, detail in found}


def _against_parts(printed: pd.DataFrame, vocabulary: Vocabulary, identities: Iterable = ()) -> dict[tuple, str]:
    """Printed totals that the parts printed beside them, in the same vintage, do not add up to."""
    out = {}
    index = {(r["metric"], int(r["year"]), r["segment"], r["vintage"]): r for r in printed.to_dict("records")}
    declared = _declared_sums(identities)
    for (metric, year, segment, vintage), total in index.items():
        for parts, absent_as_zero in _sums(vocabulary, metric) + declared.get(metric, []):
            found = [index.get((part, year, segment, vintage)) for part in parts]
            if absent_as_zero and any(f is not None for f in found):
                parts, found = zip(*[(p, f) for p, f in zip(parts, found) if f is not None])
            if any(f is None for f in found) or len({f["canonical_unit"] for f in [total, *found]}) != 1:
                continue
            added = Interval(sum(f["low_c"] for f in found), sum(f["high_c"] for f in found))
            if added.overlaps(Interval(total["low_c"], total["high_c"])):
                continue
            scale, decimals = 1 / total["to_canonical"], int(total["decimals"])
            face = sum(f["value_c"] for f in found)
            out[(metric, year, segment, vintage)] = (
                f"{' + '.join(parts)} = {' + '.join(_number(f['value_c'] * scale, decimals) for f in found)} = "
                f"{_number(face * scale, decimals)} against {metric} = {total['text']} {total['unit']} in {vintage}, "
                f"beyond rounding")
            break
    return out


def _against_formula(printed: pd.DataFrame, vocabulary: Vocabulary) -> dict[tuple, str]:
    """Printed ratios and shares (a formula that is not a plain sum) that the inputs printed beside them, in the
    same vintage, do not reproduce at their printed precision: the audit's reproduction in its plainest form
    (an input that is a sum not printed is built from its printed parts; nothing else is searched)."""
    out = {}
    index = {(r["metric"], int(r["year"]), r["segment"], r["vintage"]): r for r in printed.to_dict("records")}
    for (metric, year, segment, vintage), record in index.items():
        text = str(vocabulary.formula(metric) or "").strip() if metric in vocabulary else ""
        if not text or text == "nan" or _parsed(text).terms is not None:
            continue
        formula = _parsed(text)
        values = {m: _printed_or_sum(index, vocabulary, m, (year, segment, vintage)) for m in formula.metrics}
        if any(v is None for v in values.values()):
            continue
        try:
            found = bind_metric(vocabulary, metric, formula).evaluate(values)
        except (ZeroDivisionError, UnitError, CurrencyError, KeyError):
            continue
        shown = Interval(float(record["low_c"]), float(record["high_c"]))
        if found.overlaps(shown):
            continue
        scale, decimals = 1 / record["to_canonical"], int(record["decimals"])
        places = decimals + 2  # one digit past the print, and one more to show how far apart
        out[(metric, year, segment, vintage)] = (
            f"{formula.text} of the figures printed in {vintage} gives {_number(found.low * scale, places)} to "
            f"{_number(found.high * scale, places)}, printed {record['text']} {record['unit']} "
            f"({_number(shown.low * scale, decimals + 1)} to {_number(shown.high * scale, decimals + 1)}): "
            f"not reproduced")
    return out


def _printed_or_sum(index: dict, vocabulary: Vocabulary, metric: str, where: tuple) -> Interval | None:
    """A metric's printed interval (canonical unit), or the sum of its printed parts when it is a plain sum."""
    record = index.get((metric, *where))
    if record is not None:
        return Interval(float(record["low_c"]), float(record["high_c"]))
    for parts, _ in _sums(vocabulary, metric):
        found = [index.get((part, *where)) for part in parts]
        if found and all(f is not None for f in found) and len({f["canonical_unit"] for f in found}) == 1 \
                and found[0]["canonical_unit"] == vocabulary.unit(metric):
            return Interval(sum(f["low_c"] for f in found), sum(f["high_c"] for f in found))
    return None


def _sums(vocabulary: Vocabulary, metric: str) -> list[tuple[tuple[str, ...], bool]]:
    if metric not in vocabulary:
        return []
    text = str(vocabulary.formula(metric) or "").strip()
    terms = _parsed(text).terms if text and text != "nan" else None
    return [(tuple(terms), False)] if terms else []


def _declared_sums(identities: Iterable) -> dict[str, list[tuple[tuple[str, ...], bool]]]:
    """total metric -> (parts, absent_as_zero) for each identity of one total metric, a plain sum, in one year."""
    out: dict[str, list] = {}
    for rule in identities:
        target = rule.target if hasattr(rule.target, "metrics") else _parsed(str(rule.target))
        terms = rule.formula.terms
        if terms and rule.year_offset == 0 and target.metrics and target.text == target.metrics[0]:
            out.setdefault(target.text, []).append((tuple(terms), bool(rule.absent_as_zero)))
    return out


@lru_cache(maxsize=512)
def _parsed(text: str):
    return parse_formula(text, source="metrics.csv")


def _components(vocabulary: Vocabulary, metric: str, depth: int = 0) -> set[str]:
    """Every metric a metric's formula is made of, at any depth."""
    if metric not in vocabulary or depth > 4:
        return set()
    text = str(vocabulary.formula(metric) or "").strip()
    if not text or text == "nan":
        return set()
    found = set()
    for name in _parsed(text).metrics:
        found |= {name} | _components(vocabulary, name, depth + 1)
    return found


def used_figures(figures: pd.DataFrame, vocabulary: Vocabulary, prefer: str = DEFAULT_PREFER,
                 failures: dict[tuple, str] | None = None) -> pd.DataFrame:
    """The figures every command uses: per metric, year and segment, the ``prefer``-red provenance's where it has
    one; a figure of the other provenance is also left out where one of its parts has a preferred figure (Scope 1+2
    computed, Scope 1 printed), so that it is built from the parts every reader uses. ``fails_audit`` gives the
    reason a printed figure fails the audit (``failures``, :func:`failing_prints`), else ""."""
    if prefer not in PREFER_CHOICES:
        raise ValueError(f"prefer must be one of {', '.join(PREFER_CHOICES)}, not {prefer!r}")
    table = figures.copy()
    if not len(table):
        table[FAILS] = pd.Series(dtype=object)
        return table
    preferred = (table["provenance"] != COMPUTED) if prefer == PRINTED else (table["provenance"] == COMPUTED)
    have = set(zip(table.loc[preferred, "metric"], table.loc[preferred, "year"].astype(int),
                   table.loc[preferred, "segment"]))
    keep = []
    for is_preferred, metric, year, segment in zip(preferred, table["metric"], table["year"], table["segment"]):
        year = int(year)
        keep.append(is_preferred or ((metric, year, segment) not in have and not any(
            (part, year, segment) in have for part in _components(vocabulary, metric))))
    printed = frozenset(table.loc[table["provenance"] != COMPUTED, "metric"].astype(str))
    table = table[keep].reset_index(drop=True)
    # what the reports print, whichever figure is used: the Scope 2 method they print Scope 1+2 under is theirs
    table.attrs[PRINTED_METRICS] = printed
    failures = failures or {}
    table[FAILS] = [failures.get((m, int(y), s, v), "") if p != COMPUTED else ""
                    for m, y, s, v, p in zip(table["metric"], table["year"], table["segment"], table["vintage"],
                                             table["provenance"])]
    return table


def prefer_note(prefer: str, stated: bool) -> str:
    """The sentence outputs carry: which figure is used where the reports print one and the activity data compute it."""
    chosen = "the printed one" if prefer == PRINTED else "the one computed from the activity data"
    why = (f'[workspace] prefer = "{prefer}"' if stated else
           'the default: what a reader of the report saw; [workspace] prefer = "computed" chooses the other')
    return f"Where the reports print a figure the activity data also compute, {chosen} is used ({why})"


def fails_text(record: dict) -> str:
    """'printed 7,180 t CO2e (scope2_location FY2022/23); fails audit: <reason>' for a failing figure, else ''."""
    reason = record.get(FAILS)
    if not isinstance(reason, str) or not reason:
        return ""
    label = record.get("year_label") or record["year"]
    return f"printed {record['text']} {record['unit']} ({record['metric']} {label}); fails audit: {reason}"
