"""Supplier engagement: counts, shares and a level target on a printed share, checked by hand.

Figures from the Xiaomi reports (examples/xiaomi/reported):
- 2023 ESG Report, Xiaomi's Zero Carbon Philosophy > Supplier GHG Emission Reduction Program (p. 39):
  251 direct purchasing suppliers of core products; those responsible for 79.89 % of their emissions set
  targets, 81.49 % used new-energy power, 71.99 % had third-party validated GHG data.
- Analysis of Xiaomi Group 2024 ESG Report, Environmental Dimension (a web article, no pages): "nearly 300"
  tier-one smartphone suppliers, 111 with targets, 83 using green electricity, 24 in SBTi; tier-one EV
  suppliers' average green electricity 43 % in 2024, "plans to exceed 50% by 2025".
"""

import pytest

from ghgcalc.audit.checks import audit_workspace
from ghgcalc.figures.metrics import load_workspace_vocabulary
from ghgcalc.figures.precision import parse_precision, precision_text
from ghgcalc.figures.reported import read_reported
from ghgcalc.targets.gap import track_workspace
from ghgcalc.targets.target_file import TargetFileError, load_targets
from tests.conftest import ROOT

XIAOMI = ROOT / "examples" / "xiaomi"


# --- a printed approximation ----------------------------------------------------------------

def test_nearly_is_at_most_the_printed_figure():
    nearly = parse_precision("nearly 50", 0)  # "nearly 300": 300 - 50 = 250 to 300
    assert (nearly.below, nearly.above, nearly.word) == (50.0, 0.0, "nearly 50")
    over = parse_precision("Over 1,000", 0)  # "over 40,000": 40,000 to 41,000
    assert (over.below, over.above, over.word) == (0.0, 1000.0, "over 1000")
    assert precision_text("nearly 50") == "nearly: up to 50 below the printed figure"


@pytest.mark.parametrize("text, message", [
    ("nearly", "'nearly' does not say how far: write 'nearly 50', the most the value can lie below the printed "
               "figure, in the unit printed"),
    ("over -5", "'over -5' does not say how far: write 'over 50', the most the value can lie above the printed "
                "figure, in the unit printed"),
])
def test_an_approximation_must_say_how_far(text, message):
    with pytest.raises(ValueError) as caught:
        parse_precision(text, 0)
    assert str(caught.value) == message


def test_xiaomi_supplier_figures_as_printed():
    vocabulary = load_workspace_vocabulary(XIAOMI)
    figures = read_reported([XIAOMI / "reported" / "esg-2023.csv", XIAOMI / "reported" / "esg-2024-analysis.csv"],
                            vocabulary)
    rows = {(r["metric"], r["year"], r["segment"]): r for r in figures.to_dict("records")}
    scope = rows[("suppliers_in_scope", 2024, "smartphone")]
    assert (scope["low_c"], scope["value_c"], scope["high_c"]) == (250, 300, 300)  # nearly 300
    targets = rows[("suppliers_with_targets", 2024, "smartphone")]
    assert (targets["low_c"], targets["high_c"]) == (111, 111)  # a count, exact
    assert rows[("suppliers_in_scope", 2023, "")]["value_c"] == 251
    assert rows[("supplier_emissions_with_targets_share", 2023, "")]["value_c"] == pytest.approx(79.89)
    assert rows[("supplier_renewable_electricity_share", 2024, "smart_ev")]["canonical_unit"] == "percent"


# --- the audit ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def xiaomi_audit():
    return audit_workspace(XIAOMI)


@pytest.mark.parametrize("metric, count, face, high", [
    # 111 / 300 = 37.0 %; with "nearly 300" read as 250 to 300, at most 111 / 250 = 44.4 %
    ("suppliers_with_targets_share", 111, 37.0, 44.4),
    ("suppliers_in_sbti_share", 24, 8.0, 9.6),  # 24 / 300 = 8.0 %, 24 / 250 = 9.6 %
    ("suppliers_renewable_power_share", 83, 27.6667, 33.2),  # 83 / 300 = 27.67 %, 83 / 250 = 33.2 %
])
def test_supplier_shares_derived_from_the_counts(xiaomi_audit, metric, count, face, high):
    [finding] = [f for f in xiaomi_audit.of_kind("derivation") if f.metric == metric]
    assert (finding.year, finding.segment, finding.unit) == (2024, "smartphone", "percent")
    assert finding.recomputed.low == pytest.approx(100 * count / 300) == pytest.approx(face, abs=1e-4)
    assert finding.recomputed.high == pytest.approx(100 * count / 250) == pytest.approx(high)
    assert "suppliers_in_scope 2024 (smartphone) is printed as an approximation (300, nearly: up to 50 below the " \
           "printed figure): read as 250 to 300" in finding.detail
    assert "may be too narrow" not in finding.detail  # the reading is declared, not assumed


def test_emission_weighted_shares_need_the_suppliers_emissions(xiaomi_audit):
    unchecked = {f.metric: f.missing for f in xiaomi_audit.findings if f.verdict == "not_checkable"
                 and f.metric.startswith("supplier_emissions")}
    assert unchecked == {
        "supplier_emissions_with_targets_share": ("supplier_emissions_with_targets 2023", "supplier_emissions 2023"),
        "supplier_emissions_renewable_power_share": ("supplier_emissions_renewable_power 2023", "supplier_emissions 2023"),
        "supplier_emissions_verified_share": ("supplier_emissions_verified 2023", "supplier_emissions 2023")}


# --- the target -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def ev_suppliers_2024():
    [progress] = track_workspace(XIAOMI, year=2024, ids=["ev-suppliers-2025"]).progress
    return progress


def test_ev_suppliers_green_electricity_in_2024(ev_suppliers_2024):
    p = ev_suppliers_2024
    assert p.target.type == "share" and p.target.metric == "supplier_renewable_electricity_share"
    assert p.target.boundary.include == ("smart_ev",)
    # printed 43 % stands for 42.5 % to 43.5 %; kept as fractions
    assert (p.actual.figure.value, p.actual.figure.low, p.actual.figure.high) == pytest.approx((0.43, 0.425, 0.435))
    assert p.target_level.value == pytest.approx(0.50)
    assert p.pathway_value.value == pytest.approx(0.43)  # 2024 is the base year: the path starts at the actual
    assert p.status == "base year" and p.years_left == 1  # 2025 - 2024
    # gap 50 - 43 = 7 points (6.5 to 7.5) over one year
    assert (p.gap.value, p.gap.low, p.gap.high) == pytest.approx((0.07, 0.065, 0.075))
    assert p.required_annual_change.value == pytest.approx(0.07)
    # the compound rate now needed: 50 / 43 - 1 = 16.28 % a year (50 / 43.5 - 1 = 14.94 % to 50 / 42.5 - 1 = 17.65 %)
    rate = p.required_annual_rate
    assert (rate.value, rate.low, rate.high) == pytest.approx((50 / 43 - 1, 50 / 43.5 - 1, 50 / 42.5 - 1))
    assert p.gap_fraction.value == pytest.approx(7 / 50)  # 14 % of the target level
    assert p.target.reading == (
        "raise supplier_renewable_electricity_share of tier-one suppliers of the smart EV supply chain "
        "(segment smart_ev), a share the reports print, to 50 % by 2025, on a straight line from 2024")


def test_the_gap_json_of_the_supplier_target():
    report = track_workspace(XIAOMI, year=2024, ids=["ev-suppliers-2025"])
    [record] = report.to_dict()["targets"]
    assert record["metric"] == "supplier_renewable_electricity_share" and record["unit"] == "%"
    assert record["actual"]["value"] == pytest.approx(43.0)
    assert record["gap"] == {"value": pytest.approx(7.0), "low": pytest.approx(6.5), "high": pytest.approx(7.5),
                             "unit": "percentage points"}


def test_without_a_year_the_supplier_target_waits_for_its_base_year():
    """Six of Xiaomi's seven targets have figures for 2023, one for 2024: the report year is 2023."""
    report = track_workspace(XIAOMI)
    assert report.year == 2023
    assert {p.target.id: p.status for p in report.progress}["ev-suppliers-2025"] == "before base year"


# --- the target file ------------------------------------------------------------------------

SHARE = '[targets.s]\ntype = "share"\nbase_year = 2024\ntarget_year = 2025\ntarget_share = "50 %"\n'


@pytest.mark.parametrize("body, message", [
    ('metric = "supplier_renewable_electricity_share"\nnumerator = "energy_renewable"\n',
     "t.toml, line 7: target 's', numerator: give metric (a share the reports print) or numerator and denominator "
     "(a share of two figures), not both"),
    ('metric = "scope12"\n',
     "t.toml, line 6: target 's', metric: scope12 is in t CO2e, not a share; a share target names a metric in "
     "percent, or a numerator and a denominator"),
    ('metric = "supplier_renewable_electricty_share"\n',
     "t.toml, line 6: target 's', metric: 'supplier_renewable_electricty_share' is not a known metric (known: "
     "ghgcalc's metrics.csv and any declared under [metrics]); did you mean 'supplier_renewable_electricity_share'?"),
    ('metric = "supplier_renewable_electricity_share"\nboundary = { include = ["smart_ev", "smartphone"] }\n',
     "t.toml, line 7: target 's', boundary: a printed share does not add up over segments: include the one segment "
     "it is printed for, or give numerator and denominator, which do"),
    ('quote = "no share named"\n',
     "t.toml, line 2: target 's', type: say which share: metric = '...' (a share the reports print, in percent), "
     "or numerator and denominator (a share of two figures)"),
])
def test_a_share_target_names_one_share(tmp_path, body, message):
    path = tmp_path / "t.toml"
    path.write_text(SHARE + body, encoding="utf-8")
    with pytest.raises(TargetFileError) as caught:
        load_targets(path)
    assert caught.value.problems == [message]


def test_a_printed_share_target_loads_with_its_level(tmp_path):
    path = tmp_path / "t.toml"
    path.write_text(SHARE + 'metric = "suppliers_with_targets_share"\n', encoding="utf-8")
    [target] = load_targets(path).targets
    assert (target.metric, target.numerator, target.level.absolute) == ("suppliers_with_targets_share", "", 0.5)
    assert target.measures == ("suppliers_with_targets_share",)
