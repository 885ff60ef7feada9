"""Properties of the audit: derivations are exact and safe, verdicts do not depend on units typed,
and whatever the tool computes and rounds, it reproduces."""

from __future__ import annotations

import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ghgcalc.audit.checks import audit_figures, derive_unpublished, shipped_rules
from ghgcalc.figures.metrics import load_workspace_vocabulary
from ghgcalc.audit.intensity import per_capita, per_revenue
from ghgcalc.core.intervals import round_half_up
from ghgcalc.figures.reported import FigureIndex, read_reported

VOCABULARY = load_workspace_vocabulary(None)
RULES = shipped_rules("derivation", VOCABULARY)
FAST = settings(max_examples=40, deadline=None)


def printed(value: float, decimals: int) -> str:
    """A value as a report prints it: rounded half-up, thousands separators."""
    return f"{round_half_up(value, decimals):,.{decimals}f}"


def read(rows: list[tuple]):
    """A reported table from (metric, year, value text, unit) rows."""
    text = "vintage,metric,year,value,unit\n" + "".join(f'r,{m},{y},"{v}",{u}\n' for m, y, v, u in rows)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "reported.csv"
        path.write_text(text, encoding="utf-8")
        return read_reported([path], VOCABULARY)


def corners(record_a, record_b, function):
    values = [function(a, b) for a in (record_a["low_c"], record_a["high_c"]) for b in (record_b["low_c"], record_b["high_c"])]
    return min(values), max(values)


def derived(figures, metric, year):
    found = [f for f in derive_unpublished(FigureIndex(figures), VOCABULARY, RULES) if (f.metric, f.year) == (metric, year)]
    assert len(found) == 1
    return found[0].recomputed


@FAST
@given(previous=st.floats(1e3, 1e8), growth_percent=st.floats(-30, 50),
       total_decimals=st.integers(0, 2), growth_decimals=st.integers(0, 2))
def test_previous_total_from_growth_is_exact_and_contains_the_truth(previous, growth_percent, total_decimals, growth_decimals):
    total = previous * (1 + growth_percent / 100)
    figures = read([("scope123", 2024, printed(total, total_decimals), "t CO2e"),
                    ("scope123_yoy_change", 2024, printed(growth_percent, growth_decimals), "percent")])
    interval = derived(figures, "scope123", 2023)
    assert interval.contains(previous)
    # tight: the interval is the image of the two printed intervals, attained at their corners
    x, g = figures.iloc[0], figures.iloc[1]
    low, high = corners(x, g, lambda a, b: a / (1 + b / 100))
    assert abs(interval.low - low) <= 1e-9 * abs(low) and abs(interval.high - high) <= 1e-9 * abs(high)


@FAST
@given(scope12=st.floats(1e2, 1e7), revenue=st.floats(1e3, 1e6),
       intensity_decimals=st.integers(1, 4), revenue_decimals=st.integers(0, 2))
def test_emissions_from_intensity_and_revenue_is_exact_and_contains_the_truth(scope12, revenue, intensity_decimals,
                                                                               revenue_decimals):
    figures = read([("ghg_per_revenue", 2024, printed(scope12 / revenue, intensity_decimals), "t CO2e / (million RMB)"),
                    ("revenue", 2024, printed(revenue, revenue_decimals), "million RMB")])
    interval = derived(figures, "scope12", 2024)
    # the truth lies inside as long as the intensity was rounded from the true ratio
    assert interval.contains(scope12)
    low, high = corners(figures.iloc[0], figures.iloc[1], lambda a, b: a * b)
    assert abs(interval.low - low) <= 1e-9 * abs(low) and abs(interval.high - high) <= 1e-9 * abs(high)


def verdict_of(figures, metric):
    report = audit_figures(figures, VOCABULARY)
    [finding] = [f for f in report.findings if f.kind == "reproduction" and f.metric == metric]
    return finding.verdict


@FAST
@given(centitonnes=st.integers(10**5, 10**10), revenue_rmb=st.integers(10**9, 10**12),
       decimals=st.integers(1, 4), nudge=st.integers(-2, 2), in_kt=st.booleans(), in_million=st.booleans())
def test_reproduction_does_not_depend_on_the_unit_typed(centitonnes, revenue_rmb, decimals, nudge, in_kt, in_million):
    tonnes = Decimal(centitonnes).scaleb(-2)
    ratio = float(tonnes) / (revenue_rmb / 1e6)
    intensity = f"{round_half_up(ratio, decimals) + nudge * 10.0 ** -decimals:.{decimals}f}"
    base = [("scope12", 2023, f"{tonnes:,.2f}", "t CO2e"), ("revenue", 2023, f"{revenue_rmb:,}", "RMB"),
            ("ghg_per_revenue", 2023, intensity, "t CO2e / (million RMB)")]
    # the same figures at the same precision in other units: kt with 3 more decimals, RMB million with 6 more
    other = [("scope12", 2023, f"{tonnes.scaleb(-3):,.5f}", "kt CO2e") if in_kt else base[0],
             ("revenue", 2023, f"{Decimal(revenue_rmb).scaleb(-6):,.6f}", "million RMB") if in_million else base[1],
             base[2]]
    assert verdict_of(read(base), "ghg_per_revenue") == verdict_of(read(other), "ghg_per_revenue")


@FAST
@given(scope12=st.floats(1e2, 1e7), scope12_decimals=st.integers(0, 2), revenue=st.floats(1e3, 1e6),
       revenue_decimals=st.integers(0, 2), decimals=st.integers(0, 5))
def test_an_intensity_the_tool_computes_and_rounds_always_reproduces(scope12, scope12_decimals, revenue,
                                                                      revenue_decimals, decimals):
    scope12_text, revenue_text = printed(scope12, scope12_decimals), printed(revenue, revenue_decimals)
    value = per_revenue(float(scope12_text.replace(",", "")), "t CO2e", float(revenue_text.replace(",", "")),
                        "million RMB").mid
    figures = read([("scope12", 2023, scope12_text, "t CO2e"), ("revenue", 2023, revenue_text, "million RMB"),
                    ("ghg_per_revenue", 2023, printed(value, decimals), "t CO2e / (million RMB)")])
    assert verdict_of(figures, "ghg_per_revenue") == "reproduced"


@FAST
@given(energy=st.floats(1e2, 1e7), headcount=st.integers(1, 10**6), decimals=st.integers(0, 4))
def test_a_per_capita_figure_the_tool_computes_and_rounds_always_reproduces(energy, headcount, decimals):
    energy_text = printed(energy, 2)
    value = per_capita(float(energy_text.replace(",", "")), "MWh", headcount).mid
    figures = read([("energy_total", 2023, energy_text, "MWh"), ("workforce_total", 2023, f"{headcount:,}", "person"),
                    ("energy_per_capita", 2023, printed(value, decimals), "MWh / person")])
    assert verdict_of(figures, "energy_per_capita") == "reproduced"


@FAST
@given(parts=st.lists(st.floats(0, 1e6), min_size=2, max_size=2), decimals=st.integers(0, 3))
def test_a_total_of_rounded_components_always_holds(parts, decimals):
    direct, indirect = parts
    figures = read([("energy_direct", 2023, printed(direct, decimals), "MWh"),
                    ("energy_indirect", 2023, printed(indirect, decimals), "MWh"),
                    ("energy_total", 2023, printed(direct + indirect, decimals), "MWh")])
    report = audit_figures(figures, VOCABULARY)
    [identity] = [f for f in report.findings if f.kind == "identity" and f.metric == "energy_total"]
    assert identity.verdict == "holds"


@FAST
@given(in_scope=st.integers(1, 5000), share_of_scope=st.floats(0, 1), distance=st.integers(1, 500))
def test_a_share_from_counts_of_nearly_n_suppliers_is_exact_and_contains_the_truth(in_scope, share_of_scope, distance):
    """"n of nearly N": the true population lies in [N - d, N], so the share lies in [100 n / N, 100 n / (N - d)]."""
    with_targets = int(share_of_scope * in_scope)
    text = ("vintage,metric,year,value,unit,precision\n"
            f"r,suppliers_in_scope,2024,{in_scope},supplier,nearly {distance}\n"
            f"r,suppliers_with_targets,2024,{with_targets},supplier,exact\n")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "reported.csv"
        path.write_text(text, encoding="utf-8")
        figures = read_reported([path], VOCABULARY)
    scope = figures.iloc[0]
    assert (scope["low_c"], scope["high_c"]) == (in_scope - distance, in_scope)  # one-sided: never above the print
    if in_scope - distance <= 0:
        return  # the population could be zero: nothing to divide by
    interval = derived(figures, "suppliers_with_targets_share", 2024)
    assert interval.contains(100 * with_targets / in_scope)
    assert (interval.low, interval.high) == (pytest.approx(100 * with_targets / in_scope),
                                             pytest.approx(100 * with_targets / (in_scope - distance)))
