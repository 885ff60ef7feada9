"""A scenario run's views as tables, made from its JSON records so that both always agree.

The targets view is for reading: each figure is text, the median with its 5-95 % range
for an uncertain run; the other views hold numbers.
"""

from __future__ import annotations

import pandas as pd

from ghgcalc.core.percent import probability_text
from ghgcalc.scenarios.records import COST_COLUMNS, YEAR_SERIES


def _shown(band: dict, uncertain: bool, decimals: int = 2) -> str:
    if band["value"] is None:
        return "-"
    text = f"{band['value']:,.{decimals}f}"
    if not uncertain or band["low"] == band["high"]:
        return text
    return f"{text} [{band['low']:,.{decimals}f} to {band['high']:,.{decimals}f}]"


def _year(record: dict, key: str) -> str:
    """A year of a record for reading: the company's label where the document has one, else the year."""
    return str(record.get(f"{key}_label", record[key]))


def _targets(document: dict, uncertain: bool) -> pd.DataFrame:
    rows = []
    for r in document["targets"]:
        if not r["projected"]:
            rows.append({"target": r["id"], "unit": r["unit"], "target year": _year(r, "target_year"),
                         "status": "not projected"})
            continue
        rows.append({"target": r["id"], "unit": r["unit"], "base": _shown(r["base"], uncertain),
                     "level": _shown(r["level"], False), "target year": _year(r, "target_year"),
                     "projected": _shown(r["in_target_year"]["projected"], uncertain),
                     "gap": _shown(r["in_target_year"]["gap"], uncertain),
                     "first year met": _year(r, "first_year_met") if r["first_year_met"] else "-",
                     **({"P(met)": probability_text(r['in_target_year']['probability_met'])} if uncertain else {}),
                     "status": r["status"]})
    return pd.DataFrame(rows).fillna("")


def _years(document: dict, uncertain: bool) -> pd.DataFrame:
    rows = []
    for r in document["years"]:
        row = {"year": r["year"], **({"year_label": r["year_label"]} if "year_label" in r else {})}
        for name in YEAR_SERIES:
            row[name] = r[name]["value"]
            if uncertain:
                row[f"{name}_p5"], row[f"{name}_p95"] = r[name]["low"], r[name]["high"]
        row.update({f"scope12_{s}": v["value"] for s, v in r["segments"].items()})
        row.update({f"{k}_t": v["value"] for k, v in r["neutralisation"].items()})
        rows.append(row)
    return pd.DataFrame(rows)


def _levers(document: dict, lever_ids: tuple[str, ...]) -> pd.DataFrame:
    figures = document.get("levers", {}).get("figures", {})
    index = ["start", "drivers, no lever", *lever_ids, "total change", "end"] if figures else []
    frame = pd.DataFrame(index=index)
    for t, c in figures.items():
        frame[f"{t} ({_year(c, 'year')}, {c['unit']})"] = (
            [c["start"], c["drivers_no_lever"], *c["levers"].values(), c["total_change"], c["end"]])
    return frame.reset_index(names="lever")


def view_frame(document: dict, view: str, uncertain: bool, lever_ids: tuple[str, ...]) -> pd.DataFrame:
    """One view of a run's JSON document as a table."""
    if view == "targets":
        return _targets(document, uncertain)
    if view == "years":
        return _years(document, uncertain)
    if view == "pathways":
        return pd.DataFrame([{"target": t, **r} for t, rows in document["pathways"].items() for r in rows])
    if view == "levers":
        return _levers(document, lever_ids)
    if view == "costs":
        return pd.DataFrame(document["costs"]["levers"], columns=COST_COLUMNS)
    return pd.DataFrame(document["start"]["lines"]).drop(columns=["source", "assumption"])


def comparison_frame(documents: list[tuple[str, dict]], view: str) -> pd.DataFrame:
    """Several runs' targets (a row per target and scenario) or years (Scope 1, 2 and 1+2 by year and scenario)."""
    rows = []
    for name, document in documents:
        if view == "years":
            rows += [{"year": r["year"], "scenario": name,
                      **{n: r[n]["value"] for n in ("scope1", "scope2_location", "scope2_market", "scope12")}}
                     for r in document["years"]]
            continue
        for r in document["targets"]:
            row = {"target": r["id"], "scenario": name, "target year": r["target_year"]}
            if r["projected"]:
                row.update({"unit": r["unit"], "level": r["level"]["value"],
                            "projected": r["in_target_year"]["projected"]["value"],
                            "gap": r["in_target_year"]["gap"]["value"],
                            "probability met": r["in_target_year"]["probability_met"],
                            "first year met": r["first_year_met"], "status": r["status"]})
            else:
                row["status"] = "not projected"
            rows.append(row)
    return pd.DataFrame(rows)
