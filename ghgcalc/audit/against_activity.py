"""Printed figures against the workspace's own activity data: what an auditor recomputes from the records.

Why: a report that prints Scope 1 as 103.23 t should be what its activity records and the
factors give. The table of figures holds both, the printed figure (an interval at its
printed precision) and the computed one (with the inventory as its lineage), so the check
is whether the computed value lies in the printed interval, for the same metric, year and
segment. A printed figure with no computed twin is left to the other checks.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from ghgcalc.audit.findings import Finding, reported_record
from ghgcalc.core.intervals import Interval
from ghgcalc.workspace.choice import activity_verdict

KIND = "activity"
KEYS = ["metric", "year", "segment"]


def check_against_activity(printed: pd.DataFrame, computed: pd.DataFrame | None) -> list[Finding]:
    """One finding per printed figure that the inventory also computes: reproduced or not."""
    if computed is None or not len(computed) or not len(printed):
        return []
    twins = computed[KEYS + ["value_c", "source"]].rename(columns={"value_c": "computed_c", "source": "computed_from"})
    twins = twins.drop_duplicates(KEYS)
    merged = printed.merge(twins, on=KEYS, how="inner")
    return _restated([_finding(record) for record in merged.to_dict("records")]) + _unknown_segments(printed, computed)


def _unknown_segments(printed: pd.DataFrame, computed: pd.DataFrame) -> list[Finding]:
    """A printed figure of a segment the activity data never name, for a metric they compute: said, not dropped.

    Why: a segment typed differently in the reported table and the activity rows ('EV' and
    'ev_factory') would otherwise leave the figure out of this check without a word.
    """
    known = set(computed["segment"].astype(str))
    if not known - {""}:  # activity data without segments: no segment's figure could be compared
        return []
    computed_metrics = set(zip(computed["metric"], computed["year"]))
    out = []
    for record in printed.to_dict("records"):
        segment = str(record["segment"])
        if segment and segment not in known and (record["metric"], record["year"]) in computed_metrics:
            listed = ", ".join(sorted(s for s in known if s)) or "none"
            out.append(Finding(kind=KIND, verdict="not_checkable", metric=record["metric"], year=int(record["year"]),
                               unit=record["canonical_unit"], definition="", vintage=record["vintage"], segment=segment,
                               reported=reported_record(record), recomputed=None, difference=None,
                               detail=f"the activity data name no segment {segment!r} (their segments: {listed}); "
                                      "the figure cannot be compared with them"))
    return out


def _restated(findings: list[Finding]) -> list[Finding]:
    """An earlier print that the activity data do not give, where a later print they do give: restated.

    Why: the inventory is kept on the current boundary and method; a superseded print is a
    restatement (which the restatement check measures), not a figure the records contradict.
    """
    reproduced = {}
    for f in findings:
        if f.verdict == "reproduced":
            reproduced.setdefault((f.metric, f.year, f.segment), f)
    out = []
    for f in findings:
        later = reproduced.get((f.metric, f.year, f.segment))
        if f.verdict == "not_reproduced" and later is not None:
            f = replace(f, verdict="restated", detail=f"{f.detail}; they give {later.vintage}'s {later.reported['text']}: "
                                                      "the two prints differ (a restatement, or a misprint)")
        out.append(f)
    return out


def _finding(record: dict) -> Finding:
    value = float(record["computed_c"])
    ok, detail = activity_verdict(record, value)  # the sentence every output quotes for a failing print
    return Finding(kind=KIND, verdict="reproduced" if ok else "not_reproduced", metric=record["metric"],
                   year=int(record["year"]), unit=record["canonical_unit"], definition=str(record["computed_from"]),
                   vintage=record["vintage"], segment=record["segment"], reported=reported_record(record),
                   recomputed=Interval(value, value), difference=value - float(record["value_c"]), detail=detail)
