"""Progress towards Xiaomi's targets in 2023, and the rules behind it, checked against hand arithmetic.

Figures from the 2023 ESG Report (examples/xiaomi/reported/esg-2023.csv): Scope 1+2 2021
82,820.16 t, 2023 116,722.56 t; EV factory 2023 Scope 1 4,244.79 t and Scope 2 18,451.93 t.
"""

from pathlib import Path

import pytest

from ghgcalc.outputs.target_text import gap_explanations, gap_table
from ghgcalc.targets.actuals import Observations, combine_reported
from ghgcalc.targets.gap import check_boundaries, track_workspace
from ghgcalc.targets.progress import track_targets
from ghgcalc.figures.reported import read_reported
from ghgcalc.targets.target_file import TargetFileError, load_targets
from ghgcalc.workspace.config import load_workspace

ROOT = Path(__file__).resolve().parents[2]
XIAOMI = ROOT / "examples" / "xiaomi"
TARGETS = XIAOMI / "targets.toml"


@pytest.fixture(scope="module")
def xiaomi_2023():
    report = track_workspace(XIAOMI, year=2023, targets_file=TARGETS)
    return {p.target.id: p for p in report.progress}


def test_2030_target_from_the_workspace(xiaomi_2023):
    p = xiaomi_2023["ghg-2030"]
    base = 82_820.16
    level = 0.30 * base  # = 24,846.048
    actual = 116_722.56 - 4_244.79 - 18_451.93  # = 94,025.84 in the boundary
    assert p.base.as_set.value == pytest.approx(base)
    assert p.base.recalculated is None
    assert p.target_level.value == pytest.approx(24_846.048)
    assert p.target_level.value == pytest.approx(level)
    assert p.actual.figure.value == pytest.approx(94_025.84)
    assert p.actual.figure.value == pytest.approx(actual)
    assert p.gap.value == pytest.approx(94_025.84 - 24_846.048)  # = 69,179.792
    assert round(p.gap.value, 2) == 69_179.79
    rate = 1 - (24_846.048 / 94_025.84) ** (1 / 7)  # 2023 -> 2030: 7 years
    assert p.required_annual_rate.value == pytest.approx(rate)
    assert round(p.required_annual_rate.value, 3) == 0.173
    assert p.required_annual_change.value == pytest.approx((94_025.84 - 24_846.048) / 7)  # 9,882.83 a year
    assert p.years_left == 7
    assert p.on_track is False and p.status == "off track"


def test_2030_target_pathway_and_progress(xiaomi_2023):
    p = xiaomi_2023["ghg-2030"]
    # straight line 2021 -> 2030, two ninths of the way in 2023
    pathway = 82_820.16 - (2 / 9) * (82_820.16 - 24_846.048)  # = 69,937.024
    assert p.pathway_value.value == pytest.approx(pathway)
    assert p.gap_to_pathway.value == pytest.approx(94_025.84 - pathway)  # 24,088.82 above the path
    # emissions rose: (82,820.16 - 94,025.84) / (82,820.16 - 24,846.048) = -0.1933
    assert p.progress.value == pytest.approx((82_820.16 - 94_025.84) / (82_820.16 - 24_846.048))
    assert p.gap_fraction.value == pytest.approx((94_025.84 - 24_846.048) / 24_846.048)  # 2.784: 278 % above


def test_2030_target_intervals_from_printed_precision(xiaomi_2023):
    p = xiaomi_2023["ghg-2030"]
    # each figure printed to 0.01 lies within +-0.005: 116,722.555 - 4,244.795 - 18,451.935 = 94,025.825
    assert p.actual.figure.low == pytest.approx(94_025.825)
    assert p.actual.figure.high == pytest.approx(94_025.855)
    # target level 0.30 * [82,820.155, 82,820.165] = [24,846.0465, 24,846.0495]
    assert (p.target_level.low, p.target_level.high) == pytest.approx((24_846.0465, 24_846.0495))
    # gap [94,025.825 - 24,846.0495, 94,025.855 - 24,846.0465]
    assert (p.gap.low, p.gap.high) == pytest.approx((69_179.7755, 69_179.8085))


def test_2030_base_year_is_whole_group_because_the_ev_factory_started_in_2023(xiaomi_2023):
    p = xiaomi_2023["ghg-2030"]
    assert "ev_factory: 0, not operating before 2023" in p.base.source
    assert "outside the boundary" in p.base.note and "base not recalculated" in p.base.note


def test_2030_ambition_against_sbti(xiaomi_2023):
    ambition = xiaomi_2023["ghg-2030"].ambition
    assert ambition.annual_linear_reduction == pytest.approx(0.70 / 9)  # 7.78 % of base a year
    assert ambition.meets == ("1.5 °C", "well-below 2 °C")


def test_2040_residual_cap(xiaomi_2023):
    p = xiaomi_2023["neutral-2040"]
    assert p.target_level.value == pytest.approx(0.02 * 82_820.16)  # = 1,656.4032
    assert round(p.target_level.value, 2) == 1_656.40
    assert p.ambition.annual_linear_reduction == pytest.approx(0.98 / 19)  # 5.16 % a year
    assert p.neutralisation.depth == pytest.approx(0.98)
    assert p.neutralisation.depth_ok is True  # 98 % >= 90 %
    # nothing recorded: the residual is not netted, the whole actual is still not covered
    assert p.neutralisation.counted.value == 0
    assert p.neutralisation.uncovered.value == pytest.approx(94_025.84)
    assert p.actual.figure.value == pytest.approx(94_025.84)


def test_renewable_electricity_share_is_a_bound(xiaomi_2023):
    p = xiaomi_2023["renewable-electricity-2035"]
    figure = p.actual.figure
    assert figure.value is None
    # at least 372 / 191,753.27 (the lowest renewable over the highest indirect energy)
    assert figure.low == pytest.approx(371.995 / 191_753.275)
    assert figure.low == pytest.approx(372 / 191_753.27, rel=1e-4)  # 0.194 %
    assert figure.high == 1.0
    assert "a bound: at least" in p.actual.source and "supply electricity" in p.actual.source
    assert p.gap.value is None and p.gap.high == pytest.approx(1 - 371.995 / 191_753.275)


def test_renewable_energy_share(xiaomi_2023):
    p = xiaomi_2023["renewable-energy-2040"]
    assert p.actual.figure.value == pytest.approx(372.00 / 211_171.84)  # 0.176 %
    assert p.status == "base year"  # the path starts in 2023, the first year with a figure


def test_energy_intensity_uses_the_group_as_a_proxy(xiaomi_2023):
    p = xiaomi_2023["energy-intensity-2026"]
    assert p.actual.proxy is True
    assert p.display_factor == pytest.approx(10.0)  # 1 MWh per RMB million = 10 kWh per 10,000 RMB
    assert p.base.as_set.value == pytest.approx(0.44)
    assert p.target_level.value == pytest.approx(0.975 * 0.44)  # 2.5 % below 0.44
    assert p.actual.figure.value == pytest.approx(0.78)
    assert p.on_track is False


def test_ewaste_running_total_from_reported_progress(xiaomi_2023):
    p = xiaomi_2023["ewaste-2026"]
    assert p.actual.figure.value == pytest.approx(0.44 * 38_000)  # 16,720 t
    assert (p.actual.figure.low, p.actual.figure.high) == pytest.approx((0.435 * 38_000, 0.445 * 38_000))
    assert p.pathway_value.value == pytest.approx(2 / 5 * 38_000)  # 2 of 5 years: 15,200 t
    assert p.required_annual_change.value == pytest.approx((38_000 - 16_720) / 3)  # 7,093.33 t a year
    assert p.required_annual_rate is None
    assert p.on_track is True


def test_later_years_never_change_an_earlier_verdict():
    workspace = load_workspace(XIAOMI)
    targets = load_targets(TARGETS)
    reported = read_reported(workspace.reported_files, targets.vocabulary)
    later = reported[reported["year"] == 2023].copy()
    later["year"] = 2024
    later[["value_c", "low_c", "high_c"]] = later[["value_c", "low_c", "high_c"]] * 0.1
    before = Observations(combine_reported(reported, targets.figures), targets.vocabulary)
    after = Observations(combine_reported(reported, later, targets.figures), targets.vocabulary)
    first = track_targets(targets, before, 2023)
    second = track_targets(targets, after, 2023)
    assert len(first) == len(second) == len(targets.targets) == 7
    for a, b in zip(first, second):
        assert (a.on_track, a.status) == (b.on_track, b.status)
        assert a.gap == b.gap and a.pathway_value == b.pathway_value and a.required_annual_rate == b.required_annual_rate


def test_boundary_segment_without_figures_names_the_line():
    workspace = load_workspace(XIAOMI)
    targets = load_targets(ROOT / "tests" / "fixtures" / "targets" / "boundary-segment-without-data.toml")
    reported = read_reported(workspace.reported_files, targets.vocabulary)
    with pytest.raises(TargetFileError) as caught:
        check_boundaries(targets, Observations(reported, targets.vocabulary))
    assert caught.value.problems == [
        "boundary-segment-without-data.toml, line 11: target 'ghg-2030', boundary.exclude: segment 'ev_factroy' has "
        "no figures for scope12 (segments with figures: ev_factory); did you mean 'ev_factory'?"]


# --- a small workspace of its own, for rules Xiaomi's data do not exercise -------------------

def small_workspace(tmp_path, targets: str, reported: str, removals: str | None = None, activity: str | None = None):
    data = ['reported = ["reported.csv"]', 'targets = "targets.toml"']
    (tmp_path / "reported.csv").write_text("vintage,metric,year,value,unit,segment\n" + reported, encoding="utf-8")
    (tmp_path / "targets.toml").write_text(targets, encoding="utf-8")
    if removals is not None:
        (tmp_path / "removals.csv").write_text("year,type,quantity,unit,source\n" + removals, encoding="utf-8")
        data.append('removals = "removals.csv"')
    if activity is not None:
        (tmp_path / "activity.csv").write_text(activity, encoding="utf-8")
        data.append('activity = ["activity.csv"]')
    (tmp_path / "ghgcalc.toml").write_text(
        '[workspace]\nname = "Small"\nbase_year = 2020\ngwp_set = "AR6GWP100"\nsignificance_threshold = "5 %"\n'
        "[data]\n" + "\n".join(data) + "\n", encoding="utf-8")
    return tmp_path


ABSOLUTE = '[targets.a]\ntype = "absolute"\nmetric = "scope12"\nbase_year = 2020\ntarget_year = 2030\nreduce_to = "50 %"\n'
REPORTED = "r,scope12,2020,1000,t CO2e,\nr,scope12,2022,950,t CO2e,\n"


@pytest.mark.parametrize("effect, recalculated", [
    # 60 / 1,000 = 6 % >= 5 %: base recalculated to 1,000 + 60 = 1,060
    ("60 t CO2e", 1060.0),
    # 40 / 1,000 = 4 % < 5 %: base stays 1,000
    ("40 t CO2e", None),
])
def test_base_year_recalculated_only_above_the_significance_threshold(tmp_path, effect, recalculated):
    changes = (f'[[structural_changes]]\nyear = 2022\nkind = "acquisition"\nsegment = "bought"\nmetric = "scope12"\n'
               f'base_year_effect = "{effect}"\n\n')
    report = track_workspace(small_workspace(tmp_path, changes + ABSOLUTE, REPORTED), year=2022)
    p = report.progress[0]
    assert p.base.as_set.value == pytest.approx(1000.0)
    if recalculated is None:
        assert p.base.recalculated is None
        assert p.target_level.value == pytest.approx(500.0)  # 50 % of 1,000
    else:
        assert p.base.recalculated.value == pytest.approx(recalculated)
        assert p.target_level.value == pytest.approx(0.5 * recalculated)  # 530


def test_a_change_after_the_reporting_year_is_not_applied(tmp_path):
    changes = ('[[structural_changes]]\nyear = 2023\nkind = "acquisition"\nmetric = "scope12"\n'
               'base_year_effect = "600 t CO2e"\n\n')
    p = track_workspace(small_workspace(tmp_path, changes + ABSOLUTE, REPORTED), year=2022).progress[0]
    assert p.base.recalculated is None


def test_milestone_bends_the_pathway(tmp_path):
    targets = ABSOLUTE + 'milestones = [{ year = 2022, reduce_to = "90 %" }]\n'
    p = track_workspace(small_workspace(tmp_path, targets, REPORTED), year=2022).progress[0]
    assert p.pathway_value.value == pytest.approx(900.0)  # the milestone: 90 % of 1,000
    assert p.on_track is False  # 950 > 900


def test_inventory_when_the_target_file_prefers_it(tmp_path):
    activity = ("year,activity,quantity,unit,gas,scope,scope2_method\n"
                "2020,emissions.reported,400,t CO2e,CO2e,1,\n2020,emissions.reported,600,t CO2e,CO2e,2,location\n"
                "2022,emissions.reported,300,t CO2e,CO2e,1,\n2022,emissions.reported,500,t CO2e,CO2e,2,location\n")
    targets = 'actuals_from = ["inventory", "reported"]\n' + ABSOLUTE
    p = track_workspace(small_workspace(tmp_path, targets, REPORTED, activity=activity), year=2022).progress[0]
    assert p.actual.figure.value == 800.0 and p.actual.figure.low == 800.0  # 300 + 500, exact
    assert p.base.as_set.value == 1000.0  # 400 + 600
    assert p.actual.source.startswith("computed from the inventory")


def test_supplied_electricity_turns_the_bound_into_a_share(tmp_path):
    targets = ('[[figures]]\nmetric = "electricity"\nyear = 2023\n'
               'value = "150,000.00"\nunit = "MWh"\n\n[targets.re]\ntype = "share"\nnumerator = "energy_renewable"\n'
               'denominator = "electricity"\ndenominator_at_most = "energy_indirect"\ntarget_share = "100 %"\n'
               'base_year = 2023\ntarget_year = 2035\n')
    reported = 'r,energy_renewable,2023,"372.00",MWh,\nr,energy_indirect,2023,"191,753.27",MWh,\n'
    p = track_workspace(small_workspace(tmp_path, targets, reported), year=2023).progress[0]
    assert p.actual.figure.value == pytest.approx(372 / 150_000)  # 0.248 %


NEUTRAL = ('[targets.n]\ntype = "{kind}"\nmetric = "scope12"\nbase_year = 2020\ntarget_year = 2030\n'
           'residual_max = "2 %"\n')
AT_TARGET = "r,scope12,2020,1000.000,t CO2e,\nr,scope12,2030,19.000,t CO2e,\n"
RECORDS = "2030,removal,15.000,t CO2e,forestry\n2030,credit,5.000,t CO2e,avoided emissions\n"


def test_carbon_neutrality_counts_removals_and_credits(tmp_path):
    p = track_workspace(small_workspace(tmp_path, NEUTRAL.format(kind="neutrality"), AT_TARGET, RECORDS),
                        year=2030).progress[0]
    # residual 19 <= 2 % of 1,000 = 20, and 15 + 5 = 20 >= 19 neutralised: met
    assert p.actual.figure.value == 19.0  # never netted
    assert p.neutralisation.counted.value == pytest.approx(20.0)
    assert p.status == "met"


def test_net_zero_counts_removals_only(tmp_path):
    p = track_workspace(small_workspace(tmp_path, NEUTRAL.format(kind="net_zero"), AT_TARGET, RECORDS),
                        year=2030).progress[0]
    # only the 15 t of removals count: 19 - 15 = 4 t not covered
    assert p.neutralisation.counted.value == pytest.approx(15.0)
    assert p.neutralisation.uncovered.value == pytest.approx(4.0)
    assert p.status == "missed"


def test_scope2_method_picks_market_based_scope2(tmp_path):
    targets = ABSOLUTE.replace('metric = "scope12"', 'metric = "scope12"\nscope2_method = "market"')
    reported = ("r,scope1,2020,100.00,t CO2e,\nr,scope2_location,2020,900.00,t CO2e,\nr,scope2_market,2020,700.00,t CO2e,\n"
                "r,scope1,2022,90.00,t CO2e,\nr,scope2_location,2022,880.00,t CO2e,\nr,scope2_market,2022,400.00,t CO2e,\n"
                "r,scope12,2020,1000.00,t CO2e,\n")
    p = track_workspace(small_workspace(tmp_path, targets, reported), year=2022).progress[0]
    assert p.base.as_set.value == pytest.approx(100 + 700)  # not the reported scope12 of 1,000 (method unstated)
    assert p.actual.figure.value == pytest.approx(90 + 400)
    assert "Scope 2 market-based" in p.target.reading


def test_include_boundary_sums_its_segments(tmp_path):
    targets = ABSOLUTE + 'boundary = { name = "plants", include = ["north", "south"] }\n'
    reported = ("r,scope12,2020,300.00,t CO2e,north\nr,scope12,2020,200.00,t CO2e,south\n"
                "r,scope12,2022,250.00,t CO2e,north\nr,scope12,2022,150.00,t CO2e,south\n"
                "r,scope12,2020,9999.00,t CO2e,\n")
    p = track_workspace(small_workspace(tmp_path, targets, reported), year=2022).progress[0]
    assert p.base.as_set.value == pytest.approx(300 + 200)
    assert p.actual.figure.value == pytest.approx(250 + 150)
    assert p.target_level.value == pytest.approx(0.5 * 500)


def test_missing_year_is_said_not_guessed(tmp_path):
    p = track_workspace(small_workspace(tmp_path, ABSOLUTE, REPORTED), year=2021).progress[0]
    assert p.actual.figure is None and p.status == "no data" and p.on_track is None
    assert p.actual.source.startswith("no figure for scope12 2021")


# --- the report as a notebook user gets it: the JSON document and the two tables ----------------

@pytest.fixture(scope="module")
def report_2023():
    return track_workspace(XIAOMI, year=2023, targets_file=TARGETS)


def test_report_document_gives_the_2030_gap_in_tonnes_and_the_rate_in_percent(report_2023):
    document = report_2023.to_dict()
    assert document["year"] == 2023 and document["significance_threshold"] == 5  # "5 %" in ghgcalc.toml
    record = next(t for t in document["targets"] if t["id"] == "ghg-2030")
    # gap = 94,025.84 - 0.3 x 82,820.16 = 94,025.84 - 24,846.048 = 69,179.792 t CO2e
    assert record["gap"]["value"] == pytest.approx(69_179.792) and record["gap"]["unit"] == "t CO2e"
    # rate = 100 x (1 - (24,846.048 / 94,025.84) ** (1 / 7)) = 17.3 % a year
    rate = record["required_annual_rate"]
    assert rate["value"] == pytest.approx(100 * (1 - (24_846.048 / 94_025.84) ** (1 / 7)))
    assert round(rate["value"], 1) == 17.3 and rate["unit"] == "% per year" and rate["direction"] == "reduction"
    # gap_percent holds percent: 100 x 69,179.792 / 24,846.048 = 278.4 % of the target level
    assert record["gap_percent"]["value"] == pytest.approx(100 * 69_179.792 / 24_846.048)
    assert record["status"] == "off track" and document["all_on_track"] is False


def test_report_frame_has_one_row_per_target_with_bounds_and_units(report_2023):
    frame = report_2023.to_frame().set_index("id")
    assert list(frame.index) == [p.target.id for p in report_2023.progress]
    row = frame.loc["ghg-2030"]
    assert row["gap"] == pytest.approx(69_179.792) and row["gap_unit"] == "t CO2e"
    # printed precision: [94,025.825 - 24,846.0495, 94,025.855 - 24,846.0465]
    assert (row["gap_low"], row["gap_high"]) == pytest.approx((69_179.7755, 69_179.8085))
    assert round(row["required_annual_rate"], 1) == 17.3 and row["status"] == "off track"


def test_report_display_frame_shows_what_the_docs_show(report_2023):
    row = gap_table(report_2023).set_index("target").loc["ghg-2030"]
    assert row["gap"] == "69,179.79"
    assert row["rate/yr"] == "17.3 % cut"
    assert "base recalculated" not in gap_table(report_2023).columns  # no base was recalculated
    assert gap_explanations(report_2023)[0].startswith("ghg-2030: ")
