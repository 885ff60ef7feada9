"""Scope 3 by category: the screening a company declares beside what its data compute.

The Scope 3 Standard asks a company to account for all 15 categories and to disclose and
justify any exclusion (section 6.3; Table 6.1 gives criteria for relevance); a category that
does not apply is reported as "not applicable". For each category it also requires a
description of data quality and the percentage of emissions calculated from data obtained
from suppliers or other value chain partners (section 11.1). A workspace declares its
screening in a small CSV (category, status, reason); this module reads it and lays it beside
the computed t CO2e, method mix, supplier-specific share and weighted data quality score.

A category declared excluded or not applicable that has computed emissions is a finding, not
an error: the emissions stay in the totals (nothing computed is dropped silently) and the
contradiction is printed first, because the disclosure, not the data, has to change. A
relevant or estimated category with no data is a finding too.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from ghgcalc import columns as C
from ghgcalc.core.shipped import read_shipped_table
from ghgcalc.core.textfile import clip, read_csv_table
from ghgcalc.core.years import CALENDAR, FiscalYears
from ghgcalc.errors import InputError, ProblemCollector, did_you_mean, quoted
from ghgcalc.inventory.quality import BASES, DEFAULT, DERIVED, INDICATORS, METHODS

RELEVANT, ESTIMATED, EXCLUDED, NOT_APPLICABLE, NOT_SCREENED = "relevant", "estimated", "excluded", "not applicable", "not screened"
STATUSES = (RELEVANT, ESTIMATED, EXCLUDED, NOT_APPLICABLE)
EXPECTS_DATA = (RELEVANT, ESTIMATED)
NEEDS_REASON = (EXCLUDED, NOT_APPLICABLE)
SCREENING_COLUMNS = ("category", "status", "reason")
TOTAL = "total"
NO_CATEGORY = ""
TIME = INDICATORS[1]  # the one indicator whose score may be derived (from the gap between row and factor years)
_DEFAULT_AT, _DERIVED_AT = list(BASES).index(DEFAULT), list(BASES).index(DERIVED)
METHOD_SHARES = tuple(f"{m.replace('-', '_').replace(' ', '_')}_share" for m in METHODS)
METHOD_ABBREVIATIONS = dict(zip(METHODS, ("SS", "HY", "AD", "SB", "NS")))
OVERVIEW_COLUMNS = ((C.YEAR, "category", "name", "status", "reason", C.CO2E_T, "method_mix") + METHOD_SHARES
                    + ("dq_score",) + C.DQ_COLUMNS + ("dq_default_share", "dq_time_derived_share", "flag"))


@lru_cache(maxsize=None)
def categories() -> pd.DataFrame:
    """The 15 categories (scope3-categories.csv): category as text "1".."15", name, stream."""
    return read_shipped_table("scope3-categories.csv")


def read_screening(path: str | Path) -> pd.DataFrame:
    """A screening file (category, status, reason) as a table; every bad row is reported at once."""
    table, source = read_csv_table(path)
    problems = ProblemCollector(source.path.name)
    if not problems.check_columns(table.columns, SCREENING_COLUMNS[:2]):
        raise InputError(problems.problems)
    for column in table.columns:
        if column not in SCREENING_COLUMNS:
            problems.add(1, column, column, f"unknown column{did_you_mean(column, SCREENING_COLUMNS)}; "
                                            f"columns are {', '.join(SCREENING_COLUMNS)}")
    reasons = table["reason"] if "reason" in table.columns else pd.Series("", index=table.index)
    seen: dict[str, int] = {}
    rows = []
    for row, category, status, reason in zip(table.index, table["category"], table["status"], reasons):
        category, status, reason = category.strip(), status.strip().lower(), reason.strip()
        if category not in categories()["category"].tolist():
            problems.add(row, "category", category, f"{quoted(clip(category))}: expected a Scope 3 category from 1 to 15")
        elif category in seen:
            problems.add(row, "category", category, f"category {category} is screened twice (also row {seen[category]})")
        else:
            seen[category] = row
        if status not in STATUSES:
            problems.add(row, "status", status, f"{quoted(clip(status))}: expected one of {', '.join(STATUSES)}"
                                                f"{did_you_mean(status, STATUSES)}")
        elif status in NEEDS_REASON and not reason:
            problems.add(row, "reason", "", f"a category that is {status} needs its reason (Scope 3 Standard, section 6.3: "
                                            "disclose and justify any exclusion)")
        rows.append((category, status, reason))
    if problems.problems:
        raise InputError(problems.problems)
    return pd.DataFrame(rows, columns=list(SCREENING_COLUMNS))


@dataclass(frozen=True)
class Scope3Overview:
    """All 15 categories per year (and a total row): status, t CO2e, method mix, supplier share, DQ; findings."""

    table: pd.DataFrame
    findings: tuple[str, ...]
    screened: bool
    years: FiscalYears = CALENDAR  # how the company labels its years: findings and outputs say "FY2024"

    def to_dict(self) -> dict:
        """screened, categories (``year`` the calendar year, ``year_label`` beside it under fiscal-year labels),
        findings (sentences for people, in the company's labels)."""
        records = self.table.replace({np.nan: None}).to_dict("records")
        return {"screened": self.screened, "categories": [self.years.add_labels(r) for r in records],
                "findings": list(self.findings)}


def scope3_overview(quality: pd.DataFrame, screening: pd.DataFrame | None = None,
                    years: list[int] | None = None, labels: FiscalYears = CALENDAR) -> Scope3Overview:
    """The screening table from a quality table (:func:`ghgcalc.inventory.quality.quality_table`).

    ``years``: the years to show; default the years with Scope 3 emissions (none: no table). ``labels``: how the
    company labels its years, for the findings.
    Shares are fractions of the category's t CO2e; each indicator's score is weighted by
    t CO2e: sum(score x t CO2e) / sum(t CO2e); ``dq_score`` is the mean of the five.
    """
    cats = categories()
    years = sorted({int(y) for y in (years if years is not None else quality[C.YEAR].unique())})
    if not years:
        return Scope3Overview(pd.DataFrame(columns=list(OVERVIEW_COLUMNS)), (), screening is not None, labels)
    keyed = quality.assign(category=quality[C.SCOPE3_CATEGORY].astype(str))
    frames = [_scores(keyed, ["year", "category"]),
              _scores(keyed.assign(category=TOTAL), ["year", "category"])]
    scores = pd.concat(frames, ignore_index=True)
    names = dict(zip(cats["category"], cats["name"]))
    if (keyed["category"] == "").any():  # Scope 3 reported as a total, without its category
        names[NO_CATEGORY] = "no category given"
    names[TOTAL] = "Scope 3"
    grid = pd.DataFrame([(y, c, n) for y in years for c, n in names.items()], columns=[C.YEAR, "category", "name"])
    table = grid.merge(scores, on=[C.YEAR, "category"], how="left")
    status = dict(zip(screening["category"], screening["status"])) if screening is not None else {}
    reason = dict(zip(screening["category"], screening["reason"])) if screening is not None else {}
    table["status"] = [("" if c in (TOTAL, NO_CATEGORY) else status.get(c, NOT_SCREENED)) for c in table["category"]]
    table["reason"] = [reason.get(c, "") for c in table["category"]]
    has_data = table[C.CO2E_T].notna().to_numpy()
    table[C.CO2E_T] = table[C.CO2E_T].fillna(0.0)
    table["method_mix"] = _method_mix(table)
    table["flag"], findings = _flags(table, has_data, screening is not None, labels.label_of)
    return Scope3Overview(table[list(OVERVIEW_COLUMNS)], tuple(findings), screening is not None, labels)


def _scores(quality: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Per group: t CO2e, method shares, weighted score per indicator, default and derived shares.

    The sums are pandas' group sums; the shares and scores are worked out from them in Python, where pandas'
    pivot, unstack and aligned divisions cost 0.03 s of a report's CPU on a table of tens of rows (one per
    year, category, method, indicator and basis). A share divides a part by the sum of the same parts (the
    methods, or the bases), added in one fixed order: a group total taken in another order may differ in
    its last bit, and a method with all of a category's emissions then had a share of 1 + 2e-16.
    """
    one = quality.loc[quality["indicator"] == INDICATORS[0]]  # each line once: under its first indicator
    co2e = _sums(one, keys, C.CO2E_T)
    by_method = _sums(one, keys + [C.METHOD], C.CO2E_T)
    weighted = quality.groupby(keys + ["indicator"])[["score_x_co2e_t", C.CO2E_T]].sum()
    scores, weights = weighted["score_x_co2e_t"].to_dict(), weighted[C.CO2E_T].to_dict()
    by_basis = _sums(quality, keys + ["basis"], C.CO2E_T)
    by_time_basis = _sums(quality.loc[quality["indicator"] == TIME], keys + ["basis"], C.CO2E_T)
    rows = []
    for key, total in co2e.items():
        key = key if isinstance(key, tuple) else (key,)
        rows.append([*key, total, *_shares([by_method.get((*key, m), 0.0) for m in METHODS]),
                     *(_ratio(scores[(*key, i)], weights[(*key, i)]) if (*key, i) in weights else math.nan
                       for i in INDICATORS),
                     _shares([by_basis.get((*key, b), 0.0) for b in BASES])[_DEFAULT_AT],
                     _shares([by_time_basis.get((*key, b), 0.0) for b in BASES])[_DERIVED_AT]])
    names = [*keys, C.CO2E_T, *METHOD_SHARES, *C.DQ_COLUMNS, "dq_default_share", "dq_time_derived_share"]
    columns = list(zip(*rows)) if rows else [()] * len(names)
    out = pd.DataFrame({name: pd.array(list(values), dtype=quality[name].dtype if name in keys else "float64")
                        for name, values in zip(names, columns)})
    out.insert(names.index("dq_default_share"), "dq_score", out[list(C.DQ_COLUMNS)].mean(axis=1, skipna=False))
    return out


def _sums(table: pd.DataFrame, keys: list[str], column: str) -> dict:
    """A column's sums by keys, as pandas sums them, in its order of groups: {key tuple: sum}."""
    return table.groupby(keys)[column].sum().to_dict() if len(table) else {}


def _shares(parts: list[float]) -> list[float]:
    """Each part over the parts' sum, added in their order: of parts that are not negative none exceeds 1,
    since a rounded sum of them is never below one of them (NaN where the parts add up to 0)."""
    parts = [0.0 if x != x else x for x in parts]
    whole = parts[0]
    for part in parts[1:]:
        whole += part
    return [_ratio(part, whole) for part in parts]


def _ratio(numerator: float, denominator: float) -> float:
    """numerator / denominator, NaN where the denominator is 0 (no emissions: no share, no score); a missing
    number counts as 0, as in the aligned division of pandas Series the table was first written with."""
    numerator, denominator = (0.0 if x != x else x for x in (numerator, denominator))
    return numerator / denominator if denominator != 0 else math.nan


def _method_mix(table: pd.DataFrame) -> list[str]:
    """Each row's method shares as text, largest first: "SB 90% SS 10%" ("" when nothing was computed)."""
    shares = table[list(METHOD_SHARES)].fillna(0.0).to_numpy()
    names = np.array(list(METHOD_ABBREVIATIONS.values()), dtype=object)
    mixes = []
    for row in shares:
        order = np.argsort(-row, kind="stable")
        mixes.append(" ".join(f"{names[i]} {row[i]:.0%}" for i in order if row[i] > 0))
    return mixes


def _flags(table: pd.DataFrame, has_data: np.ndarray, screened: bool, label=str) -> tuple[list[str], list[str]]:
    """A short flag per row and the findings to print (a contradiction between screening and data first)."""
    flags, contradictions, missing = [], [], []
    for year, category, name, status, co2e, has in zip(table[C.YEAR], table["category"], table["name"], table["status"],
                                                       table[C.CO2E_T], has_data):
        flag = ""
        if status in NEEDS_REASON and has:
            flag = f"{status}, has data"
            contradictions.append(f"{label(year)} category {category} ({name}) is declared {status} in the screening "
                                  f"but {co2e:,.4g} t CO2e were computed for it: they are counted; correct the "
                                  "screening or the data")
        elif status in EXPECTS_DATA and not has:
            flag = "no data"
            missing.append(f"{label(year)} category {category} ({name}) is declared {status} but has no data")
        flags.append(flag)
    if screened:
        unscreened = sorted({c for c, s in zip(table["category"], table["status"]) if s == NOT_SCREENED}, key=int)
        if unscreened:
            missing.append(f"categories not in the screening file: {', '.join(unscreened)}")
    return flags, contradictions + missing + _transport_twice(table, has_data, label)


def _transport_twice(table: pd.DataFrame, has_data: np.ndarray, label=str) -> list[str]:
    """Spend-based purchases at purchaser prices include the transport margin (EPA's with_margins factors,
    Scope 3 Technical Guidance ch. 1 and 4): with category 4 data for the same goods, transport may count twice."""
    out = []
    keyed = table.assign(has=has_data)
    for year, rows in keyed.groupby(C.YEAR, sort=True):
        by_category = rows.set_index("category")
        spend = [c for c in ("1", "2") if c in by_category.index and by_category.at[c, "spend_based_share"] > 0]
        if spend and "4" in by_category.index and by_category.at["4", "has"]:
            which = f"categories {' and '.join(spend)} are" if len(spend) > 1 else f"category {spend[0]} is"
            out.append(f"{label(year)} {which} partly spend-based at purchaser prices, whose factors "
                       "include transport margins, and category 4 has data: the same goods' transport may be counted "
                       "twice; use producer-price factors (EPA without_margins) for those purchases, or leave their "
                       "transport out of category 4")
    return out
