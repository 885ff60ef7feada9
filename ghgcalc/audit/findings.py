"""Audit findings: what one check concluded, and how findings are numbered, worded and counted.

The data model of ``ghgcalc.audit.checks`` (its JSON contract is documented in docs/audit.md),
kept apart from the checks that produce it.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field

import pandas as pd

from ghgcalc.core.formula import Formula
from ghgcalc.core.intervals import ROUNDING_RULE, Interval, show_digits, show_half_up
from ghgcalc.core.percent import to_percent
from ghgcalc.figures.rules import Rule  # noqa: F401 (the rule tables' rows, read with the findings)

KINDS = ("reproduction", "identity", "restatement", "derivation", "misprint", "denominator", "activity",
         "not_reported", "figure")
VERDICTS = ("reproduced", "not_reproduced", "not_checkable", "holds", "fails", "derived", "restated", "misprint",
            "inconsistent", "not_reported")
FAILING_VERDICTS = ("not_reproduced", "fails")
CONTRACT_VERSION = 1


@dataclass(frozen=True)
class Finding:
    """One verdict on one figure, identity, restatement, derivation or misprint.

    Values are in the metric's canonical unit (``unit``); ``reported`` keeps the text as
    printed. ``explanation`` lists the alternative definitions that reproduce a figure.
    """

    kind: str
    verdict: str
    metric: str
    year: int
    unit: str
    definition: str
    vintage: str = ""
    segment: str = ""
    reported: dict | None = None
    recomputed: Interval | None = None
    explanation: tuple[str, ...] = ()
    detail: str = ""
    distance: float | None = None
    difference: float | None = None
    inputs: tuple[dict, ...] = ()
    alternatives: tuple[dict, ...] = ()
    implied: tuple[dict, ...] = ()
    missing: tuple[str, ...] = ()
    previous: dict | None = None
    change: dict | None = None
    significant: bool | None = None
    restated_inputs: tuple[dict, ...] = ()  # printed inputs a later report restated: the figure may be stale
    assumptions: tuple[str, ...] = ()  # what the check had to assume (an input not printed, another definition)
    depends_on: tuple[str, ...] = ()  # identity: the figures that use its total or parts; figure: failing identities

    @property
    def failed(self) -> bool:
        return self.verdict in FAILING_VERDICTS

    def to_dict(self) -> dict:
        """The JSON contract's finding (``recomputed`` becomes {low, high})."""
        return asdict(self)


@dataclass(frozen=True)
class AuditReport:
    """All findings of one audit, with the rule used for rounding and the threshold."""

    name: str
    findings: tuple[Finding, ...]
    significance_threshold: float
    files: tuple[str, ...] = ()
    figures: int = 0
    rounding_rule: str = ROUNDING_RULE
    year_labels: dict = field(default_factory=dict)  # year -> the label as printed ("FY2017/18"), where not the year
    fiscal_year: str = "years are calendar years"

    def label(self, year: int) -> str:
        return self.year_labels.get(int(year), str(year))

    @property
    def summary(self) -> dict[str, int]:
        counts = {v: 0 for v in VERDICTS}
        for finding in self.findings:
            counts[finding.verdict] += 1
        return counts

    @property
    def failed(self) -> bool:
        return any(f.failed for f in self.findings)

    def of_kind(self, kind: str) -> list[Finding]:
        return [f for f in self.findings if f.kind == kind]

    @property
    def patterns(self) -> list[dict]:
        """Alternative definitions that explain several figures at once, most figures first.

        Why: twenty per-capita figures that all reproduce with full-time employees are
        one finding about the report's denominator, not twenty unrelated ones.
        """
        groups: dict[str, list[str]] = {}
        for f in self.findings:
            if f.verdict == "not_reproduced":
                consistent = (a for a in f.alternatives if a["reproduces"] and a.get("consistent", True))
                for description in dict.fromkeys(a["description"] for a in consistent):
                    groups.setdefault(description, []).append(f"{f.vintage} {f.metric} {self.label(f.year)}")
        return [{"description": d, "count": len(figures), "figures": figures}
                for d, figures in sorted(groups.items(), key=lambda item: -len(item[1]))]

    def to_frame(self) -> pd.DataFrame:
        """One row per finding: what it is about, the verdict, the printed and recomputed figures, in words."""
        return pd.DataFrame([_frame_row(f) for f in self.findings], columns=FRAME_COLUMNS)

    def labelled_frame(self) -> pd.DataFrame:
        """:meth:`to_frame` for people (a workbook sheet): each year as the company labels it (FY2024), as every
        other sheet shows it; :meth:`to_frame` keeps the calendar year, as the JSON does."""
        frame = self.to_frame()
        if self.year_labels:
            frame["year"] = [self.label(y) for y in frame["year"]]
        return frame

    def to_dict(self) -> dict:
        """The JSON document of ``ghgcalc audit --format json`` (contract: docs/audit.md)."""
        return {
            "contract_version": CONTRACT_VERSION, "workspace": self.name, "files": list(self.files),
            "figures": self.figures, "rounding_rule": self.rounding_rule, "fiscal_year": self.fiscal_year,
            "year_labels": {str(y): text for y, text in self.year_labels.items()},
            "significance_threshold_percent": to_percent(self.significance_threshold),
            "summary": self.summary, "failed": self.failed, "patterns": self.patterns,
            "findings": [f.to_dict() for f in self.findings],
        }


FRAME_COLUMNS = ("kind", "verdict", "metric", "year", "segment", "vintage", "unit", "definition", "printed",
                 "printed_value", "recomputed_low", "recomputed_high", "difference", "significant", "detail")


def _frame_row(f: Finding) -> dict:
    """A finding flattened; numbers in the metric's canonical unit (``unit``), ``printed`` as printed."""
    reported = f.reported or {}
    return {"kind": f.kind, "verdict": f.verdict, "metric": f.metric, "year": f.year, "segment": f.segment,
            "vintage": f.vintage, "unit": f.unit, "definition": f.definition, "printed": reported.get("text"),
            "printed_value": reported.get("value"),
            "recomputed_low": None if f.recomputed is None else f.recomputed.low,
            "recomputed_high": None if f.recomputed is None else f.recomputed.high,
            "difference": f.difference, "significant": f.significant, "detail": f.detail}


def interval_of(record: dict) -> Interval:
    return Interval(record["low_c"], record["high_c"])


def where(record: dict) -> str:
    if record.get("derivation"):
        return record["derivation"]
    return f"{record['file']} row {record['row']}"


def reported_record(record: dict) -> dict:
    return {"text": record["text"], "value": record["value_c"], "low": record["low_c"], "high": record["high_c"],
            "unit_as_printed": record["unit"], "decimals": int(record["decimals"]), "to_canonical": record["to_canonical"],
            "vintage": record["vintage"], "file": record["file"], "row": int(record["row"]),
            "precision": record.get("precision", ""), "year_label": record.get("year_label", str(record["year"])),
            "source": record.get("source", ""), "note": record.get("note", "")}


def input_record(record: dict) -> dict:
    return {"metric": record["metric"], "year": int(record["year"]), "segment": record["segment"],
            "vintage": record["vintage"], "text": record["text"], "low": record["low_c"], "high": record["high_c"],
            "unit": record["canonical_unit"], "where": where(record), "precision": record.get("precision", "")}


def label(metric: str, year: int, segment: str) -> str:
    return f"{metric} {year}" + (f" ({segment})" if segment else "")


def number_text(value: float, decimals: int | None = None) -> str:
    """A number for a sentence: thousands separators; ``decimals`` places, or six significant digits."""
    if value is None or math.isnan(value):
        return "-"
    if decimals is not None:
        return show_half_up(value, max(0, min(decimals, 10)))
    return show_digits(value) if abs(value) < 1e6 else show_half_up(value, 0)


def span_text(interval: Interval, decimals: int | None = None) -> str:
    return f"{number_text(interval.low, decimals)} to {number_text(interval.high, decimals)}"


def canonical_decimals(record: dict) -> int:
    """How many decimals a figure shows once expressed in its metric's canonical unit."""
    return max(0, int(record["decimals"]) - round(math.log10(record["to_canonical"])))


def face_value(bound, records: dict) -> float:
    return bound.evaluate({m: r["value_c"] for m, r in records.items()}).mid
