"""The workspace report as one self-contained HTML file: inline CSS, charts as inline SVG, no network.

Why Jinja2 with autoescape: every company name, segment, file name and finding comes from a
user's files, and a report is opened in a browser and sent on; the template engine escapes
every value it writes, and no HTML is assembled by string concatenation here.
"""

from __future__ import annotations

from importlib import resources

import jinja2
import pandas as pd

from ghgcalc.outputs.audit_text import SECTIONS, explained, summary_line
from ghgcalc.outputs.headline import shown
from ghgcalc.outputs.svg_charts import NARROW, pathway_chart
from ghgcalc.outputs.target_text import gap_of_base, show
from ghgcalc.targets.kinds import display_unit
from ghgcalc.targets.progress import status_reason
from ghgcalc.core.intervals import show_half_up
from ghgcalc.core.percent import PERCENT_PER_FRACTION

TEMPLATE = "report.html.j2"
PATTERN_EXAMPLES = 3


def _environment() -> jinja2.Environment:
    folder = resources.files("ghgcalc").joinpath("outputs/templates")
    loader = jinja2.DictLoader({TEMPLATE: folder.joinpath(TEMPLATE).read_text(encoding="utf-8")})
    return jinja2.Environment(loader=loader, autoescape=True, undefined=jinja2.StrictUndefined,
                              trim_blocks=True, lstrip_blocks=True)


def _rows(frame: pd.DataFrame | None) -> list[dict]:
    if frame is None:
        return []
    rows = []
    for row in frame.to_dict("records"):
        value = None if pd.isna(row["value"]) else float(row["value"])
        change = row["change_percent"]
        rows.append({**row, "value": value,
                     "value_text": shown(row["value"], row.get("decimals")) if value is not None else "not reported",
                     "previous_text": shown(row["previous"], row.get("previous_decimals")),
                     "change_text": "" if change is None or pd.isna(change) else f"{show_half_up(change, 1, sign=True)} %"})
    return rows


def _scenario_rows(frame: pd.DataFrame | None, years) -> list[dict]:
    """Each scenario's verdict on each target, numbers written for reading, years as the company labels them."""
    if frame is None:
        return []
    rows = []
    for row in years.label_columns(frame, ("target year",)).to_dict("records"):
        first = row.get("first year met")
        unit = row.get("unit")
        rows.append({**row, "level": shown(row["level"]), "projected": shown(row["projected"]),
                     "unit": "" if unit is None or pd.isna(unit) else unit,
                     "first year met": "" if first is None or pd.isna(first) else years.label_of(first)})
    return rows


def _cell(value, numeric: bool) -> str:
    if numeric:
        return "-" if value is None or pd.isna(value) else shown(value)
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def table_context(frame: pd.DataFrame | None, note: str | None = None, text: tuple = ()) -> dict | None:
    """A frame for the template: headers, cells as text (numbers written for reading, right-aligned), and a note
    per row (shown under it) taken from the ``note`` column."""
    if frame is None or not len(frame):
        return None
    columns = [c for c in frame.columns if c != note]
    numeric = {c for c in columns if pd.api.types.is_numeric_dtype(frame[c]) and c not in text}
    rows = [{"cells": [(_cell(r[c], c in numeric), c in numeric) for c in columns],
             "note": _cell(r.get(note), False) if note else ""} for r in frame.to_dict("records")]
    return {"columns": [(str(c), c in numeric) for c in columns], "rows": rows}


def sections_context(report) -> dict:
    """The report's inventory by year, Scope 3 by category, instruments and methodology for the template."""
    sections = report.sections
    if sections is None:
        return {"years": None, "scope3": None, "instruments": None, "methodology": [], "notes": {}, "changes": []}
    years = sections.years.drop(columns=["unit"]) if sections.years is not None else None
    return {"years": table_context(years, "note"), "scope3": table_context(sections.scope3, "reason"),
            "instruments": table_context(sections.instruments),
            "methodology": list(sections.methodology), "notes": dict(sections.notes), "changes": list(sections.changes)}


def target_context(progress) -> dict:
    """What the template shows of one target: its figures as text, its verdict and its chart."""
    f = progress.display_factor
    share = progress.target.kind.share
    pct = " %" if share else ""
    status = progress.status
    if status == "base year" and progress.gap is not None:
        status = "base year: no progress measurable yet"
    return {"id": progress.target.id, "reading": progress.target.reading, "status": status,
            "status_class": progress.status.replace(" ", "-"),
            "base": show(progress.base.recalculated or progress.base.as_set, f, pct),
            "actual": show(progress.actual.figure, f, pct), "pathway": show(progress.pathway_value, f, pct),
            "level": show(progress.target_level, f, pct), "gap": show(progress.gap, f, " pp" if share else ""),
            "gap_of_base": gap_of_base(progress),
            "gap_of_level": show(progress.gap_fraction, PERCENT_PER_FRACTION, " %", 1),
            "unit": display_unit(progress.target), "chart": pathway_chart(progress),
            "chart_narrow": pathway_chart(progress, *NARROW),
            "notes": [f"Actual {progress.target.label(progress.year)}: {progress.actual.source}"] + list(progress.notes)
            + ([f"{progress.status}: {reason}"] if (reason := status_reason(progress)) and reason != progress.actual.source
               else [])}  # why there is no gap (a base year without a part of the metric), as the text says it


def audit_context(audit) -> dict:
    """The audit's verdict counts, patterns, and the findings worth a sentence grouped by kind."""
    groups = {}
    for finding in explained(audit):
        segment = f" {finding.segment}" if finding.segment else ""
        what = f"{finding.vintage} {finding.metric} {audit.label(finding.year)}{segment}"  # the year as printed
        groups.setdefault(finding.kind, []).append({"verdict": finding.verdict, "what": what,
                                                    "detail": finding.detail})
    patterns = [{"description": p["description"], "count": p["count"],
                 "examples": ", ".join(p["figures"][:PATTERN_EXAMPLES])} for p in audit.patterns]
    return {"figures": audit.figures, "summary": summary_line(audit).removeprefix("Summary: "),
            "patterns": patterns,
            "groups": [{"title": SECTIONS.get(kind, kind), "findings": items} for kind, items in groups.items()]}


def render_html(report) -> str:
    """The report's HTML: headline, intensities, targets with charts, audit, sources and manifest."""
    manifest = report.manifest or {}
    label = report.years.label_of
    year = None if report.year is None else label(report.year)
    context = {
        "name": report.name, "path": report.path, "year": year,
        "previous_year": None if report.year is None else label(report.year - 1),
        "gwp_set": report.inventory.gwp_set if report.inventory else manifest.get("gwp_set"),
        "headline": _rows(report.headline), "intensities": _rows(report.intensities),
        "prefer_note": getattr(report, "prefer_note", ""),
        "targets": [target_context(p) for p in report.targets.progress] if report.targets else [],
        "targets_year": report.targets.year_label if report.targets else year,
        "audit": audit_context(report.audit) if report.audit else None,
        "scenarios": _scenario_rows(report.scenarios, report.years), "problems": list(report.problems),
        "sections": sections_context(report),
        "sources": manifest.get("inputs_described", []), "factors": manifest.get("factors_used", []),
        "manifest": {"ghgcalc_version": manifest.get("ghgcalc_version", ""), "python": manifest.get("python", ""),
                     "libraries": manifest.get("libraries", {}), "gwp_set": manifest.get("gwp_set")},
    }
    return _environment().get_template(TEMPLATE).render(**context)
