"""Reported tables: a report's figures typed in exactly as printed.

Columns: vintage, metric, year, value (as printed, e.g. "82,820.16"), unit, and
optionally segment, source, note, read_as (the auditor's reading of a misprinted value:
printed "46.808.15", read as "46,808.15"), precision (:mod:`ghgcalc.figures.precision`) and
scope2_method (the Scope 2 method a scope figure states). A year is a calendar year or a
fiscal year as printed (``FY2023``, ``FY 2017/18``; :mod:`ghgcalc.figures.fiscal`).

Each figure becomes an interval from its declared precision, and is also expressed in the
metric's canonical unit (from the metric vocabulary), so that figures typed in kt and t, or
RMB and RMB million, compare. Money keeps the currency it was printed in: the canonical unit
of a revenue is the vocabulary's money unit (the one the workspace prints revenue in, 億円 or
USD million; :mod:`ghgcalc.figures.money_unit`) in the currency typed, and currencies meet only
through an FX table.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Mapping

import pandas as pd

from ghgcalc.core import units
from ghgcalc.core.intervals import parse_printed, readings
from ghgcalc.core.money_words import money_scales, with_dollar
from ghgcalc.core.printed_marks import read_cell
from ghgcalc.core.textfile import read_csv_table
from ghgcalc.errors import CurrencyError, InputError, Problem, ProblemCollector, did_you_mean, quoted
from ghgcalc.core.years import FiscalYears, year_cell
from ghgcalc.figures.metrics import Vocabulary, load_vocabulary
from ghgcalc.figures.money import currency_of, with_currency
from ghgcalc.figures.precision import parse_precision
from ghgcalc.figures.scopes import SCOPE2_METHODS, ScopeStructure, scope_structure

COMPUTED = "computed"  # the vintage (and provenance) of figures computed from activity data
PRINTED_METRICS = "printed_metrics"  # table.attrs key of the figures used: every metric the reports print, used or not
NOT_REPORTED = "not_reported"  # a figure printed as no number ("n/a", "-"): the reason, on the rows of its own table
REPORTED_COLUMNS = ("vintage", "metric", "year", "value", "unit")
OPTIONAL_REPORTED_COLUMNS = ("segment", "source", "note", "read_as", "precision", "scope2_method")


def read_reported(paths: Iterable[str | Path], vocabulary: Vocabulary | None = None,
                  encoding: str | None = None, years: FiscalYears | None = None,
                  decimal: str | Mapping[str, str] | None = None, *, read=read_csv_table) -> pd.DataFrame:
    """All figures of the given reported tables, validated together (each read by ``read``, the CSV reader unless
    an opened workspace has read them already).

    Returns one row per figure with: file, row, vintage, metric, year, segment, text,
    value, decimals, unit, low/high (printed interval, in the unit typed), and
    value_c/low_c/high_c in the metric's canonical unit. Every problem in every file is
    raised at once (InputError).

    Why one long function: each cell is checked in the same pass that converts it, so every
    problem in every file is found before anything is raised.
    """
    vocabulary = vocabulary or load_vocabulary()
    scopes = scope_structure(vocabulary)
    frames, problems, missing = [], [], []
    dollar = money_currency(vocabulary)
    if decimal is None or isinstance(decimal, str):
        decimal = {"": decimal} if decimal else {}
    for path in paths:
        path = Path(path)
        collector = ProblemCollector(path.name)
        try:
            frame, _ = read(path, encoding=encoding)
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        if not collector.check_columns(frame.columns, REPORTED_COLUMNS):
            problems.extend(collector.problems)
            continue
        for column in OPTIONAL_REPORTED_COLUMNS:
            if column not in frame.columns:
                frame[column] = ""
        mark = decimal.get(path.name, decimal.get(""))
        if mark is None:
            undeclared = _needs_a_decimal_mark(frame, path.name)
            if undeclared is not None:
                problems.append(undeclared)
                continue
        records = []
        for row, rec in zip(frame.index, frame.to_dict("records")):
            if not _dollar_read(row, rec, dollar, collector):
                continue
            record = _read_row(row, rec, path.name, vocabulary, collector, scopes, years, mark or ".")
            if record is not None:
                (missing if NOT_REPORTED in record else records).append(record)
        frames.append(_once_each(pd.DataFrame(records), collector))
        problems.extend(collector.problems)
    if problems:
        raise InputError(problems)
    frames = [f for f in frames if len(f)]
    out = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    out.attrs[NOT_REPORTED] = missing
    return out


def _once_each(table: pd.DataFrame, collector: ProblemCollector) -> pd.DataFrame:
    """The figures of one file, each printed twice in one vintage recorded as a problem."""
    if len(table):
        dup = table.duplicated(["vintage", "metric", "year", "segment"], keep="first")
        for rec in table[dup].itertuples():
            collector.add(rec.row, "metric", rec.metric,
                          f"{rec.metric} {rec.year_label}{' ' + rec.segment if rec.segment else ''} appears twice in vintage "
                          f"{rec.vintage}")
    return table


def not_reported(printed: pd.DataFrame | None) -> list[dict]:
    """The figures a reported table gives as no number ("n/a", "-", "–"), each with its reason: kept, never
    read as zero, so that rows in = figures read + not reported + rejected."""
    return list(printed.attrs.get(NOT_REPORTED, ())) if printed is not None else []


def money_currency(vocabulary: Vocabulary) -> str | None:
    """The currency the vocabulary's revenue is in: the workspace's, which a "$" of its tables names."""
    try:
        found = currency_of(vocabulary.unit("revenue")) if "revenue" in vocabulary else None
    except CurrencyError:
        return None
    return found[0] if found else None


def _dollar_read(row: int, rec: dict, currency: str | None, collector: ProblemCollector) -> bool:
    """A unit cell with "$" read as the workspace's dollar ("M$" -> "million CAD"); False, and a problem, where
    "$" names no currency of the workspace."""
    unit = rec["unit"]
    if "$" not in unit and "dollar" not in unit.lower():
        return True
    try:
        rec["unit"] = with_dollar(unit, currency)
    except ValueError as exc:
        collector.add(row, "unit", unit, str(exc))
        return False
    rec["unit_typed"] = unit
    if "$" in money_scales(unit):  # a "$" no country names: the workspace's dollar, and the figure says so
        rec["note"] = "; ".join(part for part in (f"'$' read as {currency}, the workspace's currency",
                                                  rec["note"].strip()) if part)
    return True


def _needs_a_decimal_mark(frame: pd.DataFrame, name: str) -> Problem | None:
    """A table whose numbers must say their format: a cell that reads only with a decimal comma
    ('12,7', '1.234,5'), so that '79.683' beside it may be 79,683 as well as 79.683."""
    for column in ("value", "read_as"):
        for row, text in zip(frame.index, frame[column]):
            if str(text).strip() and set(readings(str(text))) == {","}:
                return Problem(name, row, column, text,
                               f"{quoted(text)} reads only with a decimal comma, so other numbers of the table may be read "
                               f"1,000 times too small or too large; declare the table's number format: decimal = \",\" "
                               f"under [data] in ghgcalc.toml (this table only: decimal = {{ \"{name}\" = \",\" }})")
    return None


def _read_row(row: int, rec: dict, file: str, vocabulary: Vocabulary, collector: ProblemCollector,
              scopes: ScopeStructure, years: FiscalYears | None = None, decimal: str = ".") -> dict | None:
    """One figure of a reported table, or None with its problems recorded.

    Why one long function: each cell is checked in the same pass that converts it, so that
    every problem of a row is found before anything is raised.
    """
    metric = rec["metric"].strip()
    ok = True
    method = rec["scope2_method"].strip().lower()
    if metric not in vocabulary:
        collector.add(row, "metric", metric, f"{quoted(metric)} is not a known metric{did_you_mean(metric, vocabulary.names)}")
        ok = False
    elif method:
        metric, ok = _with_method(row, metric, method, collector, scopes)
    year = year_cell(collector, row, rec["year"], years)
    ok = ok and year is not None
    reading = rec["read_as"].strip() or rec["value"]
    column = "read_as" if rec["read_as"].strip() else "value"
    cell, printed = _read_value(row, column, reading, decimal, collector)
    ok = ok and (printed is not None or bool(cell.not_reported))
    try:
        declared = parse_precision(rec["precision"], printed.decimals if printed is not None else 0)
    except ValueError as exc:
        collector.add(row, "precision", rec["precision"], str(exc))
        ok = False
    try:
        typed = units.parse_unit(rec["unit"])
    except units.UnitError as exc:
        as_typed = rec.get("unit_typed", rec["unit"])  # the message quotes what the user typed ("A$m")
        collector.add(row, "unit", as_typed, str(exc).replace(quoted(rec["unit"]), quoted(as_typed), 1))
        ok = False
    if not ok:
        return None
    fits = _fit_unit(row, rec, metric, typed, vocabulary, collector)
    if fits is None:
        return None
    canonical, to_canonical = fits
    label, year = year
    common = {"file": file, "row": row, "vintage": rec["vintage"].strip(), "metric": metric, "year": year,
              "year_label": label, "segment": rec["segment"].strip(), "text": rec["value"], "unit": rec["unit"],
              "canonical_unit": canonical, "source": rec["source"], "read_as": rec["read_as"].strip(),
              "scope2_method": method}
    if cell.not_reported:
        return {**common, NOT_REPORTED: f"printed {quoted(reading)}: {cell.not_reported}",
                "note": rec["note"]}
    value = -printed.value if cell.negative else printed.value
    if cell.negative and _never_negative(canonical):
        collector.add(row, column, reading, f"{quoted(reading)} is a negative in parentheses, and {metric} "
                                            f"({units.describe_dimension(units.parse_unit(canonical))}) cannot be negative; "
                                            f"if the report misprinted it, give your reading in a read_as column")
        return None
    low, high = value - declared.below, value + declared.above  # as a "-8.8" typed with its sign
    note = "; ".join(part for part in (cell.read_off, rec["note"].strip()) if part)
    return {
        **common, "value": value, "decimals": printed.decimals, "precision": declared.word, "low": low, "high": high,
        "to_canonical": to_canonical, "value_c": value * to_canonical, "low_c": low * to_canonical,
        "high_c": high * to_canonical, "note": note, "footnote": cell.footnote,
    }


def _fit_unit(row: int, rec: dict, metric: str, typed, vocabulary: Vocabulary,
              collector: ProblemCollector) -> tuple[str, float] | None:
    """The metric's canonical unit for the figure and the factor to it, or None with the problem recorded, which
    quotes the unit as typed ("A$m", not the "AUD million" it was read as)."""
    canonical = _canonical(vocabulary.unit(metric), rec["unit"])
    try:
        return canonical, units.conversion_factor(rec["unit"], canonical)
    except units.UnitError:
        canonical = vocabulary.unit(metric)
        as_typed = rec.get("unit_typed", rec["unit"])
        collector.add(row, "unit", as_typed,
                      f"{quoted(as_typed)} ({units.describe_dimension(typed)}) does not fit metric {metric}, "
                      f"which is in {canonical} ({units.describe_dimension(units.parse_unit(canonical))})")
        return None


def _read_value(row: int, column: str, reading: str, decimal: str, collector: ProblemCollector):
    """The printed cell taken apart (:func:`ghgcalc.core.printed_marks.read_cell`) and its number, or None: with a
    problem recorded where the cell is neither a number nor a way of printing none."""
    cell = read_cell(reading)
    if cell.not_reported:
        return cell, None
    try:
        return cell, parse_printed(cell.number, decimal)
    except ValueError as exc:
        hint = "" if column == "read_as" else "; if the report misprinted it, keep it and give your reading in a read_as column"
        message = str(exc).replace(quoted(cell.number), quoted(reading), 1)  # the cell as typed, marks and all
        collector.add(row, column, reading, f"{message}{hint}")
        return cell, None
# The dimensions of amounts, which no printed figure of them may give as negative (a change or net figure may)
_AMOUNTS = ("energy", "mass", "volume", "area", "headcount", "full-time equivalents", "number of suppliers")


def _never_negative(unit: str) -> bool:
    """Whether a figure in ``unit`` is an amount, never negative: emissions, energy, mass, volume, people."""
    described = units.describe_dimension(units.parse_unit(unit))
    return described in _AMOUNTS or described.startswith("mass of ")


def _with_method(row: int, metric: str, method: str, collector: ProblemCollector,
                 scopes: ScopeStructure) -> tuple[str, bool]:
    """The metric a scope figure stands for under the Scope 2 method the report states for it (scope12 printed
    as market-based is scope12_market), as the vocabulary's scope metrics define them."""
    if method not in SCOPE2_METHODS:
        collector.add(row, "scope2_method", method, f"{quoted(method)} is not a Scope 2 method; write "
                                                    f"{', '.join(SCOPE2_METHODS)}, or leave it empty")
        return metric, False
    found = scopes.with_method(metric, method)
    if found is not None:
        return found, True
    own = scopes[metric].method if metric in scopes else None
    if own is not None:
        collector.add(row, "scope2_method", method, f"{metric} is {own}-based by its name, not {method}-based")
        return metric, False
    totals = [m.name for m in scopes.metrics.values() if "2" in m.scopes and m.method is None]
    collector.add(row, "scope2_method", method, f"a Scope 2 method applies to {', '.join(totals[:-1])} and "
                                                f"{totals[-1]} figures, not {metric}")
    return metric, False


def _canonical(unit: str, typed: str) -> str:
    """The metric's canonical unit, in the typed currency when both are money (no silent conversion)."""
    try:
        mine, theirs = currency_of(unit), currency_of(typed)
    except CurrencyError:
        return unit
    if mine and theirs and mine[0] != theirs[0] and mine[1] == theirs[1]:
        return with_currency(unit, theirs[0])
    return unit


def order_vintages(figures: pd.DataFrame) -> list[str]:
    """Vintages newest first: by the latest year each reports, then by file order (later first).

    Why: a report is published after the last year it covers, so the latest year a
    vintage reports dates it without asking the user; later files break ties. Figures
    computed from activity data come after every printed vintage: a printed figure is
    what a reader of the report saw, and the audit compares the two.
    """
    if figures.empty:
        return []
    first_seen: dict = {}
    latest: dict = {}
    for position, (vintage, year) in enumerate(zip(figures["vintage"].tolist(), figures["year"].tolist())):
        if vintage != vintage:  # a missing vintage names no report
            continue
        first_seen.setdefault(vintage, position)
        latest[vintage] = year if vintage not in latest or year > latest[vintage] else latest[vintage]
    return sorted(latest, key=lambda v: (v != COMPUTED, latest[v], first_seen[v]), reverse=True)


class FigureIndex:
    """Look-ups of printed figures by metric, year and segment, one vintage preferred.

    Why: an intensity printed in one report is recomputed from that report's own
    figures first, and only then from other documents (a revenue taken from the annual
    report, a headcount printed in an earlier report); newer vintages come before older.
    """

    def __init__(self, figures: pd.DataFrame):
        self.figures = figures
        self.vintages = order_vintages(figures)
        rank = {v: i for i, v in enumerate(self.vintages)}
        self._by_key: dict[tuple, list[dict]] = {}
        records = figures.to_dict("records") if len(figures) else []
        for position, record in enumerate(records):
            record["position"] = position
            key = (record["metric"], int(record["year"]), record["segment"])
            self._by_key.setdefault(key, []).append(record)
        for found in self._by_key.values():
            found.sort(key=lambda r: (rank[r["vintage"]], r["position"]))

    def all(self, metric: str, year: int, segment: str = "") -> list[dict]:
        """Every printing of the figure, newest vintage first."""
        return list(self._by_key.get((metric, int(year), segment), ()))

    def get(self, metric: str, year: int, segment: str = "", prefer: str | None = None) -> dict | None:
        """The figure from vintage ``prefer`` if it prints it, else from the newest vintage that does."""
        found = self._by_key.get((metric, int(year), segment))  # no copy: an audit asks thousands of times
        if not found:
            return None
        return next((r for r in found if r["vintage"] == prefer), found[0])

    def in_vintage(self, vintage: str, metric: str, year: int, segment: str = "") -> dict | None:
        """The figure as printed in ``vintage`` only (its first file if printed twice)."""
        found = [r for r in self.all(metric, year, segment) if r["vintage"] == vintage]
        return found[0] if found else None

    def printed_anywhere(self, metric: str, year: int, segment: str = "") -> bool:
        return bool(self._by_key.get((metric, int(year), segment)))

    def groups(self) -> list[tuple[tuple[str, int, str], list[dict]]]:
        """Every (metric, year, segment) printed, with its printings newest vintage first."""
        return [(key, list(found)) for key, found in self._by_key.items()]
