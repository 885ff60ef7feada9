"""Disclosure tables: a workspace's figures laid out as one standard's datapoints (ESRS E1, GRI 305, CDP, HKEX, IFRS S2).

Why data: which datapoints a standard asks for, how it words them, in what unit and under
which paragraph are facts about the standard, kept in ``ghgcalc/data/disclosures/<standard>.csv``
with a TOML sidecar citing the document and edition. A row's ``fill`` names the metric (or a
formula over metrics) that answers it; alternatives are separated by ``|`` and the first the
workspace can give is used.

Every figure comes from the one table of figures (:func:`ghgcalc.workspace.figures.workspace_figures`):
a printed figure first, one computed from activity data where nothing is printed (the order of
:class:`ghgcalc.figures.reported.FigureIndex`), and a derived metric through the vocabulary's
formula. A fill ``@name argument`` is a fact that is not one figure (the gases included, the
Scope 3 screening, Scope 1 and 2 by country: :mod:`ghgcalc.outputs.disclosure_facts`). Each cell
says where it came from; a datapoint the workspace cannot fill is listed as missing, never as
zero, with its reason and what to add (the row's ``add``). Each figure is given for the base
year and the previous year too, with the change from the unrounded figures (ESRS E1 AR 48,
ESRS 1 ch. 7.1), and every Scope 2 or Scope 1+2 figure names its Scope 2 method.
"""

from __future__ import annotations

import math

import tomllib
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Callable

import pandas as pd

from ghgcalc.core import units
from ghgcalc.core.formula import bind_units, parse_formula
from ghgcalc.core.intervals import Interval, show_half_up, show_significant
from ghgcalc.core.years import CALENDAR, FiscalYears
from ghgcalc.core.shipped import read_shipped_table, read_shipped_text
from ghgcalc.errors import ConfigError, GhgcalcError, did_you_mean
from ghgcalc.figures.metrics import Vocabulary
from ghgcalc.core.percent import change_percent
from ghgcalc.figures.money import currency_of, with_currency
from ghgcalc.figures.money_unit import SHIPPED_CURRENCY, in_money
from ghgcalc.figures.reported import COMPUTED, FigureIndex, not_reported
from ghgcalc.figures.scopes import scope_structure
from ghgcalc.outputs.disclosure_facts import Fact, Gap, WorkspaceFacts
from ghgcalc.workspace.choice import fails_text
from ghgcalc.workspace.opened import OpenWorkspace, open_workspace
from ghgcalc.workspace.pipeline import workspace_scope3

STANDARDS = ("esrs-e1", "gri-305", "cdp", "hkex", "ifrs-s2")
DATAPOINT_COLUMNS = ("table", "datapoint", "label", "unit", "fill", "paragraph", "condition", "verified", "add")
CELL_COLUMNS = ("table", "datapoint", "label", "value", "unit", "scope2_method", "base_year_value", "previous_value",
                "change_percent", "status", "source", "note", "paragraph", "condition")
MISSING_TEXT = "missing"
MISSING, PRINTED, COMPUTED_STATUS, DERIVED = "missing", "printed", "computed", "derived"
MAX_DEPTH = 4  # derived metrics nest this deep at most (scope123_location -> scope12_location -> scope1)
SHIPPED_PHRASE = "million {currency}"  # a datapoint's money as written in the tables: shown in the company's money unit
FACT = "@"
FIXED_FACTS = ("@base", "@previous", "@change", "@target", "@targets", "@base_year")  # facts of other years
SCOPE2_WORDS = ("scope2", "scope12", "scope123", "ghg_")  # a fill naming one of these holds a Scope 2 figure
METHOD_NOT_STATED = "not stated in the source"


@dataclass(frozen=True)
class Cell:
    """One datapoint: its value (None when missing), and where that value came from."""

    table: str
    datapoint: str
    label: str
    unit: str
    paragraph: str
    condition: str
    value: float | None
    low: float | None
    high: float | None
    status: str  # printed, computed, derived, stated (as the workspace's files state it) or missing
    text: str  # the value for people: as printed when it is a printed figure in its printed unit
    used: str  # the metric or formula that filled it ("" when missing)
    source: str  # file/row/vintage, "computed from ...", or why it is missing and what to add
    scope2_method: str = ""  # location-based, market-based or not stated, for a figure holding Scope 2
    base_year_value: float | None = None  # the same datapoint in the base year, unrounded
    previous_value: float | None = None  # ... and in the previous year
    change_percent: float | None = None  # value against previous_value, from the unrounded figures
    note: str = ""  # why a change is not like for like (coverage differs), and other remarks
    fails_audit: tuple[str, ...] = ()  # each printed figure behind the values that the audit finds wrong, and why
    sum_decimals: int | None = None  # a sum of printed figures: the most decimals its parts are printed with
    previous_decimals: int | None = None  # the decimals the previous year's figure shows (printed_decimals)
    base_year_decimals: int | None = None  # ... and the base year's

    @property
    def printed_decimals(self) -> int | None:
        """The decimals a printed figure shows (its interval is half a unit of the last printed digit either side:
        '1,65,811' has none, '4,424.81' two), so that it is shown as printed, not as 165,811.00; a sum of printed
        parts shows the parts' precision (4,105.2 + 6,020.8 = 10,126.0); None otherwise."""
        if self.status == DERIVED:
            return self.sum_decimals
        if self.status != PRINTED or self.low is None or self.high is None or not self.high > self.low:
            return None
        return max(0, round(-math.log10(self.high - self.low)))


@dataclass(frozen=True)
class Disclosure:
    """A standard's datapoints for one workspace and year."""

    standard: str
    title: str
    citation: dict  # the sidecar's [standard] table
    workspace: str
    year: int
    cells: tuple[Cell, ...]
    base_year: int | None = None
    previous_year: int | None = None
    notes: tuple[str, ...] = ()  # derived Scope 3 category 3 of the year: coverage and what is not covered
    years: FiscalYears = CALENDAR  # how the company labels its years: the text and workbook show its labels
    prefer_note: str = ""  # which figure is used where printed and computed both exist, and why

    def label(self, year: int | None) -> str:
        """A year as the company labels it ("FY2023")."""
        return "" if year is None else self.years.label_of(year)

    @property
    def missing(self) -> list[Cell]:
        return [c for c in self.cells if c.status == MISSING]

    def to_dict(self) -> dict:
        """The JSON document of ``ghgcalc disclose --format json``."""
        return {"standard": self.standard, "title": self.title, "workspace": self.workspace, "year": self.year,
                "base_year": self.base_year, "previous_year": self.previous_year,
                "citation": self.citation, "filled": len(self.cells) - len(self.missing),
                "missing": len(self.missing), "datapoints": [_datapoint(c) for c in self.cells],
                "notes": list(self.notes), **self._labels(),
                **({"figures_used": self.prefer_note} if self.prefer_note else {})}

    def _labels(self) -> dict:
        """``*_label`` beside each year when the company labels years otherwise (the calendar years stay)."""
        years = {"year": self.year, "base_year": self.base_year, "previous_year": self.previous_year}
        return {k: v for k, v in self.years.add_labels(years, tuple(years)).items() if k.endswith("_label")}

    def to_frame(self) -> pd.DataFrame:
        """One row per datapoint, in the standard's order."""
        return pd.DataFrame([{c: getattr(cell, c) for c in CELL_COLUMNS} for cell in self.cells],
                            columns=list(CELL_COLUMNS))

    def tables(self) -> dict[str, pd.DataFrame]:
        """The standard's own tables (E1-5 and E1-6, A1 and A2, ...), each without its title column."""
        frame = self.to_frame()
        return {name: part.drop(columns="table").reset_index(drop=True)
                for name, part in frame.groupby("table", sort=False)}


def load_datapoints(standard: str) -> tuple[pd.DataFrame, dict]:
    """A standard's datapoint table and its sidecar's [standard] table."""
    if standard not in STANDARDS:
        raise ConfigError(f"no disclosure standard {standard!r}{did_you_mean(standard, STANDARDS)}; "
                          f"there are {', '.join(STANDARDS)}")
    table = read_shipped_table("disclosures", f"{standard}.csv")
    sidecar = tomllib.loads(read_shipped_text("disclosures", f"{standard}.toml"))["standard"]
    return table.reindex(columns=list(DATAPOINT_COLUMNS), fill_value=""), sidecar


class FigureLookup:
    """Look-ups of a metric's whole-boundary figure in one year: printed first, then computed, then derived.

    Money stays in the currency it is printed in (a revenue typed in EUR million is in million EUR,
    not the vocabulary's million RMB), and a metric derived from it is in the workspace's ``currency``:
    otherwise an EUR revenue would be labelled RMB, or refused as not fitting.
    """

    def __init__(self, figures: pd.DataFrame | FigureIndex, vocabulary: Vocabulary, year: int,
                 currency: str | None = None):
        # an index built once serves every year a report fills (indexing is most of a small table's cost)
        self.index = figures if isinstance(figures, FigureIndex) else FigureIndex(figures)
        self.vocabulary = vocabulary
        self.year = year
        self.currency = currency or vocabulary_currency(vocabulary)
        self.failing: list[str] = []  # the failing prints the look-ups since the last clear() used

    def unit_of(self, name: str) -> str:
        """The metric's canonical unit, in the workspace's currency when it holds money."""
        unit = self.vocabulary.unit(name)
        return with_currency(unit, self.currency) if currency_of(unit) else unit

    def metric(self, name: str, depth: int = 0) -> tuple[Interval, float, list[str], str, str, str, int | None] | None:
        """(interval, face value, the inputs' sources, status, printed text, unit, decimals) in the figure's unit, or
        None; decimals as :meth:`formula` gives them, or a printed figure's own."""
        found = self.index.get(name, self.year) if name in self.vocabulary else None
        if found is not None and found["provenance"] == COMPUTED and depth < MAX_DEPTH:
            from_print = self._from_printed_parts(name, depth)
            if from_print is not None:
                return from_print
        if found is not None:
            if fails_text(found):
                self.failing.append(fails_text(found))
            interval = Interval(min(found["low_c"], found["high_c"]), max(found["low_c"], found["high_c"]))
            printed = found["provenance"] != COMPUTED
            text = str(found["text"]) if printed and found["to_canonical"] == 1 else ""
            unit = str(found.get("canonical_unit") or self.vocabulary.unit(name))
            decimals = int(found["decimals"]) if printed and found["decimals"] == found["decimals"] else None
            return (interval, float(found["value_c"]), [_where(found)], (PRINTED if printed else COMPUTED_STATUS),
                    text, unit, decimals)
        if name not in self.vocabulary or depth >= MAX_DEPTH:
            return None
        text = self.vocabulary.formula(name)
        if not text or text == "nan":
            return None
        got = self.formula(text, self.unit_of(name), depth + 1)
        return None if got is None else (*got[:5], self.unit_of(name), got[5])

    def _from_printed_parts(self, name: str, depth: int):
        """A sum the report does not print, from parts it does (Scope 1 + Scope 2 as printed).

        Why before the computed figure: a reader checks the headline against the page, and a
        total computed from activity data may differ from the printed parts by their rounding.
        """
        text = self.vocabulary.formula(name)
        if not text or text == "nan":
            return None
        for part in parse_formula(text, source="disclosures").metrics:
            figure = self.index.get(part, self.year) if part in self.vocabulary else None
            if figure is None or figure["provenance"] == COMPUTED:
                return None
        got = self.formula(text, self.unit_of(name), depth + 1)
        return None if got is None else (*got[:5], self.unit_of(name), got[5])

    def formula(self, text: str, unit: str, depth: int = 0) -> tuple[Interval, float, list[str], str, str, int | None] | None:
        """A formula over metrics evaluated in ``unit``; None when an input has no figure. Its last item is the
        decimals to show it with: for a plain sum of figures printed in ``unit``, the most its parts have; else None."""
        formula = parse_formula(text, source="disclosures")
        inputs = {}
        for name in dict.fromkeys(formula.metrics):
            if name not in self.vocabulary:
                raise GhgcalcError(f"disclosure formula {text!r} names {name!r}, which is not a metric"
                                   f"{did_you_mean(name, self.vocabulary.names)}")
            got = self.metric(name, depth)
            if got is None:
                return None
            inputs[name] = got
        bound = bind_units(formula, {m: got[5] for m, got in inputs.items()}, unit)
        interval = bound.evaluate({m: got[0] for m, got in inputs.items()})
        face = bound.evaluate({m: Interval.exact(got[1]) for m, got in inputs.items()}).mid
        sources = [f"{m}: {s}" for m, got in inputs.items() for s in got[2]]
        shown = [got[6] for got in inputs.values() if got[5] == unit]
        decimals = max(shown) if formula.terms and len(shown) == len(inputs) and None not in shown else None
        return interval, face, sources, DERIVED, "", decimals


def _datapoint(cell: Cell) -> dict:
    """A cell in JSON: its fields but the display decimals (``text`` shows them)."""
    out = asdict(cell)
    for name in ("sum_decimals", "previous_decimals", "base_year_decimals"):
        del out[name]
    return out


def vocabulary_currency(vocabulary: Vocabulary) -> str:
    """The currency the vocabulary keeps money in: its revenue's (the workspace's; RMB only where the
    shipped metrics are kept as written)."""
    found = currency_of(vocabulary.unit("revenue")) if "revenue" in vocabulary else None
    return found[0] if found else SHIPPED_CURRENCY


def show_number(value: float) -> str:
    """Two decimals with thousands separators; four significant digits below one (0.1762 %), half-up."""
    return show_significant(value, 2, 4)


def _where(figure: dict) -> str:
    """A figure's origin: the file and spreadsheet row of a printed one, the activity files of a computed one."""
    if figure["provenance"] == COMPUTED:
        note = figure.get("note")
        return f"computed from {figure['file'] or 'activity data'}" + (f"; {note}" if isinstance(note, str) and note else "")
    where = f"{figure['file']} row {figure['row']}, vintage {figure['vintage']}"
    return where if figure["to_canonical"] == 1 else f"{where}, printed {figure['text']} {figure['unit']}"


def _fill(figures: FigureLookup, fill: str, unit: str, vocabulary: Vocabulary):
    """The first alternative of ``fill`` the workspace can give: (used, interval, face value, sources, status,
    printed text, unit); ``unit`` empty keeps the figure's own unit."""
    for alternative in (part.strip() for part in fill.split("|")):
        if alternative in vocabulary:
            got = figures.metric(alternative)
            if got is None:
                continue
            interval, face, sources, status, text, own, decimals = got
            factor = units.conversion_factor(own, unit) if unit else 1.0
            return (alternative, interval * factor, face * factor, sources, status, text if factor == 1 else "",
                    unit or own, decimals if factor == 1 else None)
        got = figures.formula(alternative, unit)
        if got is not None:
            return (alternative, *got[:5], unit, got[5])
    return None


def _method(fill: str, used: str) -> str:
    """The Scope 2 method of a figure: from the metric that filled it, or "not stated" for a printed total."""
    if not any(word in fill for word in SCOPE2_WORDS):
        return ""
    if "location" in used:
        return "location-based"
    if "market" in used:
        return "market-based"
    return METHOD_NOT_STATED if any(word in used for word in SCOPE2_WORDS) else ""


def _missing(common: dict, reason: str, add: str) -> Cell:
    source = f"{reason}; to fill it: {add}" if add else reason
    return Cell(**common, value=None, low=None, high=None, status=MISSING, text=MISSING_TEXT, used="", source=source)


def fill_datapoints(datapoints: pd.DataFrame, figures: pd.DataFrame | FigureIndex, vocabulary: Vocabulary, year: int,
                    currency: str | None = None, facts: WorkspaceFacts | None = None) -> list[Cell]:
    """Each datapoint filled from the table of figures (whole reporting boundary) or the workspace's facts,
    or marked missing with the reason and what to add; money in ``currency`` (the vocabulary's without one)."""
    look = FigureLookup(figures, vocabulary, year, currency)
    currency = look.currency
    money = look.unit_of("revenue") if "revenue" in vocabulary else f"million {currency}"  # 億円, EUR million
    cells = []
    for row in datapoints.to_dict("records"):
        label = in_money(row["label"], money, SHIPPED_PHRASE).replace("{currency}", currency)
        unit = in_money(row["unit"], money, SHIPPED_PHRASE).replace("{currency}", currency)
        common = dict(table=row["table"], datapoint=row["datapoint"], label=label, unit=unit,
                      paragraph=row["paragraph"], condition=row["condition"])
        fill, add = row["fill"].strip(), row.get("add", "").strip()
        look.failing.clear()
        if not fill:
            cells.append(_missing(common, "not a figure or fact ghgcalc keeps", add or "state it in the filing"))
            continue
        got, reasons = None, []
        for alternative in (part.strip() for part in fill.split("|")):
            if alternative.startswith(FACT):
                fact = facts.get(alternative, year) if facts is not None else Gap("the workspace's facts were not read")
                if isinstance(fact, Gap):
                    reasons.append(fact.reason)
                    continue
                got = fact
                break
            try:
                got = _fill(look, alternative, unit, vocabulary)
            except units.UnitError as exc:
                reasons.append(f"units do not fit: {exc}")
                continue
            if got is not None:
                break
            reasons.append(_no_figure(alternative, year, facts))
        if got is None:
            screened = any(": screened " in reason for reason in reasons)  # the screening says why: no advice
            cells.append(_missing(common, "; ".join(dict.fromkeys(reasons)), "" if screened else add))
            continue
        if isinstance(got, Fact):
            cells.append(Cell(**common, value=got.value, low=got.value, high=got.value, status=got.status,
                              text=got.text, used=alternative, source=got.source, fails_audit=got.fails_audit))
            continue
        used, interval, face, sources, status, text, filled_unit, decimals = got
        common["unit"] = filled_unit
        summed = decimals if status == DERIVED else None
        text = text or (show_half_up(face, summed) if summed is not None else show_number(face))
        cells.append(Cell(**common, value=float(face), low=float(interval.low), high=float(interval.high),
                          status=status, text=text, used=used, source="; ".join(sources),
                          scope2_method=_method(fill, used), fails_audit=tuple(dict.fromkeys(look.failing)),
                          sum_decimals=summed))
    return cells


def _no_figure(alternative: str, year: int, facts: WorkspaceFacts | None) -> str:
    """Why a metric has no figure: the Scope 3 screening's reason where it gives one."""
    printed = facts.not_reported_reason(alternative, year) if facts is not None else None
    if printed:
        return f"{facts.label(year)}: {printed}"
    category = _category(alternative)
    screened = facts.category_reason(category, year) if facts is not None and category else None
    shown = facts.label(year) if facts is not None else year
    return f"no figure in {shown}: {screened}" if screened else f"no figure for {alternative} in {shown}"


def _category(fill: str) -> int | None:
    """The Scope 3 category a fill names (scope3_cat8 -> 8), so a missing one can give the screening's reason."""
    name = fill.split("|")[0].strip()
    return int(name[len("scope3_cat"):]) if name.startswith("scope3_cat") and name[10:].isdigit() else None


def _change(now: float | None, before: float | None) -> float | None:
    """Per cent change of ``now`` against ``before`` (None when either is unknown or ``before`` is zero)."""
    return change_percent(now, before)


def _with_history(cells: list[Cell], base: list[Cell] | None, previous: list[Cell] | None, notes: dict,
                  parts: Callable[[Cell, Cell], tuple[float, str] | None] | None = None) -> list[Cell]:
    """Each cell with the base-year and previous-year values of the same datapoint and the change.

    Why the change is not always value against previous value: two rounded prints (0.02 and
    0.02 t per RMB million) hide a 13 % fall their parts show. A printed ratio whose parts are
    known in both years changes as its parts do (``parts``); otherwise a change between printed
    figures is given as the range their rounding allows when that range is wide.
    """
    out = []
    for i, cell in enumerate(cells):
        if not cell.unit or cell.value is None or cell.used.split(" ")[0] in FIXED_FACTS:  # nothing to compare
            out.append(cell)
            continue
        before = previous[i] if previous else None
        first = base[i] if base else None
        same = before is not None and before.status != MISSING and cell.scope2_method == before.scope2_method
        prev_value = before.value if same else None  # a change across Scope 2 methods is no change
        base_value = first.value if first is not None and first.status != MISSING else None
        change = _change(cell.value, prev_value)
        remarks = [notes.get(cell.used.split(" ")[0], "")] if cell.used else []
        if change is not None and PRINTED in (cell.status, before.status):
            from_parts = parts(cell, before) if parts is not None else None
            if from_parts is not None:
                change, formula = from_parts
                remarks.append(f"change from its parts ({formula}), not from the rounded prints")
            elif before.low and before.high:
                low = change_percent(cell.low, before.high)
                high = change_percent(cell.high, before.low)
                if high - low > 1:
                    remarks.append(f"the prints are rounded: the change lies between {show_half_up(low, 1, sign=True)} % and "
                                   f"{show_half_up(high, 1, sign=True)} %")
        failing = [text for c in (cell, before if same else None, first if base_value is not None else None)
                   if c is not None for text in c.fails_audit]  # a failing print in any year shown with the datapoint
        out.append(replace(cell, base_year_value=base_value, previous_value=prev_value, change_percent=change,
                           note="; ".join(r for r in remarks if r), fails_audit=tuple(dict.fromkeys(failing)),
                           previous_decimals=before.printed_decimals if same else None,
                           base_year_decimals=first.printed_decimals if base_value is not None else None))
    return out


def _change_from_parts(vocabulary: Vocabulary, now: FigureLookup, before: FigureLookup):
    """A printed ratio's change computed from its parts' figures in both years: (change %, formula) or None."""
    def change(cell: Cell, _previous: Cell):
        name = cell.used
        formula = vocabulary.formula(name) if name in vocabulary else ""
        if not formula or formula == "nan" or "/" not in formula:
            return None
        try:
            a, b = now.formula(formula, cell.unit), before.formula(formula, cell.unit)
        except (units.UnitError, GhgcalcError):
            return None
        if a is None or b is None or b[1] == 0:
            return None
        return change_percent(a[1], b[1]), formula
    return change


def coverage_notes(facts: WorkspaceFacts, year: int, previous: int) -> dict[str, str]:
    """A note on Scope 3 figures whose categories differ between the two years: their change is not like for like
    (years as the company labels them)."""
    def covered(y):
        return {n for n in range(1, 16) if facts.index.get(f"scope3_cat{n}", y) is not None}
    now, before = covered(year), covered(previous)
    if now == before or not now:
        return {}
    text = (f"coverage differs: categories {', '.join(map(str, sorted(now))) or 'none'} in {facts.label(year)}, "
            f"{', '.join(map(str, sorted(before))) or 'none'} in {facts.label(previous)}; the change is not like for like")
    return {m: text for m in ("scope3", "scope123_location", "scope123_market", "scope3 / revenue",
                              "scope123_location / revenue", "scope123_market / revenue")}


def disclose(workspace: OpenWorkspace | str | Path, standard: str, year: int | None = None) -> Disclosure:
    """A standard's disclosure table for a workspace in ``year`` (default: the latest with a Scope 1 or 2 figure),
    with the base year's and the previous year's values beside each datapoint."""
    datapoints, citation = load_datapoints(standard)
    opened = open_workspace(workspace)
    workspace, vocabulary, figures = opened.config, opened.vocabulary, opened.used  # one figure everywhere
    year = None if year is None else workspace.fiscal_years.year(year)
    run = opened.inventory if opened.computes else None
    facts = WorkspaceFacts(workspace, opened.used, run, workspace_scope3(workspace, run.result) if run else None,
                           vocabulary, not_reported(opened.printed))
    if year is None:
        emissions = figures[figures["metric"].isin(scope_structure(vocabulary).year_metrics())] if len(figures) else figures
        if not len(emissions):
            raise ConfigError(f"{workspace.name}: no Scope 1 or Scope 2 figure in any year; give --year or add figures")
        year = int(emissions["year"].max())
    currency = opened.currency
    figures = FigureIndex(figures)  # one index for the three years filled
    cells = fill_datapoints(datapoints, figures, vocabulary, year, currency, facts)
    previous_year = year - 1
    previous = fill_datapoints(datapoints, figures, vocabulary, previous_year, currency, facts)
    base_year = workspace.base_year if workspace.base_year is not None and workspace.base_year < year else None
    base = fill_datapoints(datapoints, figures, vocabulary, base_year, currency, facts) if base_year else None
    parts = _change_from_parts(vocabulary, FigureLookup(figures, vocabulary, year, currency),
                               FigureLookup(figures, vocabulary, previous_year, currency))
    notes = coverage_notes(facts, year, previous_year)
    cells = _with_history(cells, base, previous, notes, parts)
    derived = run.result.category3 if run is not None else None
    return Disclosure(standard, citation.get("title", standard), citation, workspace.name, int(year), tuple(cells),
                      base_year=base_year, previous_year=previous_year,
                      notes=tuple(derived.notes(int(year))) if derived is not None else (), years=workspace.fiscal_years,
                      prefer_note=opened.prefer_note)
