"""Audit findings for people: one table per kind of finding, the sentences that sum them up, the audit as
text and as a markdown memo.

These are the tables and lines ``ghgcalc audit`` and ``ghgcalc report`` print, built here so
that a notebook user gets the same ones; figures are shown in the unit they were printed in.
"""

from __future__ import annotations

import math

import pandas as pd

from ghgcalc.audit.findings import FAILING_VERDICTS, VERDICTS, AuditReport, Finding
from ghgcalc.core.intervals import show_half_up
from ghgcalc.core.percent import percent_text
from ghgcalc.outputs.tables import render_markdown, render_table, wrap_to_columns

SECTIONS = {
    "reproduction": "Reproductions: figures recomputed from the report's own inputs (in the unit as printed)",
    "identity": "Identities: totals against their components, and one figure printed in two tables",
    "restatement": "Restatements: one figure in two reports",
    "derivation": "Derivations: what the rounded figures imply about quantities not printed",
    "misprint": "Misprints: figures read differently from their print",
    "denominator": "Denominators: the headcount each per-person figure of one report and year implies",
    "activity": "Activity data: printed figures against the inventory computed from the workspace's records",
    "not_reported": "Not reported: figures printed as no number ('n/a', a dash), kept as such, never as zero",
}


def _fmt(value: float | None, decimals: int) -> str:
    if value is None or pd.isna(value):
        return ""
    return show_half_up(value, max(0, min(decimals, 10)))  # half-up, and no "-0.00"


def _scale(finding: Finding) -> tuple[float, str, int]:
    """From the canonical unit back to the unit the figure was printed in, and its decimals."""
    reported = finding.reported
    return 1 / reported["to_canonical"], reported["unit_as_printed"], reported["decimals"]


def _row(finding: Finding, report: AuditReport, every: bool = False) -> dict:
    """One line of a display table; years as printed (FY2017/18), figures in the unit printed."""
    row = _fields(finding, every)
    if "year" in row:
        row["year"] = report.label(finding.year)
    return row


def explanation_text(finding: Finding, every: bool = False) -> str:
    """The best-ranked explanation of a figure not reproduced; with ``every``, all of them, then those the
    rest of the report contradicts, marked."""
    if finding.verdict != "not_reproduced" or not finding.explanation:
        return ""
    if not every:
        return finding.explanation[0]
    contradicted = [f"{a['definition']} [contradicted by {a['contradicted_by'][0]}]" for a in finding.alternatives
                    if a["reproduces"] and a.get("contradicted_by")]
    return "; ".join([*finding.explanation, *contradicted])


def _fields(finding: Finding, every: bool = False) -> dict:
    kind = finding.kind
    if kind == "reproduction":
        scale, unit, decimals = _scale(finding)
        r = finding.recomputed
        note = explanation_text(finding, every)
        if finding.verdict == "not_reproduced" and not note:
            note = "no alternative reproduces it"
            contradicted = [a for a in finding.alternatives if a["reproduces"] and a.get("contradicted_by")]
            if contradicted:  # say why the rule that would give it is not offered
                first = contradicted[0]
                note += f" ({first['description']} would, but is contradicted by {first['contradicted_by'][0]})"
        if finding.missing:
            note = "missing " + ", ".join(finding.missing)
        low, high = (_fmt(r.low * scale, decimals + 3), _fmt(r.high * scale, decimals + 3)) if r else ("", "")
        recomputed = "" if not r else low if low == high else f"[{low}, {high}]"
        return {"vintage": finding.vintage, "metric": finding.metric, "year": finding.year, "segment": finding.segment,
                "printed": finding.reported["text"], "recomputed": recomputed, "unit": unit, "verdict": finding.verdict,
                "reproduced by / missing": note}
    if kind == "activity":
        scale, unit, decimals = _scale(finding)
        return {"vintage": finding.vintage, "metric": finding.metric, "year": finding.year, "segment": finding.segment,
                "printed": finding.reported["text"], "computed": _fmt(finding.recomputed.low * scale, decimals + 2),
                "unit": unit, "verdict": finding.verdict}
    if kind == "identity":
        decimals = max([_decimals(i) for i in finding.inputs] or [0])
        total = finding.reported["text"] if "file" in finding.reported else _fmt(finding.reported["value"], decimals)
        parts = finding.reported["value"] + (finding.difference or 0)
        return {"vintage": finding.vintage, "identity": finding.metric, "year": finding.year, "segment": finding.segment,
                "total": total, "sum of parts": _fmt(parts, decimals) if finding.verdict != "not_checkable" else "",
                "difference": _fmt(finding.difference, decimals), "unit": finding.unit, "verdict": finding.verdict}
    if kind == "restatement":
        change = finding.change or {}
        percent = change.get("percent")
        earlier, later = finding.previous, finding.reported
        same = earlier["unit_as_printed"] == later["unit_as_printed"]   # else each side in its own unit
        return {"metric": finding.metric, "year": finding.year, "segment": finding.segment,
                "earlier": f"{earlier['vintage']}: {earlier['text']}{'' if same else ' ' + earlier['unit_as_printed']}",
                "later": f"{later['vintage']}: {later['text']}{'' if same else ' ' + later['unit_as_printed']}",
                "unit": later["unit_as_printed"] if same else "as printed",
                "change %": "" if percent is None else show_half_up(percent, 2, sign=True), "verdict": finding.verdict,
                "significant": "yes" if finding.significant else ""}
    if kind == "derivation":
        r = finding.recomputed
        return {"metric": finding.metric, "year": finding.year, "segment": finding.segment,
                "low": _fmt(r.low, 1), "high": _fmt(r.high, 1), "unit": finding.unit, "from": finding.definition,
                "inputs": finding.vintage}
    if kind == "denominator":
        groups = [f"{_fmt(a['low'], 0)} to {_fmt(a['high'], 0)}" for a in finding.alternatives]
        return {"vintage": finding.vintage, "year": finding.year, "headcounts implied": "; ".join(groups),
                "unit": finding.unit, "verdict": finding.verdict}
    if kind == "not_reported":
        return {"vintage": finding.vintage, "metric": finding.metric, "year": finding.year,
                "printed": finding.reported["text"], "why": finding.detail.split(": ", 2)[-1].split(";")[0],
                "where": f"{finding.reported['file']} row {finding.reported['row']}"}
    return {"vintage": finding.vintage, "metric": finding.metric, "year": finding.year,
            "printed": finding.reported["text"], "read as": finding.detail.split("read as ")[-1].split(";")[0],
            "where": f"{finding.reported['file']} row {finding.reported['row']}"}


def _decimals(figure: dict) -> int:
    """The decimals a printed input shows in its canonical unit, from its interval (one unit of the last printed
    digit wide: 9 703,90 is 9,703.895 to 9,703.905, two), whatever its decimal mark; else from its text."""
    width = figure.get("high", 0) - figure.get("low", 0) if figure.get("precision", "") == "" else 0
    if isinstance(width, (int, float)) and math.isfinite(width) and width > 0:
        return max(0, round(-math.log10(width)))
    text = str(figure.get("text", ""))
    return len(text.split(".")[1]) if "." in text else 0


def findings_frames(report: AuditReport, every: bool = False) -> dict[str, pd.DataFrame]:
    """One display table per kind of finding, in the order of SECTIONS (not-checkable ones apart); a figure not
    reproduced shows its best-ranked explanation, or all of them with ``every``."""
    frames = {}
    for kind in SECTIONS:
        shown = [f for f in report.of_kind(kind) if f.verdict != "not_checkable"]
        if shown:
            frames[kind] = pd.DataFrame([_row(f, report, every) for f in shown])
    return frames


def not_checkable_lines(report: AuditReport) -> list[str]:
    """Not-checkable findings, one line per metric: the years, and what is not printed (or, where nothing is
    missing, why: an exchange rate, a divisor that may be zero)."""
    grouped: dict[tuple, list] = {}
    alike: dict[tuple, dict[str, list]] = {}  # figures nothing checks, for one reason: one line for all of them
    for f in report.findings:
        if f.verdict == "not_checkable" and f.kind == "figure":
            name = f"{f.metric}{' (' + f.segment + ')' if f.segment else ''}"
            alike.setdefault((f.vintage, f.detail), {}).setdefault(name, []).append(report.label(f.year))
        elif f.verdict == "not_checkable":
            missing = sorted({m.split(" ")[0] for m in f.missing})
            why = f"{', '.join(missing)} not printed" if missing else f.detail
            key = (f.kind, f.vintage, f.metric, f.segment, why, bool(missing))
            grouped.setdefault(key, []).append(report.label(f.year))
    return [f"{vintage} {metric}{' (' + segment + ')' if segment else ''} {', '.join(years)}: "
            f"{kind} not checkable{',' if missing else ':'} {why}"
            for (kind, vintage, metric, segment, why, missing), years in grouped.items()] + [
        f"{vintage} {'; '.join(name + ' ' + ', '.join(years) for name, years in names.items())}: not checkable: {why}"
        for (vintage, why), names in alike.items()]


def summary_line(report: AuditReport) -> str:
    counts = report.summary
    said = ", ".join(f"{counts[v]} {v}" for v in VERDICTS if counts[v])
    if all(f.kind == "figure" for f in report.findings):  # each figure's own "not checkable", and nothing else
        # e.g. a revenue and a headcount alone: no formula, sum or inventory figure to check them against
        return ("Summary: nothing to check (no printed figure has a formula, a sum or an activity-data counterpart "
                "to be checked against)" + (f"; {said}, each listed above with why" if said else ""))
    return "Summary: " + said


def explained(report: AuditReport) -> list[Finding]:
    """Findings worth a sentence: failures, significant restatements, derivations, misprints, figures that
    depend on an input a later report restated."""
    return [f for f in report.findings if f.verdict in FAILING_VERDICTS or f.significant
            or f.kind in ("derivation", "misprint") or f.verdict == "inconsistent" or f.restated_inputs]


def finding_line(report: AuditReport, f: Finding) -> str:
    """One exception in a sentence, its year as printed."""
    return f"- [{f.verdict}] {f.vintage} {f.metric} {report.label(f.year)}{' ' + f.segment if f.segment else ''}: {f.detail}"


def pattern_lines(report: AuditReport, heading: str) -> list[str]:
    patterns = report.patterns
    if not patterns:
        return []
    failing = report.summary["not_reproduced"]
    lines = [f"{heading}What reproduces the figures that do not", ""] if heading else ["What reproduces the figures that do not"]
    for p in patterns:
        lines.append(f"- {p['description']}: {p['count']} of {failing} ({', '.join(p['figures'])})")
    return lines + [""]


def render_audit_summary(report: AuditReport) -> str:
    """The verdict counts, what explains the failures, and each exception the patterns leave open."""
    lines = [summary_line(report), ""] + pattern_lines(report, "")
    lines += [finding_line(report, f) for f in explained(report) if not (f.verdict == "not_reproduced" and f.explanation)]
    return "\n".join(lines)


# --- the audit as a whole ------------------------------------------------------------------

WIDTH = 100  # terminal columns the text output fits in


def _fit(lines: list[str], width: int | None = WIDTH) -> list[str]:
    """Each sentence wrapped at ``width``, continuation lines indented; table lines are fitted already."""
    if width is None:
        return list(lines)
    out = []
    for line in lines:
        out += wrap_to_columns(line, width, "", "  ", hyphens=False) if len(line) > width else [line]
    return out


def _segment_in_name(frame):
    """The segment written after the figure's name (``energy_per_capita (main_offices)``), not as a column."""
    if "segment" not in frame:
        return frame
    name = "metric" if "metric" in frame else "identity" if "identity" in frame else None
    frame = frame.copy()
    if name is not None:
        frame[name] = [f"{n} ({s})" if s else n for n, s in zip(frame[name], frame["segment"])]
    return frame.drop(columns="segment")


def render_audit_text(report: AuditReport, every: bool = False, width: int | None = WIDTH) -> str:
    """The audit for a terminal: one table per kind of finding, then the sentences; it fits ``width`` columns
    (100 by default; None: every line whole)."""
    missing = report.summary["not_reported"]
    lines = _fit([f"{report.name}: audit of {report.figures} printed figures"
                  f"{f' (and {missing} printed as no number: not reported)' if missing else ''} in {', '.join(report.files)}",
                  f"Rounding rule: {report.rounding_rule}.",
                  *([f"Fiscal years: {report.fiscal_year}."] if report.year_labels else []),
                  f"A restatement is significant above {percent_text(report.significance_threshold)}%."], width) + [""]
    for kind, frame in findings_frames(report, every).items():
        frame = _segment_in_name(frame)
        notes = "reproduced by / missing" if kind == "reproduction" else None
        lines += [*_fit([SECTIONS[kind]], width), render_table(frame, width=width, notes=notes), ""]
    unchecked = not_checkable_lines(report)
    if unchecked:
        lines += ["Not checkable (an input is not printed in any table, or nothing checks the figure)", *_fit(unchecked, width), ""]
    lines += _fit(pattern_lines(report, ""), width)
    exceptions = explained(report)
    if exceptions:
        lines.append("What the exceptions mean")
        lines += _fit([finding_line(report, f) for f in exceptions], width)
        lines.append("")
    lines += _fit([summary_line(report)], width)
    return "\n".join(lines)


def render_audit_markdown(report: AuditReport, every: bool = False) -> str:
    """An audit memo for working papers: scope, rule, summary, exceptions, then every finding."""
    counts = report.summary
    lines = [f"# Audit memo: {report.name}", "",
             "## Scope and method", "",
             f"- Figures audited: {report.figures}, typed as printed from {', '.join(f'`{f}`' for f in report.files)}.",
             f"- Rounding rule: {report.rounding_rule}.",
             *([f"- Fiscal years: {report.fiscal_year}."] if report.year_labels else []),
             "- A figure reproduces when the interval recomputed from its printed inputs overlaps its own printed interval;"
             " an identity holds when the interval of the sum of printed components overlaps the printed total's.",
             f"- Restatements between reports are significant above {percent_text(report.significance_threshold)}%.", "",
             "## Summary", "", "| verdict | count |", "| --- | ---: |"]
    lines += [f"| {v} | {counts[v]} |" for v in VERDICTS if counts[v]]
    lines += ["", *pattern_lines(report, "## "), "## Exceptions", ""]
    exceptions = explained(report)
    if not exceptions:
        lines.append("None.")
    for f in exceptions:
        where = f"{f.vintage} " if f.vintage else ""
        lines.append(f"- **{f.metric} {report.label(f.year)}{' (' + f.segment + ')' if f.segment else ''}**, {where}({f.kind}, "
                     f"{f.verdict}): {f.detail}")
    lines += ["", "## All findings", ""]
    for kind, frame in findings_frames(report, every).items():
        lines += [f"### {SECTIONS[kind]}", "", render_markdown(frame), ""]
    unchecked = not_checkable_lines(report)
    if unchecked:
        lines += ["### Not checkable (an input is not printed in any table, or nothing checks the figure)", "", *[f"- {line}" for line in unchecked], ""]
    return "\n".join(lines).rstrip() + "\n"
