"""The audit of the Xiaomi workspace, finding by finding, against arithmetic done by hand.

Every expected value below is computed from the printed figures (see
examples/xiaomi/SOURCES.md); a figure printed with d decimals stands for +- 0.5e-d.
"""

from __future__ import annotations

import pytest

from ghgcalc.audit.checks import audit_figures, audit_workspace
from ghgcalc.audit.findings import VERDICTS
from ghgcalc.figures.metrics import load_workspace_vocabulary
from ghgcalc.figures.reported import read_reported
from ghgcalc.workspace.config import load_workspace
from tests.conftest import ROOT

XIAOMI = ROOT / "examples" / "xiaomi"
FULL_TIME = "full-time employees instead of total workforce"


@pytest.fixture(scope="module")
def report():
    return audit_workspace(load_workspace(XIAOMI))


def find(report, kind, metric, year, vintage=None, segment=""):
    found = [f for f in report.findings if f.kind == kind and f.metric == metric and f.year == year
             and f.segment == segment and (vintage is None or f.vintage == vintage)]
    assert len(found) == 1, f"{kind} {metric} {year} {vintage}: {len(found)} findings"
    return found[0]


# The 2023 ESG Report's "Use Intensity" table: 8 metrics, printed for 2020-2023 (packaging 2022-2023).
# (metric, year): (verdict, hand computation with the vocabulary's definition)
USE_INTENSITY = {
    ("energy_per_revenue", 2023): ("reproduced", 211171.84 / 270970.1),      # 0.7793 -> 0.78
    ("energy_per_revenue", 2022): ("reproduced", 144741.38 / 280044.0),      # 0.5169 -> 0.52
    ("energy_per_revenue", 2021): ("reproduced", 144626.56 / 328309.1),      # 0.4405 -> 0.44
    ("energy_per_revenue", 2020): ("reproduced", 118397.58 / 245865.6),      # 0.4816 -> 0.48
    ("energy_per_capita", 2023): ("not_reproduced", 211171.84 / 35116),      # 6.0135, printed 6.28
    ("energy_per_capita", 2022): ("not_reproduced", 144741.38 / 35997),      # 4.0209, printed 4.45
    ("energy_per_capita", 2021): ("reproduced", 144626.56 / 33415),          # 4.3282 -> 4.33
    ("energy_per_capita", 2020): ("not_reproduced", 118397.58 / 24810),      # 4.7722, printed 5.36
    ("ghg_per_revenue", 2023): ("reproduced", 116722.56 / 270970.1),         # 0.43076 -> 0.43
    ("ghg_per_revenue", 2022): ("reproduced", 85742.61 / 280044.0),          # 0.30618 -> 0.31
    ("ghg_per_revenue", 2021): ("reproduced", 82820.16 / 328309.1),          # 0.25226 -> 0.25
    ("ghg_per_revenue", 2020): ("reproduced", 66481.29 / 245865.6),          # 0.27040 -> 0.27
    ("ghg_per_capita", 2023): ("not_reproduced", 116722.56 / 35116),         # 3.3239, printed 3.47
    ("ghg_per_capita", 2022): ("not_reproduced", 85742.61 / 35997),          # 2.3819, printed 2.63
    ("ghg_per_capita", 2021): ("reproduced", 82820.16 / 33415),              # 2.4785 -> 2.48
    ("ghg_per_capita", 2020): ("not_reproduced", 66481.29 / 24810),          # 2.6796, printed 3.01
    ("water_per_capita", 2023): ("not_reproduced", 523100.75 / 35116),       # 14.896, printed 15.56
    ("water_per_capita", 2022): ("not_reproduced", 391953.85 / 35997),       # 10.889, printed 12.04
    ("water_per_capita", 2021): ("reproduced", 329572.00 / 33415),           # 9.8630 -> 9.86
    ("water_per_capita", 2020): ("not_reproduced", 187339.02 / 24810),       # 7.5510, printed 8.49
    # printed in t per person; the metric's unit is kg per person, hence x 1,000
    ("waste_nonhazardous_per_capita", 2023): ("not_reproduced", 7174.83e3 / 35116),  # 0.20432 t < 0.205
    ("waste_nonhazardous_per_capita", 2022): ("not_reproduced", 7052.28e3 / 35997),  # 0.19591 t, printed 0.22
    ("waste_nonhazardous_per_capita", 2021): ("reproduced", 6328.88e3 / 33415),      # 0.18940 t -> 0.19
    ("waste_nonhazardous_per_capita", 2020): ("not_reproduced", 4661.07e3 / 24810),  # 0.18787 t, printed 0.21
    ("waste_hazardous_per_capita", 2023): ("not_reproduced", 95780 / 35116),  # 2.7275 kg, printed 2.85
    ("waste_hazardous_per_capita", 2022): ("reproduced", 1430 / 35997),       # 0.0397 -> 0.04
    ("waste_hazardous_per_capita", 2021): ("reproduced", 2500 / 33415),       # 0.0748 -> 0.07
    # 0.37 t printed is 365 to 375 kg: 375 / 24,810 = 0.01511 reaches 0.015, so 0.02 is reachable
    ("waste_hazardous_per_capita", 2020): ("reproduced", 370 / 24810),
    ("packaging_per_revenue", 2023): ("reproduced", 4254.86 / 270970.1),     # 0.0157 -> 0.02
    ("packaging_per_revenue", 2022): ("reproduced", 5065.08 / 280044.0),     # 0.0181 -> 0.02
}


@pytest.mark.parametrize("metric, year", sorted(USE_INTENSITY))
def test_use_intensity_table(report, metric, year):
    verdict, hand = USE_INTENSITY[(metric, year)]
    finding = find(report, "reproduction", metric, year, "esg-2023")
    assert finding.verdict == verdict
    assert finding.recomputed.contains(hand)


# The per-capita figures that do not reproduce all divide by full-time employees:
# (metric, year): (hand computation with workforce_fulltime in the unit printed, the print)
FULL_TIME_REPRODUCES = {
    ("energy_per_capita", 2023): (211171.84 / 33627, 6.28),
    ("energy_per_capita", 2022): (144741.38 / 32543, 4.45),
    ("energy_per_capita", 2020): (118397.58 / 22074, 5.36),
    ("ghg_per_capita", 2023): (116722.56 / 33627, 3.47),
    ("ghg_per_capita", 2022): (85742.61 / 32543, 2.63),
    ("ghg_per_capita", 2020): (66481.29 / 22074, 3.01),
    ("water_per_capita", 2023): (523100.75 / 33627, 15.56),
    ("water_per_capita", 2022): (391953.85 / 32543, 12.04),
    ("water_per_capita", 2020): (187339.02 / 22074, 8.49),
    ("waste_nonhazardous_per_capita", 2023): (7174.83 / 33627, 0.21),
    ("waste_nonhazardous_per_capita", 2022): (7052.28 / 32543, 0.22),
    ("waste_nonhazardous_per_capita", 2020): (4661.07 / 22074, 0.21),
    ("waste_hazardous_per_capita", 2023): (95780 / 33627, 2.85),
}


@pytest.mark.parametrize("metric, year", sorted(FULL_TIME_REPRODUCES))
def test_full_time_headcount_explains_the_per_capita_figures(report, metric, year):
    hand, printed = FULL_TIME_REPRODUCES[(metric, year)]
    assert round(hand, 2) == printed  # the hand computation itself rounds to the print
    finding = find(report, "reproduction", metric, year, "esg-2023")
    [reproducing] = [a for a in finding.alternatives if a["reproduces"] and a["description"] == FULL_TIME]
    in_metric_unit = hand * finding.reported["to_canonical"]  # t per person -> kg per person for non-hazardous waste
    assert reproducing["low"] <= in_metric_unit <= reproducing["high"]
    assert finding.explanation[0] == reproducing["definition"]
    # Other explanations found besides: in 2020 the headcount by gender, 7,535 + 14,539 = 22,074, is the
    # full-time headcount again; 7,174.83 / 35,116 = 0.20432 rounded up to two decimals is 0.21.
    others = {a["description"] for a in finding.alternatives if a["reproduces"]} - {FULL_TIME}
    expected = {"workforce_female + workforce_male instead of workforce_total"} if year == 2020 else set()
    if (metric, year) == ("waste_nonhazardous_per_capita", 2023):
        expected = {"rounded up"}
    assert others == expected


def test_ghg_per_capita_2023_in_detail(report):
    finding = find(report, "reproduction", "ghg_per_capita", 2023, "esg-2023")
    assert finding.explanation == ("scope12 / workforce_fulltime (full-time employees instead of total workforce)",)
    # total workforce, a whole number of persons: [116,722.555 / 35,116, 116,722.565 / 35,116] = [3.32391, 3.32392]
    # vs printed [3.465, 3.475]
    assert finding.recomputed.low == pytest.approx(116722.555 / 35116)
    assert finding.recomputed.high == pytest.approx(116722.565 / 35116)
    assert finding.distance == pytest.approx(3.465 - 116722.565 / 35116)
    # the headcount that would give 3.47: 116,722.56 / [3.465, 3.475] = [33,589.2, 33,686.2], holding 33,627
    implied = {i["metric"]: i for i in finding.implied}["workforce_total"]
    assert implied["low"] == pytest.approx(116722.555 / 3.475)
    assert implied["high"] == pytest.approx(116722.565 / 3.465)
    assert implied["low"] < 33627 < implied["high"] and not implied["printed_inside"]


def test_ghg_per_revenue_2023_reproduces(report):
    finding = find(report, "reproduction", "ghg_per_revenue", 2023, "esg-2023")
    assert finding.verdict == "reproduced"
    assert finding.recomputed.low == pytest.approx(116722.555 / 270970.15)  # 0.430757
    assert finding.recomputed.high == pytest.approx(116722.565 / 270970.05)  # 0.430758
    assert [i["where"] for i in finding.inputs] == ["esg-2023.csv row 15", "annual-reports.csv row 5"]
    # components rounded separately: 12,252.52 / 270,970.1 = 0.045 -> 0.05; 104,470.04 / 270,970.1 = 0.386 -> 0.39
    separately = [a for a in finding.alternatives if a["description"] == "components rounded separately, then added"][0]
    assert (separately["low"], separately["high"]) == pytest.approx((0.05 + 0.39, 0.05 + 0.39))
    assert not separately["reproduces"]


# Identities in every vintage: (vintage, metric, year): (verdict, sum of components - printed total)
IDENTITIES = {
    ("esg-2023", "scope1", 2023): ("holds", 3921.26 + 1900.75 + 1.97 + 6428.54 - 12252.52),
    ("esg-2023", "scope1", 2020): ("holds", 1117.96 + 2179.62 + 0.00 + 5104.54 - 8402.12),
    ("esg-2023", "scope12", 2023): ("holds", 12252.52 + 104470.04 - 116722.56),
    ("esg-2023", "scope12", 2021): ("holds", 9096.95 + 73723.21 - 82820.16),
    ("sr-2020", "scope12", 2020): ("holds", 624.29 + 30722.77 - 31347.06),
    ("esg-2023", "energy_total", 2023): ("holds", 19418.57 + 191753.27 - 211171.84),
    ("sr-2020", "energy_total", 2020): ("holds", 3192.70 + 45415.75 - 48608.45),
    ("esg-2023", "water_withdrawal", 2023): ("fails", 523100.75 + 164353.00 - 683906.94),  # +3,546.81
    ("esg-2023", "water_withdrawal", 2022): ("holds", 391953.85 + 118202.20 - 510156.05),
    ("sr-2020", "water_withdrawal", 2020): ("holds", 187339.02 + 115793.90 - 303132.92),
    ("esg-2023", "workforce_total", 2023): ("holds", 33627 + 1489 - 35116),
    ("esg-2023", "workforce_total", 2022): ("fails", 32543 + 3434 - 35997),  # -20
    ("esg-2023", "workforce_total", 2021): ("fails", 33427 + 1988 - 33415),  # +2,000
    ("esg-2023", "workforce_total", 2020): ("holds", 22074 + 2736 - 24810),
    ("sr-2020", "workforce_region_vs_gender", 2020): ("fails", 20586 + 1203 + 7 + 6 + 1 - (7535 + 14539)),  # -271
    ("sr-2020", "workforce_age_vs_gender", 2020): ("holds", 11510 + 10446 + 118 - (7535 + 14539)),
    ("esg-2023", "workforce_age_shares", 2020): ("holds", 47.32 + 52.14 + 0.53 - 100),  # 99.99, within rounding
    ("esg-2023", "workforce_cohort_shares", 2021): ("holds", 0.92 + 36.45 + 62.64 - 100),  # 100.01
}


@pytest.mark.parametrize("vintage, metric, year", sorted(IDENTITIES))
def test_identities(report, vintage, metric, year):
    verdict, difference = IDENTITIES[(vintage, metric, year)]
    finding = find(report, "identity", metric, year, vintage)
    assert finding.verdict == verdict
    assert finding.difference == pytest.approx(difference, abs=1e-6)


def test_water_2023_prints_both_sides(report):
    finding = find(report, "identity", "water_withdrawal", 2023, "esg-2023")
    assert finding.reported["text"] == "683,906.94"
    assert finding.recomputed.contains(523100.75 + 164353.00)  # 687,453.75
    assert finding.difference == pytest.approx(3546.81)
    assert "water_fresh + water_reclaimed = 687,453.75 against water_withdrawal = 683,906.94 t" in finding.detail


def test_every_failing_identity_is_known(report):
    failing = {(f.vintage, f.metric, f.year) for f in report.of_kind("identity") if f.verdict == "fails"}
    assert failing == {k for k, (verdict, _) in IDENTITIES.items() if verdict == "fails"}


def test_restatement_of_2020_scope12_is_significant(report):
    finding = find(report, "restatement", "scope12", 2020)
    assert (finding.previous["vintage"], finding.reported["vintage"]) == ("sr-2020", "esg-2023")
    assert finding.verdict == "restated" and finding.significant
    assert finding.change["absolute"] == pytest.approx(66481.29 - 31347.06)  # +35,134.23
    assert finding.change["percent"] == pytest.approx((66481.29 - 31347.06) / 31347.06 * 100)  # +112.08 %
    assert "+112.08%" in finding.detail


def test_unchanged_and_insignificant_figures_between_vintages(report):
    water = find(report, "restatement", "water_withdrawal", 2020)
    assert water.verdict == "holds" and not water.significant  # 303,132.92 in both
    hazardous = find(report, "restatement", "waste_hazardous", 2020)
    assert hazardous.verdict == "holds"  # 0.367 sits inside 0.37's [0.365, 0.375]
    china = find(report, "restatement", "workforce_region_china_share", 2020)
    # 94 -> 93.26: (93.26 - 94) / 94 = -0.79 %, below the 5 % threshold
    assert china.verdict == "restated" and not china.significant
    assert china.change["percent"] == pytest.approx((93.26 - 94) / 94 * 100)


def test_derived_scope12_2024_from_intensity_and_revenue(report):
    finding = find(report, "derivation", "scope12", 2024)
    # 0.57 -> [0.565, 0.575]; revenue 365,906.4 -> [365,906.35, 365,906.45]
    assert finding.recomputed.low == pytest.approx(0.565 * 365906.35)   # 206,737.1
    assert finding.recomputed.high == pytest.approx(0.575 * 365906.45)  # 210,396.2


def test_derived_scope123_2023_from_growth(report):
    finding = find(report, "derivation", "scope123", 2023)
    # 10,787,758 -> [10,787,757.5, 10,787,758.5]; +7.8 % -> 1 + g in [1.0775, 1.0785]
    assert finding.recomputed.low == pytest.approx(10787757.5 / 1.0785)   # 10,002,557
    assert finding.recomputed.high == pytest.approx(10787758.5 / 1.0775)  # 10,011,841


def test_derived_scope3_2024_notes_the_approximate_share(report):
    finding = find(report, "derivation", "scope3", 2024)
    # 98 % -> [97.5, 98.5]
    assert finding.recomputed.low == pytest.approx(10787757.5 * 0.975)   # 10,518,064
    assert finding.recomputed.high == pytest.approx(10787758.5 * 0.985)  # 10,625,942
    assert "printed as approximate" in finding.detail
    # cross-check: total less the derived Scope 1+2 = [10,787,757.5 - 210,396.2, 10,787,758.5 - 206,737.1]
    [check] = finding.alternatives
    assert check["low"] == pytest.approx(10787757.5 - 0.575 * 365906.45)
    assert check["high"] == pytest.approx(10787758.5 - 0.565 * 365906.35)
    assert check["reproduces"]  # the two routes overlap: the share is consistent with the intensity


def test_derived_scope3_2023_chains_two_rules(report):
    finding = find(report, "derivation", "scope3", 2023)
    # the derived 2023 total less the printed 2023 Scope 1+2 (116,722.56 +- 0.005)
    assert finding.recomputed.low == pytest.approx(10787757.5 / 1.0785 - 116722.565)  # 9,885,834
    assert finding.recomputed.high == pytest.approx(10787758.5 / 1.0775 - 116722.555)  # 9,895,118


def test_misprint_is_its_own_finding(report):
    finding = find(report, "misprint", "packaging_total", 2020, "sr-2020")
    assert finding.reported["text"] == "46.808.15"
    assert "read as '46,808.15'" in finding.detail
    # and the reading is what the intensity uses: 46,808.15 / 245,865.6 = 0.1904 -> 0.19
    intensity = find(report, "reproduction", "packaging_per_revenue", 2020, "sr-2020")
    assert intensity.verdict == "reproduced" and intensity.recomputed.contains(46808.15 / 245865.6)


def test_sr2020_per_capita_figures_imply_an_unstated_headcount(report):
    finding = find(report, "reproduction", "waste_nonhazardous_per_capita", 2020, "sr-2020")
    assert finding.verdict == "not_reproduced" and finding.explanation == ()
    implied = {i["metric"]: i for i in finding.implied}["workforce_total"]
    # 4,661.07 / [0.235, 0.245] = [19,024.8, 19,834.4]: neither 24,810 nor 22,074
    assert implied["low"] == pytest.approx(4661.065 / 0.245)
    assert implied["high"] == pytest.approx(4661.075 / 0.235)


def test_summary_counts_every_finding(report):
    assert sum(report.summary.values()) == len(report.findings)
    assert set(report.summary) == set(VERDICTS)
    assert report.failed
    document = report.to_dict()
    assert document["rounding_rule"].startswith("half-up")
    assert document["patterns"][0]["description"] == FULL_TIME


def _workspace(tmp_path, files: dict[str, str]):
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    reported = [n for n in files if n.startswith("reported")]
    (tmp_path / "ghgcalc.toml").write_text(
        '[workspace]\nname = "test"\n[data]\nreported = [' + ", ".join(f'"{n}"' for n in reported) + "]\n", encoding="utf-8")
    return load_workspace(tmp_path)


HEAD = "vintage,metric,year,value,unit\n"


def test_previous_year_revenue_is_found(tmp_path):
    workspace = _workspace(tmp_path, {"reported.csv": HEAD + (
        "r,scope12,2023,\"1,000\",t CO2e\nr,revenue,2023,\"2,000.0\",million RMB\n"
        "r,revenue,2022,\"4,000.0\",million RMB\nr,ghg_per_revenue,2023,0.25,t CO2e / (million RMB)\n")})
    finding = find(audit_workspace(workspace), "reproduction", "ghg_per_revenue", 2023)
    # 1,000 / 2,000 = 0.5 is not 0.25; 1,000 / 4,000 (revenue of 2022) = 0.25 is
    assert finding.verdict == "not_reproduced"
    assert finding.explanation == ("scope12 / revenue with revenue of 2022 (revenue of the previous year)",)


def test_separately_rounded_components(tmp_path):
    workspace = _workspace(tmp_path, {"reported.csv": HEAD + (
        "r,scope1,2023,\"1,049\",t CO2e\nr,scope2,2023,\"1,049\",t CO2e\nr,scope12,2023,\"2,098\",t CO2e\n"
        "r,revenue,2023,\"1,000.000\",million RMB\nr,ghg_per_revenue,2023,2.0,t CO2e / (million RMB)\n")})
    finding = find(audit_workspace(workspace), "reproduction", "ghg_per_revenue", 2023)
    # 2,098 / 1,000 = 2.098 -> 2.1, not 2.0; but 1,049 / 1,000 = 1.049 -> 1.0, twice: 1.0 + 1.0 = 2.0
    assert finding.verdict == "not_reproduced"
    # and 2.098 truncated to one decimal is 2.0 as well
    assert finding.explanation == ("round(scope1 / revenue) + round(scope2 / revenue) (components rounded separately, then added)",
                                   "scope12 / revenue (truncated (decimals cut off), not rounded)")


def test_cross_table_disagreement_within_one_vintage(tmp_path):
    workspace = _workspace(tmp_path, {
        "reported-kpi.csv": HEAD + "esg,scope1,2023,\"12,252.52\",t CO2e\n",
        "reported-climate.csv": HEAD + "esg,scope1,2023,12.25,kt CO2e\n",
    })
    finding = find(audit_workspace(workspace), "identity", "scope1", 2023, "esg")
    # 12.25 kt is [12,245, 12,255] t, which holds 12,252.52: the same figure at lower precision
    assert finding.verdict == "holds"
    assert finding.difference == pytest.approx(12250 - 12252.52)


def test_company_metric_is_reproduced(tmp_path):
    workspace = _workspace(tmp_path, {
        "metrics.csv": "metric,unit,definition,formula\nworkforce_fte,FTE,,\nghg_per_fte,t CO2e / FTE,,scope12 / workforce_fte\n",
        "reported.csv": HEAD + "r,scope12,2023,\"116,722.56\",t CO2e\nr,workforce_fte,2023,\"33,000\",FTE\nr,ghg_per_fte,2023,3.54,t CO2e / FTE\n",
    })
    finding = find(audit_workspace(workspace), "reproduction", "ghg_per_fte", 2023)
    assert finding.verdict == "reproduced"  # 116,722.56 / 33,000 = 3.5370 -> 3.54
    assert finding.recomputed.contains(116722.56 / 33000)


def test_workspace_derivation_rules(tmp_path):
    workspace = _workspace(tmp_path, {
        "derivations.csv": "target,year_offset,formula,description\nrevenue,0,scope12 / ghg_per_revenue,revenue from Scope 1+2 and the intensity\n",
        "reported.csv": HEAD + "r,scope12,2023,\"1,000\",t CO2e\nr,ghg_per_revenue,2023,0.50,t CO2e / (million RMB)\n",
    })
    finding = find(audit_workspace(workspace), "derivation", "revenue", 2023)
    assert finding.recomputed.low == pytest.approx(999.5 / 0.505)   # 1,979.2
    assert finding.recomputed.high == pytest.approx(1000.5 / 0.495)  # 2,021.2


def test_audit_figures_without_a_workspace():
    vocabulary = load_workspace_vocabulary(None)
    figures = read_reported([XIAOMI / "reported" / "sr-2020.csv"], vocabulary)
    report = audit_figures(figures, vocabulary)
    assert find(report, "identity", "scope12", 2020, "sr-2020").verdict == "holds"  # 624.29 + 30,722.77 = 31,347.06


def test_audit_report_frame_has_one_row_per_finding(report):
    frame = report.to_frame()
    assert len(frame) == len(report.findings)
    assert frame["verdict"].value_counts().to_dict() == {v: n for v, n in report.summary.items() if n}
    water = frame[(frame["kind"] == "identity") & (frame["metric"] == "water_withdrawal") & (frame["year"] == 2023)]
    # 523,100.75 + 164,353.00 - 683,906.94 = 3,546.81 t
    assert water["verdict"].tolist() == ["fails"]
    assert water["difference"].iloc[0] == pytest.approx(523_100.75 + 164_353.00 - 683_906.94)
    assert water["printed"].iloc[0] == "683,906.94"
