"""The sections of a target file besides its targets: metrics and figures it supplies, structural changes.

A target file may declare metrics the vocabulary lacks (``[metrics.NAME]``), figures the reported
tables lack (``[[figures]]``) and the structural changes that may call for a base-year
recalculation (``[[structural_changes]]``). Each section is checked here, every problem passed to
the caller's ``report`` so that the whole file's problems are listed at once.
"""

from __future__ import annotations

import pandas as pd

from ghgcalc.core import units
from ghgcalc.core.intervals import parse_printed
from ghgcalc.core.money_words import with_dollar
from ghgcalc.core.quantity import QuantityError, quantity_in
from ghgcalc.errors import did_you_mean
from ghgcalc.figures.metrics import VOCABULARY_COLUMNS, Vocabulary, standard_difference
from ghgcalc.figures.reported import money_currency
from ghgcalc.targets.definitions import StructuralChange


def parse_quantity(text, canonical: str, report, decimal: str = ".") -> float | None:
    """A quantity string ('-3,000 t CO2e'; '-3 000,5 t CO2e' under a decimal comma) as a number in ``canonical``
    units; problems go to ``report``."""
    try:
        return quantity_in(text, canonical, decimal=decimal)
    except QuantityError as exc:
        report(str(exc))
        return None


def unknown_metric(metric, vocabulary: Vocabulary) -> str:
    return (f"{metric!r} is not a known metric (known: ghgcalc's metrics.csv and any declared under [metrics])"
            f"{did_you_mean(metric, vocabulary.names)}")


# --- metrics and figures a target file supplies -----------------------------------------------

FIGURE_KEYS = ("metric", "year", "value", "unit", "segment", "source", "note")
METRIC_KEYS = ("unit", "definition", "formula")


def supplied_metrics(specs: dict, base: Vocabulary, *, report) -> Vocabulary:
    """The vocabulary plus metrics a target file declares ([metrics.NAME] with unit and definition),
    for figures the shipped vocabulary has no name for. ``report(name, key, message)`` gets problems."""
    rows = []
    for name, spec in specs.items():
        if not isinstance(spec, dict):
            report(name, None, "must be a table with unit and definition")
            continue
        for key in spec:
            if key not in METRIC_KEYS:
                report(name, key, f"unknown key{did_you_mean(key, METRIC_KEYS)}")
        try:
            units.parse_unit(str(spec.get("unit", "")))
        except units.UnitError as exc:
            report(name, "unit", str(exc))
            continue
        if name in base:
            difference = _difference(base, name, spec)
            if difference:
                report(name, None, f"{name!r} is already a metric of the vocabulary, and this one means something "
                       f"else: {difference}; give it its own name, or delete it to use the vocabulary's")
            continue  # the same metric declared again (once needed, now standard): nothing to add
        rows.append({"metric": name, "unit": spec["unit"], "definition": spec.get("definition", ""),
                     "formula": spec.get("formula", "")})
    if not rows:
        return base
    extra = pd.DataFrame(rows).reindex(columns=list(VOCABULARY_COLUMNS), fill_value="")
    return Vocabulary(pd.concat([base.table.reset_index(), extra], ignore_index=True).set_index("metric"))


def _difference(base: Vocabulary, name: str, spec: dict) -> str:
    formula = spec.get("formula", "")
    if not isinstance(formula, str):
        return f"formula {formula!r} is not text"
    try:
        return standard_difference(base, name, str(spec["unit"]), formula)
    except ValueError as exc:  # a formula that does not parse: FormulaSyntaxError, InputError
        return str(exc)


def supplied_figures(specs: list, vocabulary: Vocabulary, *, file: str, report, line_of,
                     decimal: str = ".") -> pd.DataFrame:
    """Figures the reported tables lack ([[figures]] in a target file), checked like a reported
    table's rows and returned with the same columns as ``read_reported``; vintage "supplied".

    ``report(index, key, message)`` receives each problem; ``line_of(index)`` gives an entry's line.
    """
    records = []
    for index, spec in enumerate(specs):
        for key in spec:
            if key not in FIGURE_KEYS:
                report(index, key, f"unknown key{did_you_mean(key, FIGURE_KEYS)}")
        metric, year, unit = str(spec.get("metric", "")), spec.get("year"), str(spec.get("unit", ""))
        if metric not in vocabulary:
            report(index, "metric", f"{metric!r} is not a known metric{did_you_mean(metric, vocabulary.names)}")
            continue
        if not isinstance(year, int):
            report(index, "year", f"{year!r} is not a year")
            continue
        try:
            if "$" in unit or "dollar" in unit.lower():  # "M$" as the reported tables read it: the workspace's dollar
                unit = with_dollar(unit, money_currency(vocabulary))
            value = spec.get("value", "")  # text as printed, in the workspace's number format; or a TOML number
            printed = parse_printed(value, decimal) if isinstance(value, str) else parse_printed(str(value))
            factor = units.conversion_factor(unit, vocabulary.unit(metric))
        except ValueError as exc:  # UnitError is a ValueError too
            report(index, "value" if "printed" in str(exc) else "unit", f"{exc} (metric {metric} is in {vocabulary.unit(metric)})")
            continue
        interval = printed.interval
        records.append({
            "file": file, "row": line_of(index), "vintage": "supplied", "metric": metric, "year": year,
            "segment": str(spec.get("segment", "")), "text": printed.text, "value": printed.value,
            "decimals": printed.decimals, "unit": unit, "low": interval.low, "high": interval.high,
            "canonical_unit": vocabulary.unit(metric), "to_canonical": factor, "value_c": printed.value * factor,
            "low_c": interval.low * factor, "high_c": interval.high * factor,
            "source": str(spec.get("source", "")), "note": str(spec.get("note", "")), "read_as": "",
        })
    return pd.DataFrame(records)



# --- structural changes ------------------------------------------------------------------

CHANGE_KINDS = ("acquisition", "merger", "insourcing", "divestment", "outsourcing", "new_segment",
                "methodology", "error_correction", "organic")
CHANGE_KEYS = ("year", "kind", "segment", "metric", "base_year_effect", "description", "quote")
CHANGE_SIGNS = {"acquisition": +1, "merger": +1, "insourcing": +1, "divestment": -1, "outsourcing": -1}


def read_structural_changes(specs: list, vocabulary, *, report, line_of) -> list[StructuralChange]:
    """The ``[[structural_changes]]`` of a target file, checked against GHG Protocol ch. 5.

    An acquisition (merger, insourcing) adds to base-year emissions and a divestment
    (outsourcing) removes from them, so their effects have fixed signs; organic growth
    never recalculates the base year, so it may not carry an effect; a ``new_segment``
    without an effect did not exist in the base year. ``report(index, key, message)``
    receives problems; ``line_of(index)`` gives an entry's line.
    """
    changes = []
    for index, spec in enumerate(specs):
        def bad(key, message, index=index):
            report(index, key, message)

        for key in spec:
            if key not in CHANGE_KEYS:
                bad(key, f"unknown key{did_you_mean(key, CHANGE_KEYS)}")
        kind, year = spec.get("kind"), spec.get("year")
        if kind not in CHANGE_KINDS:
            bad("kind", f"{kind!r} is not a kind of change{did_you_mean(kind, CHANGE_KINDS)}; kinds are "
                        f"{', '.join(CHANGE_KINDS)}")
            continue
        if not isinstance(year, int):
            bad("year", f"{year!r} is not a year")
            continue
        effect, metric = None, str(spec.get("metric", ""))
        if "base_year_effect" in spec:
            if kind == "organic":
                bad("base_year_effect", "organic growth or decline never recalculates the base year "
                                        "(GHG Protocol Corporate Standard, ch. 5); remove the effect")
                continue
            if metric not in vocabulary:
                bad("metric", "a base_year_effect needs the metric it changes: " + unknown_metric(metric, vocabulary))
                continue
            effect = parse_quantity(spec["base_year_effect"], vocabulary.unit(metric),
                                    lambda m: bad("base_year_effect", m))
            if effect is None:
                continue
            sign = CHANGE_SIGNS.get(kind)
            if sign is not None and effect * sign < 0:
                bad("base_year_effect", f"a {kind} {'adds to' if sign > 0 else 'removes from'} base-year emissions, "
                                        f"so its effect is {'positive' if sign > 0 else 'negative'}")
                continue
        elif kind not in ("new_segment", "organic"):
            bad(None, f"a {kind} needs base_year_effect: what it adds to or removes from base-year "
                      f"{metric or 'emissions'}")
            continue
        changes.append(StructuralChange(year, kind, str(spec.get("segment", "")), metric, effect,
                                        str(spec.get("description", "")), line_of(index)))
    return changes
