"""The workspace report for a terminal: tables that fit 100 columns, totals, definitions said once.

Why its own module: what ``ghgcalc report`` prints is a reading of several results (headline,
inventory, audit, targets) and is kept apart from how they are computed (:mod:`ghgcalc.outputs.report`).
``wide`` shows every column of the targets table, as ``ghgcalc gap`` does.
"""

from __future__ import annotations


import pandas as pd

from ghgcalc import columns as C
from ghgcalc.outputs.audit_text import explained, summary_line
from ghgcalc.outputs.headline import shown
from ghgcalc.outputs.tables import render_table, wrap_to_columns
from ghgcalc.outputs.target_text import gap_explanations, gap_of_base, gap_table, show
from ghgcalc.targets.evidence import LATER_FIGURE
from ghgcalc.targets.kinds import display_unit
from ghgcalc.core.intervals import show_half_up
from ghgcalc.core.percent import PERCENT_PER_FRACTION
from ghgcalc.targets.progress import BEFORE_BASE, NO_DATA

WIDTH = 100
TOTAL = "t CO2e"
PATTERN_EXAMPLES = 3
GAP_DEFINITION = ("gap: actual minus target level, in the target's unit (percentage points for shares); "
                  "gap/base divides it by the base-year figure, gap/level by the target level.")
BASE_YEAR_NOTE = ("base year: the reporting year is the target's base year, so no progress can be measured yet; "
                  "the gap says how far there is to go.")


def wrap(text: str, indent: str = "  ") -> list[str]:
    return wrap_to_columns(text, WIDTH, "", indent, hyphens=False) or [""]


def inventory_with_totals(totals: pd.DataFrame) -> pd.DataFrame:
    """The inventory totals with a Scope 1+2 row per year under each Scope 2 method (Scope 1 added to each)."""
    rows = []
    for year, part in totals.groupby(C.YEAR, sort=True):
        records = part.to_dict("records")
        scope1 = sum(r[TOTAL] for r in records if str(r[C.SCOPE]) == "1")
        rows += [r for r in records if str(r[C.SCOPE]) in ("1", "2")]
        for r in (r for r in records if str(r[C.SCOPE]) == "2"):
            rows.append({C.YEAR: year, C.SCOPE: "1+2", C.SCOPE2_METHOD: r[C.SCOPE2_METHOD], TOTAL: scope1 + r[TOTAL]})
        rows += [r for r in records if str(r[C.SCOPE]) not in ("1", "2")]
    return pd.DataFrame(rows, columns=list(totals.columns))


def headline_lines(report) -> list[str]:
    frame, label = report.headline, report.years.label_of
    shown_frame = pd.DataFrame({
        "scope": frame["item"], label(report.year - 1): [shown(v, d) for v, d in zip(frame["previous"],
                                                                                      _decimals(frame, "previous"))],
        label(report.year): [shown(v, d) if s != "not reported" else "not reported"
                           for v, s, d in zip(frame["value"], frame["status"], _decimals(frame, ""))],
        "unit": frame["unit"],
        "change": ["" if pd.isna(c) else show_half_up(c, 1, sign=True) + " %" for c in frame["change_percent"]],
        "source": frame["status"]})
    notes = report.sections.notes if report.sections is not None else {}
    flagged = [f"{item}: {notes[fill]}" for item, fill in (("Scope 3", "scope3"),) if fill in notes
               and item in set(frame["item"])]
    chosen = ("computed where computed, else printed" if getattr(report, "prefer", "printed") == "computed"
              else "printed where printed, else computed")
    return ["", f"== Emissions in {label(report.year)} ({chosen}; both Scope 2 methods) ==",
            _right(render_table(shown_frame), (1, 2, 4)), *failing_lines(frame),
            *[line for note in flagged for line in wrap(note)]]


def _decimals(frame: pd.DataFrame, which: str) -> list:
    """The printed decimals of a headline column ("previous" or "" for this year's), None where computed (a frame
    written before they were kept has none)."""
    column = f"{which}_decimals" if which else "decimals"
    return list(frame[column]) if column in frame else [None] * len(frame)


def failing_lines(frame: pd.DataFrame) -> list[str]:
    """'! printed 7,180 t CO2e (...); fails audit: ...' under a table, for each failing print its rows use."""
    texts = dict.fromkeys(t for found in frame.get("fails_audit", []) for t in (found or ()))
    return [line for text in texts for line in wrap_to_columns(f"! {text}", 100, "", "  ")]


def inventory_years_lines(report) -> list[str]:
    """Each scope in every year with figures; a scope without any is a row that says so; restatements and
    boundary changes under the row they touch."""
    frame = report.sections.years
    how = "by year, printed where printed, else computed"
    if report.inventory is not None:
        how = f"GWP set {report.inventory.gwp_set}; {report.inventory.summary}; {how}"
    shown_frame = frame.drop(columns=["unit"]).copy()
    printed = frame.attrs.get("decimals", {})   # a printed figure as printed: 165,811, not 165,811.00
    for column in shown_frame.columns[1:-2]:
        shown_frame[column] = [shown(v, printed.get(scope, {}).get(column))
                               for scope, v in zip(shown_frame["scope"], shown_frame[column])]
    return ["", f"== Inventory ({TOTAL}, {how}) ==", render_table(shown_frame, width=WIDTH, notes="note"),
            *[line for change in report.sections.changes for line in wrap(f"Boundary change {change}")],
            *wrap("-: no figure for that year. A note under a scope names the years it is not reported in and "
                  "restatements of its earlier figures (a later report printing another figure for that year).")]


def section_lines(report) -> list[str]:
    """Scope 3 by category, the contractual instruments and the methodology of the reporting year."""
    sections, label = report.sections, report.years.label_of(report.year)
    lines = []
    if sections.scope3 is not None:
        frame = sections.scope3.copy()
        frame["t CO2e"] = [shown(v) for v in frame["t CO2e"]]
        frame["DQ"] = ["" if pd.isna(v) else show_half_up(v, 1) for v in frame.pop("data quality")]
        lines += ["", f"== Scope 3 in {label} by category (status from the screening; methods: SS supplier-specific, "
                      "AD average-data, SB spend-based; DQ 1 very good to 4 poor) ==",
                  render_table(frame, width=WIDTH, notes="reason")]
    if sections.instruments is not None:
        frame = sections.instruments.copy()
        lines += ["", f"== Contractual instruments in {label} (market-based Scope 2; ESRS E1-6 AR 45(d)) ==",
                  render_table(frame, width=WIDTH)]
    return lines


def methodology_lines(report) -> list[str]:
    """How the figures were made, item by item, with the documents cited (last: it carries their dates)."""
    sections = report.sections
    if sections is None or not sections.methodology:
        return []
    lines = ["", f"== Methodology ({report.years.label_of(report.year)}) =="]
    for item, how in sections.methodology:
        lines += wrap(f"- {item}: {how}")
    return lines


def _right(text: str, columns: tuple[int, ...]) -> str:
    """render_table aligns text left; right-align the given columns of numbers as text."""
    lines = text.splitlines()
    rule = lines[1]
    spans, start = [], 0
    for dashes in rule.split("  "):
        spans.append((start, start + len(dashes)))
        start += len(dashes) + 2
    out = []
    for line in lines:
        padded = line.ljust(start)
        cells = [padded[a:b] for a, b in spans]
        cells = [c.strip().rjust(b - a) if i in columns else c for i, (c, (a, b)) in enumerate(zip(cells, spans))]
        out.append("  ".join(cells).rstrip())
    return "\n".join(out)


def audit_lines(report) -> list[str]:
    audit = report.audit
    lines = ["", f"== Audit of {audit.figures} printed figures (details: ghgcalc audit {report.path}) ==",
             *wrap(summary_line(audit))]
    if audit.patterns:
        lines += ["", "What reproduces the figures that do not:"]
        failing = audit.summary["not_reproduced"]
        for p in audit.patterns:
            more = len(p["figures"]) - PATTERN_EXAMPLES
            examples = ", ".join(p["figures"][:PATTERN_EXAMPLES]) + (f" and {more} more" if more > 0 else "")
            lines += wrap(f"- {p['description']}: {p['count']} of {failing} (e.g. {examples})")
    lines.append("")
    for f in explained(audit):
        if f.verdict == "not_reproduced" and f.explanation:
            continue
        segment = f" {f.segment}" if f.segment else ""
        lines += wrap(f"- [{f.verdict}] {f.vintage} {f.metric} {audit.label(f.year)}{segment}: {f.detail}")
    return lines


def _compact(figure, factor: float) -> str:
    """A figure without ± (the wide table has it); bounds as 'low-high'."""
    if figure is None:
        return "-"
    if figure.value is None:
        return f"{show_half_up(figure.bounds.low * factor, 2)}-{show_half_up(figure.bounds.high * factor, 2)}"
    return show_half_up(figure.value * factor, 2)


def _started(targets) -> list:
    """The targets whose base year is not after the reporting year (the others have nothing to show yet)."""
    return [p for p in targets.progress if p.status != BEFORE_BASE]


def targets_frame(targets) -> pd.DataFrame:
    """The essential columns of each target; units listed under the table."""
    rows = []
    for p in _started(targets):
        f = p.display_factor
        rows.append({"target": p.target.id, "actual": _compact(p.actual.figure, f) + (" !" if p.actual.fails_audit else ""),
                     "level": _compact(p.target_level, f), "gap": _compact(p.gap, f), "gap/base": gap_of_base(p),
                     "gap/level": show(p.gap_fraction, PERCENT_PER_FRACTION, " %", 1), "status": p.status})
    return pd.DataFrame(rows)


def target_lines(report, wide: bool) -> list[str]:
    targets = report.targets
    year = targets.year_label
    lines = ["", f"== Targets in {year} (details: ghgcalc gap {report.path} --year {year}) =="]
    if wide:
        lines.append(render_table(gap_table(targets)))
    else:
        lines.append(_right(render_table(targets_frame(targets)), (1, 2, 3, 4, 5)))
        units: dict[str, list[str]] = {}
        for p in _started(targets):
            units.setdefault(display_unit(p.target), []).append(p.target.id)
        lines += wrap("units: " + "; ".join(f"{u} ({', '.join(ids)})" for u, ids in units.items()))
        later = [p for p in targets.progress if p.status == BEFORE_BASE]
        if later:
            lines += wrap(f"Not shown, their base year comes after {year}: "
                          + ", ".join(f"{p.target.id} (from {p.target.label(p.target.base_year)})" for p in later))
    lines += wrap(GAP_DEFINITION)
    if any(p.status == "base year" for p in targets.progress):
        lines += wrap(BASE_YEAR_NOTE)
    lines.append("")
    for line in gap_explanations(targets):
        if not line.startswith("  ") or line.startswith(("  ! ", f"  {NO_DATA}: ")):  # a failing print, a refused gap
            lines += wrap(line)
        elif line.startswith(f"  note: {LATER_FIGURE}"):  # what a later figure says about the target
            lines += wrap(line, "    ")
    return lines


def render_report_text(report, *, wide: bool = False) -> str:
    """Headline, inventory with Scope 1+2 totals, audit summary, targets, and where the full report can go."""
    years = report.years
    lines = [f"{report.name}" + (f": report for {years.label_of(report.year)}" if report.year else "")]
    if getattr(report, "prefer_note", ""):
        lines += wrap(report.prefer_note)
    if report.headline is not None:
        lines += headline_lines(report)
    sections = report.sections
    if sections is not None and sections.years is not None:
        lines += inventory_years_lines(report)
    elif report.inventory is not None:
        lines += ["", f"== Inventory ({TOTAL}, GWP set {report.inventory.gwp_set}; {report.inventory.summary}) ==",
                  render_table(years.label_columns(inventory_with_totals(report.inventory.totals)))]
    if report.inventory is not None:
        lines += ["\n".join(wrap_to_columns(note, 100, "", "  ")) for note in report.inventory.notes]
    if sections is not None:
        lines += section_lines(report)
    if report.audit is not None:
        lines += audit_lines(report)
    if report.targets is not None:
        lines += target_lines(report, wide)
    if report.scenarios is not None and len(report.scenarios):
        shown_frame = report.scenarios[["target", "scenario", "target year", "projected", "unit", "status"]].copy()
        shown_frame["projected"] = [shown(v) for v in shown_frame["projected"]]
        shown_frame["unit"] = shown_frame["unit"].fillna("")  # a target not projected has none
        shown_frame["target year"] = [str(y) for y in years.labels(shown_frame["target year"])]  # a year, as labelled
        lines += ["", f"== Scenarios (details: ghgcalc scenario run {report.path} NAME) ==",
                  render_table(shown_frame, width=WIDTH, whole=("target",))]
    lines += methodology_lines(report)
    if report.problems:
        lines += ["", "== Not computed ==", *[line for problem in report.problems for line in wrap(f"- {problem}")]]
    lines += ["", *wrap(f"Full report with charts: ghgcalc report {report.path} --html report.html "
                        f"(a workbook: --xlsx report.xlsx; every column: --wide)")]
    return "\n".join(lines)
