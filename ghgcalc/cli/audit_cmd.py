"""``ghgcalc audit`` and ``ghgcalc intensity``: thin commands over ghgcalc.audit.checks and ghgcalc.audit.intensity."""

from __future__ import annotations

import sys
from pathlib import Path

import click
import pandas as pd

from ghgcalc.audit.checks import audit_workspace
from ghgcalc.audit.findings import FAILING_VERDICTS, VERDICTS, AuditReport, Finding
from ghgcalc.cli.output import echo_json, render_markdown, render_table
from ghgcalc.figures.metrics import load_workspace_vocabulary
from ghgcalc.audit.intensity import SCOPE_COMBINATIONS, compute_intensities, intensities_frame
from ghgcalc.core.intervals import ROUNDING_RULE
from ghgcalc.figures.money import load_fx
from ghgcalc.figures.reported import read_reported
from ghgcalc.workspace.config import load_workspace

SECTIONS = {
    "reproduction": "Reproductions: figures recomputed from the report's own inputs (in the unit as printed)",
    "identity": "Identities: totals against their components, and one figure printed in two tables",
    "restatement": "Restatements: one figure in two reports",
    "derivation": "Derivations: what the rounded figures imply about quantities not printed",
    "misprint": "Misprints: figures read differently from their print",
}


def _fmt(value: float | None, decimals: int) -> str:
    if value is None or pd.isna(value):
        return ""
    decimals = max(0, min(decimals, 10))
    return f"{(value if round(value, decimals) else 0.0):,.{decimals}f}"  # no "-0.00"


def _scale(finding: Finding) -> tuple[float, str, int]:
    """From the canonical unit back to the unit the figure was printed in, and its decimals."""
    reported = finding.reported
    return 1 / reported["to_canonical"], reported["unit_as_printed"], reported["decimals"]


def _row(finding: Finding) -> dict:
    kind = finding.kind
    if kind == "reproduction":
        scale, unit, decimals = _scale(finding)
        r = finding.recomputed
        note = "; ".join(finding.explanation) if finding.verdict == "not_reproduced" else ""
        if finding.verdict == "not_reproduced" and not note:
            note = "no alternative reproduces it"
        if finding.missing:
            note = "missing " + ", ".join(finding.missing)
        recomputed = f"[{_fmt(r.low * scale, decimals + 3)}, {_fmt(r.high * scale, decimals + 3)}]" if r else ""
        return {"vintage": finding.vintage, "metric": finding.metric, "year": finding.year, "segment": finding.segment,
                "printed": finding.reported["text"], "recomputed": recomputed, "unit": unit, "verdict": finding.verdict,
                "reproduced by / missing": note}
    if kind == "identity":
        decimals = max([_decimals(i["text"]) for i in finding.inputs] or [0])
        total = finding.reported["text"] if "file" in finding.reported else _fmt(finding.reported["value"], decimals)
        parts = finding.reported["value"] + (finding.difference or 0)
        return {"vintage": finding.vintage, "identity": finding.metric, "year": finding.year, "segment": finding.segment,
                "total": total, "sum of parts": _fmt(parts, decimals) if finding.verdict != "not_checkable" else "",
                "difference": _fmt(finding.difference, decimals), "unit": finding.unit, "verdict": finding.verdict}
    if kind == "restatement":
        change = finding.change or {}
        percent = change.get("percent")
        return {"metric": finding.metric, "year": finding.year, "segment": finding.segment,
                "earlier": f"{finding.previous['vintage']}: {finding.previous['text']}",
                "later": f"{finding.reported['vintage']}: {finding.reported['text']}",
                "unit": finding.reported["unit_as_printed"],
                "change %": "" if percent is None else f"{percent:+,.2f}", "verdict": finding.verdict,
                "significant": "yes" if finding.significant else ""}
    if kind == "derivation":
        r = finding.recomputed
        return {"metric": finding.metric, "year": finding.year, "segment": finding.segment,
                "low": _fmt(r.low, 1), "high": _fmt(r.high, 1), "unit": finding.unit, "from": finding.definition,
                "inputs": finding.vintage}
    return {"vintage": finding.vintage, "metric": finding.metric, "year": finding.year,
            "printed": finding.reported["text"], "read as": finding.detail.split("read as ")[-1].split(";")[0],
            "where": f"{finding.reported['file']} row {finding.reported['row']}"}


def _decimals(text: str) -> int:
    return len(text.split(".")[1]) if "." in str(text) else 0


def findings_frames(report: AuditReport) -> dict[str, pd.DataFrame]:
    """One display table per kind of finding, in the order of SECTIONS (not-checkable ones apart)."""
    frames = {}
    for kind in SECTIONS:
        shown = [f for f in report.of_kind(kind) if f.verdict != "not_checkable"]
        if shown:
            frames[kind] = pd.DataFrame([_row(f) for f in shown])
    return frames


def not_checkable_lines(report: AuditReport) -> list[str]:
    """Not-checkable findings, one line per metric: the years, and what is not printed."""
    grouped: dict[tuple, list] = {}
    for f in report.findings:
        if f.verdict == "not_checkable":
            missing = sorted({m.split(" ")[0] for m in f.missing}) or [f.detail]
            key = (f.kind, f.vintage, f.metric, f.segment, ", ".join(missing))
            grouped.setdefault(key, []).append(f.year)
    return [f"{vintage} {metric}{' (' + segment + ')' if segment else ''} {', '.join(map(str, sorted(years)))}: "
            f"{kind} not checkable, {missing} not printed"
            for (kind, vintage, metric, segment, missing), years in grouped.items()]


def _summary_line(report: AuditReport) -> str:
    counts = report.summary
    return "Summary: " + ", ".join(f"{counts[v]} {v}" for v in VERDICTS if counts[v])


def _explained(report: AuditReport) -> list[Finding]:
    """Findings worth a sentence: failures, significant restatements, derivations, misprints."""
    return [f for f in report.findings if f.verdict in FAILING_VERDICTS or f.significant
            or f.kind in ("derivation", "misprint")]


def _pattern_lines(report: AuditReport, heading: str) -> list[str]:
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
    lines = [_summary_line(report), ""] + _pattern_lines(report, "")
    lines += [f"- [{f.verdict}] {f.vintage} {f.metric} {f.year}{' ' + f.segment if f.segment else ''}: {f.detail}"
              for f in _explained(report) if not (f.verdict == "not_reproduced" and f.explanation)]
    return "\n".join(lines)


def render_audit_text(report: AuditReport) -> str:
    lines = [f"{report.name}: audit of {report.figures} printed figures in {', '.join(report.files)}",
             f"Rounding rule: {report.rounding_rule}.",
             f"A restatement is significant above {report.significance_threshold * 100:g}%.", ""]
    for kind, frame in findings_frames(report).items():
        lines += [SECTIONS[kind], render_table(frame), ""]
    unchecked = not_checkable_lines(report)
    if unchecked:
        lines += ["Not checkable (an input is not printed in any table)", *unchecked, ""]
    lines += _pattern_lines(report, "")
    explained = _explained(report)
    if explained:
        lines.append("What the exceptions mean")
        lines += [f"- [{f.verdict}] {f.vintage} {f.metric} {f.year}{' ' + f.segment if f.segment else ''}: {f.detail}"
                  for f in explained]
        lines.append("")
    lines.append(_summary_line(report))
    return "\n".join(lines)


def render_audit_markdown(report: AuditReport) -> str:
    """An audit memo for working papers: scope, rule, summary, exceptions, then every finding."""
    counts = report.summary
    lines = [f"# Audit memo: {report.name}", "",
             "## Scope and method", "",
             f"- Figures audited: {report.figures}, typed as printed from {', '.join(f'`{f}`' for f in report.files)}.",
             f"- Rounding rule: {report.rounding_rule}.",
             "- A figure reproduces when the interval recomputed from its printed inputs overlaps its own printed interval;"
             " an identity holds when the interval of the sum of printed components overlaps the printed total's.",
             f"- Restatements between reports are significant above {report.significance_threshold * 100:g}%.", "",
             "## Summary", "", "| verdict | count |", "| --- | ---: |"]
    lines += [f"| {v} | {counts[v]} |" for v in VERDICTS if counts[v]]
    lines += ["", *_pattern_lines(report, "## "), "## Exceptions", ""]
    explained = _explained(report)
    if not explained:
        lines.append("None.")
    for f in explained:
        where = f"{f.vintage} " if f.vintage else ""
        lines.append(f"- **{f.metric} {f.year}{' (' + f.segment + ')' if f.segment else ''}**, {where}({f.kind}, "
                     f"{f.verdict}): {f.detail}")
    lines += ["", "## All findings", ""]
    for kind, frame in findings_frames(report).items():
        lines += [f"### {SECTIONS[kind]}", "", render_markdown(frame), ""]
    unchecked = not_checkable_lines(report)
    if unchecked:
        lines += ["### Not checkable (an input is not printed in any table)", "", *[f"- {line}" for line in unchecked], ""]
    return "\n".join(lines).rstrip() + "\n"


@click.command("audit")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["table", "json", "markdown"]), default="table", show_default=True,
              help="table for reading, json for machines (contract in docs/audit.md), markdown for an audit memo.")
@click.option("--no-fail", is_flag=True, help="Exit 0 even when a figure does not reproduce or an identity fails.")
def audit(path, fmt, no_fail):
    """Check a workspace's reported figures against each other, at the precision printed.

    Reproduces every intensity and share from the report's own inputs (and says which
    alternative definition reproduces it when the stated one does not), checks that
    tables add up, compares figures between reports, derives what the rounded figures
    imply, and lists misprints. Exit code 1 when any figure or identity fails.
    """
    report = audit_workspace(load_workspace(path))
    if fmt == "json":
        echo_json(report.to_dict())
    elif fmt == "markdown":
        click.echo(render_audit_markdown(report), nl=False)
    else:
        click.echo(render_audit_text(report))
    if report.failed and not no_fail:
        sys.exit(1)


@click.command("intensity")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("--numerator", default="S1+2", show_default=True,
              help=f"A scope combination ({', '.join(SCOPE_COMBINATIONS)}), a metric (energy_total) or a formula.")
@click.option("--per", type=click.Choice(["revenue", "capita"]), default="revenue", show_default=True)
@click.option("--currency", default="million RMB", show_default=True,
              help="Revenue unit: 'million RMB', '万 RMB', 'USD million' (another currency needs --fx).")
@click.option("--headcount", default="workforce_total", show_default=True,
              help="Headcount metric for --per capita: workforce_total, workforce_fulltime, or a company metric.")
@click.option("--fx", "fx_file", type=click.Path(exists=True, path_type=Path),
              help="FX table (date_or_year,from,to,rate,source); default: the workspace's [data] fx.")
@click.option("--year", "years", multiple=True, type=int, help="Only these years (repeatable).")
@click.option("--vintage", help="Prefer this vintage's figures (default: the newest vintage that prints each).")
@click.option("--segment", default="", help="A segment of the report's boundary (default: the whole boundary).")
@click.option("--decimals", type=int, help="Also show the face value rounded half-up to this many decimals.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "markdown"]), default="table", show_default=True)
def intensity(path, numerator, per, currency, headcount, fx_file, years, vintage, segment, decimals, fmt):
    """Emissions or energy intensity per revenue or per capita (ESRS E1-6, GRI 305-4), as intervals."""
    workspace = load_workspace(path)
    vocabulary = load_workspace_vocabulary(workspace.root, workspace.metrics_file)
    figures = read_reported(workspace.reported_files, vocabulary)
    fx_path = fx_file or workspace.fx_file
    fx = load_fx(fx_path) if fx_path else None
    results = compute_intensities(figures, vocabulary, numerator, per, currency=currency, headcount=headcount, fx=fx,
                                  years=list(years) or None, segment=segment, vintage=vintage)
    frame = intensities_frame(results, decimals)
    rows = frame.to_dict("records")
    if fmt == "json":
        echo_json({"numerator": numerator, "per": per, "rounding_rule": ROUNDING_RULE, "rows": [
            {**row, "inputs": list(r.inputs), "fx": r.fx_note} for row, r in zip(rows, results)]})
        return
    if fmt == "csv":
        click.echo(frame.to_csv(index=False, float_format="%.10g"), nl=False)
        return
    denominator = headcount if per == "capita" else f"revenue in {currency}"
    title = f"{workspace.name}: {numerator} per {denominator}; intervals from the printed precision (half-up)"
    if fmt == "markdown":
        click.echo(f"{title}\n\n{render_markdown(frame, 6)}")
    else:
        click.echo(title)
        click.echo(render_table(frame, 6))
    for note in dict.fromkeys(r.fx_note for r in results if r.fx_note):
        click.echo(f"FX: {note}")
    if not results:
        click.echo("(no year prints both the numerator and the denominator)", err=True)


COMMANDS = (audit, intensity)
