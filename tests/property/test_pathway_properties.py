"""Properties of pathways, gaps and required rates, over many generated targets."""

import tempfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ghgcalc.targets.actuals import Observations
from ghgcalc.targets.pathway import REDUCE, Figure, compound_annual_change, gap, linear_annual_change, linear_pathway
from ghgcalc.targets.progress import track_target, track_targets
from ghgcalc.figures.reported import read_reported
from ghgcalc.targets.target_file import load_targets
from tests.files import write_files

FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

years = st.integers(min_value=2000, max_value=2040)
levels = st.floats(min_value=1.0, max_value=1e7, allow_nan=False)
fractions = st.floats(min_value=0.0, max_value=0.99)


@FAST
@given(base_year=years, span=st.integers(1, 30), base=levels, fraction=fractions)
def test_pathway_endpoints_and_monotonic(base_year, span, base, fraction):
    target_year = base_year + span
    target = base * fraction
    points = [(base_year, base), (target_year, target)]
    assert linear_pathway(points, base_year) == base
    assert linear_pathway(points, target_year) == target
    values = [linear_pathway(points, y) for y in range(base_year, target_year + 1)]
    tolerance = 1e-9 * base
    assert all(later <= earlier + tolerance for earlier, later in zip(values, values[1:]))
    assert all(target - tolerance <= v <= base + tolerance for v in values)


@FAST
@given(base=levels, cuts=st.lists(fractions, min_size=1, max_size=4), span=st.integers(5, 30))
def test_pathway_through_monotonic_milestones_is_monotonic(base, cuts, span):
    kept = sorted({round(c, 6) for c in cuts}, reverse=True)  # 1 > first kept > ... > last kept
    years = sorted({2020 + round((i + 1) * span / (len(kept) + 1)) for i in range(len(kept))})
    if len(years) != len(kept):
        return
    points = [(2020, base)] + [(y, base * k) for y, k in zip(years, kept[:-1])] + [(2020 + span, base * kept[-1])]
    values = [linear_pathway(points, y) for y in range(2020, 2020 + span + 1)]
    assert all(b <= a + 1e-9 * base for a, b in zip(values, values[1:]))


@FAST
@given(actual=levels, fraction=st.floats(min_value=0.01, max_value=2.0), years_left=st.integers(1, 40))
def test_required_rates_reach_the_target(actual, fraction, years_left):
    target = actual * fraction
    rate = compound_annual_change(actual, target, years_left)
    assert actual * (1 + rate) ** years_left == pytest.approx(target, rel=1e-9)
    step = linear_annual_change(actual, target, years_left)
    assert actual + years_left * step == pytest.approx(target, rel=1e-9, abs=1e-9 * actual)


def emissions(rows):
    return pd.DataFrame(rows, columns=["year", "scope", "scope2_method", "segment", "co2e_t"])


def absolute_target(tmp: Path, base_year: int, target_year: int, kept: float):
    (tmp / "t.toml").write_text(
        f'[targets.a]\ntype = "absolute"\nmetric = "scope1"\nbase_year = {base_year}\n'
        f'target_year = {target_year}\nreduce_to = "{kept * 100:.6f} %"\n', encoding="utf-8")
    return load_targets(tmp / "t.toml")


@FAST
@given(base=levels, kept=fractions, span=st.integers(2, 30), data=st.data())
def test_gap_is_zero_exactly_on_the_pathway(base, kept, span, data):
    year = data.draw(st.integers(2021, 2020 + span - 1))
    with tempfile.TemporaryDirectory() as tmp:
        targets = absolute_target(Path(tmp), 2020, 2020 + span, kept)
    target = targets.targets[0]
    on_path = linear_pathway([(2020, Figure.exact(base)), (2020 + span, Figure.exact(base) * target.level.fraction_of_base)],
                             year).value
    observations = Observations(None, targets.vocabulary, order=("inventory",),
                                inventory=emissions([(2020, "1", "", "", base), (year, "1", "", "", on_path)]))
    p = track_target(target, year, observations)
    assert p.pathway_value.value == pytest.approx(on_path, rel=1e-12)
    assert abs(p.gap_to_pathway.value) <= 1e-9 * base
    assert p.on_track is True
    # the rate needed from here, applied for the years left, lands on the target level
    if p.required_annual_rate is not None:
        landed = on_path * (1 - p.required_annual_rate.value) ** p.years_left
        assert landed == pytest.approx(p.target_level.value, rel=1e-9, abs=1e-9 * base)


@FAST
@given(base_cents=st.integers(100_00, 10_000_000_00), now_cents=st.integers(100_00, 10_000_000_00),
       kept=st.sampled_from(["30 %", "2 %", "55.5 %"]))
def test_results_do_not_depend_on_the_unit_the_data_are_typed_in(base_cents, now_cents, kept):
    """The same figures typed in t (2 decimals) and in kt (5 decimals) give the same progress."""
    outcomes = []
    for unit, scale, decimals in (("t CO2e", 1, 2), ("kt CO2e", 1000, 5)):
        with tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            base, now = base_cents / 100 / scale, now_cents / 100 / scale
            write_files(tmp, {
                "r.csv": "vintage,metric,year,value,unit\n"
                         f"r,scope12,2021,{base:.{decimals}f},{unit}\nr,scope12,2023,{now:.{decimals}f},{unit}\n",
                "t.toml": '[targets.a]\ntype = "absolute"\nmetric = "scope12"\nbase_year = 2021\ntarget_year = 2030\n'
                          f'reduce_to = "{kept}"\n'})
            targets = load_targets(tmp / "t.toml")
            reported = read_reported([tmp / "r.csv"], targets.vocabulary)
        p = track_targets(targets, Observations(reported, targets.vocabulary), 2023)[0]
        outcomes.append(p)
    in_t, in_kt = outcomes
    for name in ("target_level", "pathway_value", "gap", "gap_to_pathway", "progress", "required_annual_rate"):
        a, b = getattr(in_t, name), getattr(in_kt, name)
        assert (a.value, a.low, a.high) == pytest.approx((b.value, b.low, b.high), rel=1e-9, abs=1e-9), name
    assert in_t.on_track == in_kt.on_track


@FAST
@given(actual=levels, level=levels)
def test_gap_changes_sign_with_direction(actual, level):
    assert gap(actual, level, REDUCE) == -gap(actual, level, -REDUCE)
