"""Intensities: emissions or energy per unit of revenue or per person, as intervals.

Definitions followed:

- ESRS E1-6, paragraphs 53-55 (GHG intensity per net revenue): total GHG emissions
  (Scopes 1, 2 and 3, with Scope 2 location-based and market-based given separately)
  in t CO2e per unit of net revenue, in a monetary unit the report states.
- GRI 305-4 (GHG emissions intensity): any organisation-specific denominator (revenue,
  employees, floor area); the report says which scopes are in the numerator.

So the numerator is any scope combination (``S1``, ``S2-location``, ``S1+2``,
``S1+2+3-market`` ...), a metric (``energy_total``) or a formula over metrics; the
denominator is revenue in any currency and scale (per RMB million, per 万 RMB, per USD
million through a dated FX table: :mod:`ghgcalc.figures.money`) or a headcount the user names
(``workforce_total``, ``workforce_fulltime``, a company metric in FTE). Inputs that are
printed figures are intervals, so results are intervals: an intensity never claims more
precision than the figures it comes from.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterable, Mapping, Sequence

import pandas as pd

from ghgcalc.core import units
from ghgcalc.core.money_words import with_dollar
from ghgcalc.errors import ConfigError, CurrencyError, UnitError, did_you_mean
from ghgcalc.core.formula import Formula, bind_units, parse_formula
from ghgcalc.core.intervals import ROUNDING_RULE, Interval, round_half_up, show_digits
from ghgcalc.figures.money import FxTable, currency_of, load_fx, money_factor
from ghgcalc.figures.reported import COMPUTED, FigureIndex
from ghgcalc.figures.resolve import Resolver, sum_definitions
from ghgcalc.figures.metrics import Vocabulary
from ghgcalc.figures.scopes import scope_structure
from ghgcalc.workspace.choice import fails_text
from ghgcalc.workspace.opened import OpenWorkspace, open_workspace

REVENUE = "revenue"
HEADCOUNT_DIMENSIONS = ("person", "FTE")


@dataclass(frozen=True)
class Intensity:
    """One year's intensity: the interval, the face value, and what went into it."""

    year: int
    numerator: str  # the definition used, e.g. "scope1 + scope2"
    numerator_value: Interval
    numerator_unit: str
    denominator: str
    denominator_value: Interval
    denominator_unit: str
    value: Interval
    face_value: float  # computed from the figures' printed values
    unit: str
    inputs: tuple[str, ...]  # "esg-2023.csv row 14: scope12 2023 = 116,722.56 t CO2e"
    fx_note: str = ""
    year_label: str = ""  # the year as printed (FY2017/18) where it is not the calendar year
    fails_audit: tuple[str, ...] = ()  # each printed input the audit finds wrong, with the reason
    printed_as: str = ""  # the printed ratio metric that is the figure (ghg_market_per_revenue), "" when built from parts
    from_parts: float | None = None  # with a printed ratio: its parts' ratio (face value, same unit), what audit checks
    printed_decimals: int | None = None  # a printed ratio's decimals in this unit (None: not printed, or not a power of ten)

    def rounded(self, decimals: int) -> float:
        """The face value rounded half-up, as a report would print it."""
        return round_half_up(self.face_value, decimals)


def intensity(numerator: Interval | float, numerator_unit: str, denominator: Interval | float, denominator_unit: str,
              per: str, *, period=None, fx: FxTable | None = None) -> Interval:
    """``numerator / denominator`` expressed in ``numerator_unit`` per ``per``.

    ``per`` is a unit of the denominator's kind: "million RMB", "万 RMB", "USD million",
    "person". A currency other than the denominator's needs ``fx`` and ``period``.
    """
    numerator = _interval(numerator)
    denominator = _interval(denominator)
    factor = money_factor(f"{numerator_unit} / ({denominator_unit})", f"{numerator_unit} / ({per})", period, fx)
    return numerator / denominator * factor


def per_revenue(numerator, numerator_unit: str, revenue, revenue_unit: str, per: str | None = None, *,
                year=None, fx: FxTable | None = None) -> Interval:
    """Intensity per unit of revenue (ESRS E1-6 paragraph 53; GRI 305-4), per ``per`` (the revenue's unit without it)."""
    per = per or revenue_unit
    for unit in (revenue_unit, per):
        if currency_of(unit) is None:
            raise UnitError(f"{unit!r} is not an amount of money (e.g. 'million RMB', '万 RMB', 'USD million')")
    return intensity(numerator, numerator_unit, revenue, revenue_unit, per, period=year, fx=fx)


def per_capita(numerator, numerator_unit: str, headcount, headcount_unit: str = "person", per: str | None = None) -> Interval:
    """Intensity per person (or per FTE): GRI 305-4 with headcount as the denominator."""
    return intensity(numerator, numerator_unit, headcount, headcount_unit, per or headcount_unit)


def _per(numerator_unit: str, per: str) -> str:
    """The intensity's unit, with parentheses only where a scale needs them: t CO2e / (million RMB), MWh / person."""
    return f"{numerator_unit} / ({per})" if " " in per.strip() else f"{numerator_unit} / {per.strip()}"


def _interval(value) -> Interval:
    return value if isinstance(value, Interval) else Interval.exact(float(value))


def numerator_definitions(numerator: str, vocabulary: Vocabulary) -> tuple[tuple[Formula, ...], ...]:
    """The definitions a numerator stands for, in the order tried: each one formula, or a pair
    of formulas (Scope 2 location- and market-based) that are shown side by side."""
    combinations = scope_structure(vocabulary).combinations()  # e.g. S1+2: scope12, scope1 + scope2, the pair
    written = {_combination_key(label): label for label in combinations}  # 'S1 + S2', 's1+2' as 'S1+2' is
    alternatives = combinations.get(written.get(_combination_key(numerator), numerator.strip()), ((numerator,),))
    definitions = tuple(tuple(parse_formula(t, source="--numerator", column=None) for t in texts)
                        for texts in alternatives)
    for formula in (f for alternative in definitions for f in alternative):
        for name in formula.metrics:
            if name not in vocabulary:
                if _combination_key(name) in written:  # 'S1' inside a formula: a combination stands alone
                    metric = combinations[written[_combination_key(name)]][0][0]
                    raise ConfigError(f"numerator {numerator!r}: {name!r} is a scope combination, a numerator on its "
                                      f"own; in a formula write metrics ({metric} ...), or one combination "
                                      f"(combinations: {', '.join(combinations)})")
                hint = did_you_mean(name, list(vocabulary.names) + list(combinations))
                raise ConfigError(f"numerator {numerator!r}: {name!r} is not a metric or scope combination{hint} "
                                  f"(combinations: {', '.join(combinations)})")
        if not formula.metrics:
            raise ConfigError(f"numerator {numerator!r} names no metric")
    return definitions


def _combination_key(text: str) -> str:
    """A scope combination as typed, compared without spaces, case or a repeated S: 'S1 + S2' is 'S1+2'."""
    return re.sub(r"\+S", "+", re.sub(r"\s+", "", text).upper())


def _describe(record: Mapping) -> str:
    segment = f" ({record['segment']})" if record["segment"] else ""
    if record.get("derivation"):
        return record["derivation"] + segment
    where = (f"computed from {record['file']}" if record.get("provenance") == COMPUTED
             else f"{record['file']} row {record['row']}")
    label = record.get("year_label") if isinstance(record.get("year_label"), str) else record["year"]
    return f"{where}: {record['metric']} {label}{segment} = {record['text']} {record['unit']}"


def compute_intensities(figures: pd.DataFrame, vocabulary: Vocabulary, numerator: str = "S1+2", per: str = "revenue", *,
                        currency: str | None = None, headcount: str = "workforce_total", fx: FxTable | None = None,
                        years: Iterable[int] | None = None, segment: str = "", vintage: str | None = None,
                        identities: Iterable = (), printed_ratios: bool = False) -> list[Intensity]:
    """Intensities for every year in which the numerator and denominator are printed.

    ``figures`` is a reported table (:func:`ghgcalc.figures.reported.read_reported`); each input
    comes from ``vintage`` if it prints it, else from the newest vintage that does.
    ``per`` is "revenue" (in ``currency``: "million RMB", "万 RMB", "USD million") or
    "capita" (``headcount`` names the metric: workforce_total, workforce_fulltime ...); ``currency`` None is
    the revenue's own currency and scale, as printed. A figure not printed is built from printed parts
    (:mod:`ghgcalc.figures.resolve`; ``identities`` add the workspace's sums), as the audit builds it.
    ``printed_ratios``: where ``figures`` hold the intensity itself (ghg_market_per_revenue), it is the figure and the
    ratio of its parts is kept beside it (the command reads the table every command uses); else the ratio of the parts.
    """
    definitions = numerator_definitions(numerator, vocabulary)
    if per == "revenue":
        denominator, per_unit = REVENUE, currency
        money = currency_of(currency) if currency is not None else ("", 1)
        if money is None or money[1] != 1:
            try:
                units.parse_unit(currency)
                why = ""
            except UnitError as exc:  # name the word that is not understood ('億 JPX': 'JPX' is unknown)
                why = f" ({exc})"
            raise ConfigError(f"currency {currency!r} is not an amount of money{why}; write e.g. 'million EUR', "
                              f"'億円', '万 RMB', 'USD million'")
    elif per == "capita":
        if headcount not in vocabulary:
            raise ConfigError(f"headcount {headcount!r} is not a metric{did_you_mean(headcount, vocabulary.names)}")
        unit = vocabulary.unit(headcount)
        if not any(units.is_dimension(unit, d) for d in HEADCOUNT_DIMENSIONS):
            raise ConfigError(f"headcount {headcount!r} is in {unit}, not a number of persons or FTE")
        denominator, per_unit = headcount, unit
    else:
        raise ConfigError(f"per must be 'revenue' or 'capita', not {per!r}")
    index = Resolver(FigureIndex(figures), sum_definitions(vocabulary, identities))
    # a segment's emissions per the group's revenue is not a segment's printed intensity: whole boundary only
    ratios = ratio_metrics(vocabulary, denominator) if printed_ratios and not (per == "revenue" and segment) else {}
    wanted = sorted(set(int(y) for y in figures["year"])) if years is None else sorted(set(years))
    results = []
    for year in wanted:
        den = index.get(denominator, year, "" if per == "revenue" else segment, vintage)
        if den is None:
            continue
        for alternative in definitions:
            rows = [_intensity_row(formula, index, year, segment, vintage, den, denominator,
                                   per_unit or den["canonical_unit"], vocabulary, fx, ratios)
                    for formula in alternative]
            rows = [row for row in rows if row is not None]
            if rows:
                results.extend(rows)
                break
    return results


def ratio_metrics(vocabulary: Vocabulary, denominator: str) -> dict[tuple[str, ...], str]:
    """The metrics defined as a sum divided by ``denominator`` (ghg_market_per_revenue = scope12_market / revenue), by
    the metrics the sum adds, sorted: ('scope1', 'scope2_market') and ('scope12_market',) both name that ratio."""
    out: dict[tuple[str, ...], str] = {}
    for name in vocabulary.names:
        text = vocabulary.formula(name).strip()
        quotient = parse_formula(text, source="metrics.csv", column=None).quotient if text else None
        if quotient is None or quotient[1].name != denominator or quotient[0].terms is None:
            continue
        top = quotient[0]
        out.setdefault(tuple(sorted(top.terms)), name)
        if len(top.terms) == 1 and top.terms[0] in vocabulary:  # a total with its own sum: its parts too
            inner = vocabulary.formula(top.terms[0]).strip()
            terms = parse_formula(inner, source="metrics.csv", column=None).terms if inner else None
            if terms:
                out.setdefault(tuple(sorted(terms)), name)
    return out


def _intensity_row(formula: Formula, index: Resolver, year: int, segment: str, vintage: str | None, den: dict,
                   denominator: str, per_unit: str, vocabulary: Vocabulary, fx: FxTable | None,
                   ratios: Mapping[tuple[str, ...], str] = {}) -> Intensity | None:
    """One year's intensity under one definition, or None when a figure it needs is missing. Where the ratio itself
    is in the table of figures (printed, and chosen by ``[workspace] prefer``), it is the figure, with its printed
    precision; the ratio of the parts is kept beside it as what the audit checks it against."""
    found = {m: index.get(m, year, segment, vintage) for m in formula.metrics}
    if any(r is None for r in found.values()):
        return None
    num_unit = found[formula.metrics[0]]["canonical_unit"]
    bound = bind_units(formula, {m: r["canonical_unit"] for m, r in found.items()}, num_unit)
    num = bound.evaluate({m: Interval(r["low_c"], r["high_c"]) for m, r in found.items()})
    face = bound.evaluate({m: r["value_c"] for m, r in found.items()}).mid
    den_unit = den["canonical_unit"]
    den_interval = Interval(den["low_c"], den["high_c"])
    value = intensity(num, num_unit, den_interval, den_unit, per_unit, period=year, fx=fx)
    face_value = intensity(face, num_unit, den["value_c"], den_unit, per_unit, period=year, fx=fx).mid
    fx_note = _fx_note(den_unit, per_unit, year, fx)
    single = found[formula.metrics[0]] if formula.text == formula.metrics[0] else {}
    row = Intensity(
        year=year, numerator=single.get("built_as") or formula.text, numerator_value=num, numerator_unit=num_unit,
        denominator=denominator, denominator_value=den_interval, denominator_unit=den_unit,
        value=value, face_value=face_value, unit=_per(num_unit, per_unit),
        inputs=tuple(_describe(r) for r in [*found.values(), den]), fx_note=fx_note,
        year_label=_label(den, year), fails_audit=_failing([*found.values(), den]))
    name = ratios.get(tuple(sorted(formula.terms))) if formula.terms else None
    ratio = index.index.get(name, year, segment, vintage) if name else None
    if ratio is None:
        return row
    try:
        factor = money_factor(ratio["canonical_unit"], f"{num_unit} / ({per_unit})", year, fx)
    except (UnitError, CurrencyError):  # printed in a currency the table of rates cannot bring to the one asked
        return row
    return replace(row, value=Interval(ratio["low_c"], ratio["high_c"]) * factor, face_value=ratio["value_c"] * factor,
                   inputs=(_describe(ratio), *row.inputs), printed_as=name, from_parts=face_value,
                   fx_note=_fx_note(ratio["canonical_unit"], per_unit, year, fx),
                   fails_audit=tuple(dict.fromkeys(_failing([ratio]) + row.fails_audit)),
                   printed_decimals=_decimals_in(ratio, f"{num_unit} / ({per_unit})", year, fx))


def _decimals_in(record: Mapping, unit: str, year: int, fx: FxTable | None) -> int | None:
    """The decimals a printed figure keeps in ``unit``: its own where it is printed in that unit (10.43 t CO2e / 億円),
    two more per hundredfold smaller unit (0.1043 t CO2e / 百万円); None where the units are not a power of ten
    apart (another currency) or the figure has no printed decimals."""
    decimals = record.get("decimals")
    if decimals is None or decimals != decimals:
        return None
    try:
        shift = math.log10(money_factor(record["unit"], unit, year, fx))
    except (UnitError, CurrencyError, ValueError):
        return None
    if abs(shift - round(shift)) > 1e-9:
        return None
    return max(0, int(decimals) - round(shift))


def _fx_note(unit: str, per_unit: str, year: int, fx: FxTable | None) -> str:
    """The rate that brought money in ``unit`` to ``per_unit``'s currency, and its row; "" where none did."""
    src, dst = currency_of(unit), currency_of(per_unit)
    if not (src and dst and src[0] != dst[0] and fx is not None):
        return ""
    rate, row = fx.rate(src[0], dst[0], year)
    return f"1 {src[0]} = {show_digits(rate)} {dst[0]} ({row.lineage})"


def _failing(records: Iterable[Mapping]) -> tuple[str, ...]:
    """The inputs (and the parts a built input was built from) that fail the audit, each once."""
    out = []
    for record in records:
        out += [fails_text(record)] + list(_failing(record.get("built_from") or ()))
    return tuple(dict.fromkeys(text for text in out if text))


def _label(figure: Mapping, year: int) -> str:
    """The year as the report prints it (FY2023/24), or "" when that is the plain year."""
    label = figure.get("year_label")
    return label if isinstance(label, str) and label not in ("", str(year)) else ""


def intensities_frame(results: Iterable[Intensity], decimals: int | None = None) -> pd.DataFrame:
    """One row per year: definition, the interval, the face value (and rounded, if asked)."""
    rows = []
    for r in results:
        row = {"year": r.year_label or r.year, "numerator": r.numerator, "denominator": r.denominator,
               "low": r.value.low, "high": r.value.high, "value": r.face_value, "unit": r.unit}
        if decimals is not None:
            row["rounded"] = f"{r.rounded(decimals):.{decimals}f}"
        rows.append(row)
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class IntensityReport:
    """One intensity definition computed year by year for a workspace: what ``ghgcalc intensity`` prints."""

    name: str
    numerator: str  # as asked: a scope combination, a metric or a formula
    per: str  # "revenue" or "capita"
    denominator: str  # in words: "revenue in million RMB", or the headcount metric
    results: tuple[Intensity, ...]
    decimals: int | None = None  # also show the face value rounded half-up to this many decimals
    rounding_rule: str = ROUNDING_RULE
    prefer_note: str = ""  # which figure is used where printed and computed both exist, and why

    @property
    def title(self) -> str:
        return (f"{self.name}: {self.numerator} per {self.denominator}; "
                "intervals from the printed precision (half-up)")

    @property
    def fx_notes(self) -> list[str]:
        """Each exchange rate used, once, with the FX table row it comes from."""
        return list(dict.fromkeys(r.fx_note for r in self.results if r.fx_note))

    def to_frame(self) -> pd.DataFrame:
        """One row per year: definition, the interval, the face value (and rounded, if asked)."""
        return intensities_frame(self.results, self.decimals)

    def to_dict(self) -> dict:
        """The JSON document of ``ghgcalc intensity --format json``: the rows with their inputs and FX."""
        rows = self.to_frame().to_dict("records")
        return {"numerator": self.numerator, "per": self.per, "rounding_rule": self.rounding_rule, "rows": [
            {**row, "year": r.year, **({"year_label": r.year_label} if r.year_label else {}), "inputs": list(r.inputs),
             "fx": r.fx_note, **({"fails_audit": list(r.fails_audit)} if r.fails_audit else {}),
             **({"printed_as": r.printed_as, "from_parts": r.from_parts} if r.printed_as else {})}
            for row, r in zip(rows, self.results)], **({"figures_used": self.prefer_note} if self.prefer_note else {})}

    @property
    def printed_notes(self) -> list[str]:
        """For each year whose intensity is printed itself: that it is the figure, and its parts' ratio beside it."""
        return [f"{r.year_label or r.year} {r.numerator}: {r.inputs[0]} is the figure; its parts give "
                f"{show_digits(r.from_parts)} {r.unit} (what the audit checks it against)"
                for r in self.results if r.printed_as]

    @property
    def failing(self) -> list[str]:
        """Each printed figure the intensities use that fails the audit, with the reason, once."""
        return list(dict.fromkeys(text for r in self.results for text in r.fails_audit))


def intensity_workspace(workspace: OpenWorkspace | str | Path, numerator: str = "S1+2", per: str | None = None, *,
                        currency: str | None = None, headcount: str = "workforce_total",
                        fx_file: str | Path | None = None, years: Sequence[int] | None = None,
                        vintage: str | None = None, segment: str = "", decimals: int | None = None) -> IntensityReport:
    """Intensities from a workspace's figures, printed and computed (and its FX table, or ``fx_file``).

    A printed figure is used where the reports print one, a figure computed from the
    activity data otherwise; each row's inputs say which. No year with both parts is an error.
    ``per`` left open means per revenue when the workspace has revenue, else per capita.
    """
    opened = open_workspace(workspace)
    workspace, vocabulary, figures = opened.config, opened.vocabulary, opened.used  # as every command uses them
    years = [workspace.fiscal_years.year(y) for y in years] if years else None
    fx = (load_fx(fx_file, workspace.encoding, workspace.fiscal_years, workspace.decimal_marks, workspace.currency)
          if fx_file else opened.fx)
    if currency is None and workspace.currency:
        currency = vocabulary.unit(REVENUE)  # the company's money unit: the one its reports print revenue in
    elif currency is not None and ("$" in currency or "dollar" in currency.lower()):
        try:  # '$ in millions' typed for a dollar workspace is read as its reported tables read it
            currency = with_dollar(currency, workspace.currency)
        except ValueError as exc:
            raise ConfigError(f"currency {exc}") from None
    identities = opened.identities
    for per in ([per] if per else ["revenue", "capita"]):  # left open: revenue, else per capita
        results = compute_intensities(figures, vocabulary, numerator, per, currency=currency, headcount=headcount,
                                      fx=fx, years=list(years) if years else None, segment=segment, vintage=vintage,
                                      identities=identities, printed_ratios=True)
        if results:
            break
    labels = workspace.fiscal_years
    if not labels.calendar:  # every year as the company labels it (core.years), whatever label a table typed
        results = [replace(r, year_label=labels.label_of(r.year)) for r in results]
    shown = currency or (results[0].denominator_unit if results else "its printed currency")
    denominator = headcount if per == "capita" else f"revenue in {shown}"
    if not results:
        wanted = headcount if per == "capita" else REVENUE
        have = sorted(set(int(y) for y in figures.loc[figures["metric"] == wanted, "year"]))
        raise ConfigError(f"{workspace.name}: no year has both the numerator {numerator!r} and {wanted}"
                          f"{' (' + wanted + ' is given for ' + ', '.join(map(labels.label_of, have)) + ')' if have else ''}; "
                          f"add the missing figures to a reported table ([data] reported) or activity data")
    return IntensityReport(workspace.name, numerator, per, denominator, tuple(results), decimals,
                           prefer_note=opened.prefer_note)
