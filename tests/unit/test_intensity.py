"""Intensities per revenue and per capita (ESRS E1-6, GRI 305-4) from printed figures, as intervals."""

from __future__ import annotations

import pytest

from ghgcalc.errors import ConfigError, CurrencyError, UnitError
from ghgcalc.figures.metrics import load_workspace_vocabulary
from ghgcalc.audit.intensity import compute_intensities, intensity_workspace, per_capita, per_revenue
from ghgcalc.core.intervals import Interval
from ghgcalc.figures.money import load_fx
from ghgcalc.figures.reported import read_reported
from ghgcalc.workspace.config import load_workspace
from tests.conftest import ROOT

XIAOMI = ROOT / "examples" / "xiaomi"


@pytest.fixture(scope="module")
def xiaomi():
    workspace = load_workspace(XIAOMI)
    vocabulary = load_workspace_vocabulary(workspace.root)
    return read_reported(workspace.reported_files, vocabulary), vocabulary


def by_year(results):
    return {r.year: r for r in results}


def test_per_revenue_of_printed_figures_is_an_interval():
    # 116,722.56 t / RMB 270,970.1 million = 0.43076 t per RMB million
    value = per_revenue(Interval(116722.555, 116722.565), "t CO2e", Interval(270970.05, 270970.15), "million RMB")
    assert value.low == pytest.approx(116722.555 / 270970.15)
    assert value.high == pytest.approx(116722.565 / 270970.05)
    assert value.contains(116722.56 / 270970.1)


def test_per_revenue_in_another_scale():
    # per 万 RMB (10,000 RMB): 116,722.56 / (270,970.1 x 100) = 0.0043076 t
    assert per_revenue(116722.56, "t CO2e", 270970.1, "million RMB", "万 RMB").mid == pytest.approx(116722.56 / 27097010)


def test_per_revenue_refuses_a_denominator_that_is_not_money():
    with pytest.raises(UnitError, match="'person' is not an amount of money"):
        per_revenue(1.0, "t CO2e", 1.0, "person")


def test_per_capita():
    # 116,722.56 t / 33,627 full-time employees = 3.4711 t per person
    assert per_capita(116722.56, "t CO2e", 33627).mid == pytest.approx(116722.56 / 33627)


def test_scope12_per_revenue_for_every_printed_year(xiaomi):
    figures, vocabulary = xiaomi
    results = by_year(compute_intensities(figures, vocabulary, "S1+2", "revenue"))
    assert sorted(results) == [2020, 2021, 2022, 2023]  # 2024 prints no Scope 1+2
    assert results[2023].numerator == "scope12"
    assert results[2023].face_value == pytest.approx(116722.56 / 270970.1)  # 0.43076
    assert results[2022].face_value == pytest.approx(85742.61 / 280044.0)   # 0.30618
    assert results[2023].rounded(2) == 0.43
    assert "annual-reports.csv row 5: revenue 2023 = 270,970.1 million RMB" in results[2023].inputs


def test_scope_combinations_fall_back_to_the_sum_of_printed_parts(xiaomi):
    figures, vocabulary = xiaomi
    # no Scope 1+2+3 total is printed for 2022: Scope 1+2 plus Scope 3 = 85,742.61 + 10,075,225.54
    results = by_year(compute_intensities(figures, vocabulary, "S1+2+3", "revenue", years=[2022]))
    assert results[2022].numerator == "scope12 + scope3"
    assert results[2022].face_value == pytest.approx((85742.61 + 10075225.54) / 280044.0)  # 36.284
    # Scope 1 alone, 2023: 12,252.52 / 270,970.1 = 0.045217
    scope1 = by_year(compute_intensities(figures, vocabulary, "S1", "revenue", years=[2023]))
    assert scope1[2023].face_value == pytest.approx(12252.52 / 270970.1)


def test_market_based_scope2_is_not_invented(xiaomi):
    figures, vocabulary = xiaomi
    assert compute_intensities(figures, vocabulary, "S1+2-market", "revenue") == []


def test_per_capita_with_the_headcount_the_user_names(xiaomi):
    figures, vocabulary = xiaomi
    full_time = by_year(compute_intensities(figures, vocabulary, "energy_total", "capita", headcount="workforce_fulltime"))
    total = by_year(compute_intensities(figures, vocabulary, "energy_total", "capita", headcount="workforce_total"))
    assert full_time[2023].face_value == pytest.approx(211171.84 / 33627)  # 6.2798 -> 6.28 as printed
    assert total[2023].face_value == pytest.approx(211171.84 / 35116)      # 6.0135
    assert full_time[2023].unit == "MWh / person"


def test_per_usd_million_through_the_fx_table(xiaomi):
    figures, vocabulary = xiaomi
    fx = load_fx(XIAOMI / "fx.csv")
    results = by_year(compute_intensities(figures, vocabulary, "S1+2", "revenue", currency="USD million", fx=fx, years=[2023]))
    # 116,722.56 t / (270,970.1 / 7.0809) USD million = 3.0502 t per USD million
    assert results[2023].face_value == pytest.approx(116722.56 / (270970.1 / 7.0809))
    assert results[2023].fx_note.startswith("1 RMB = 0.141225 USD (fx.csv row 5: Federal Reserve G.5A")


def test_usd_without_a_rate_for_the_year_is_a_currency_error(xiaomi):
    figures, vocabulary = xiaomi
    fx = load_fx(XIAOMI / "fx.csv")
    with pytest.raises(CurrencyError, match=r"needs an exchange rate for 2024: fx.csv has RMB/USD rates"):
        compute_intensities(figures, vocabulary, "S1+2+3", "revenue", currency="USD million", fx=fx, years=[2024])


def test_unknown_numerator_suggests_a_name(xiaomi):
    figures, vocabulary = xiaomi
    with pytest.raises(ConfigError, match="'scope_12' is not a metric or scope combination; did you mean 'scope12'"):
        compute_intensities(figures, vocabulary, "scope_12")


def test_headcount_must_count_people(xiaomi):
    figures, vocabulary = xiaomi
    with pytest.raises(ConfigError, match="headcount 'revenue' is in million RMB, not a number of persons or FTE"):
        compute_intensities(figures, vocabulary, "S1+2", "capita", headcount="revenue")


def test_intensity_report_of_the_workspace():
    report = intensity_workspace(XIAOMI, per="capita", headcount="workforce_fulltime", decimals=2)
    assert report.title == ("Xiaomi Corporation: S1+2 per workforce_fulltime; "
                            "intervals from the printed precision (half-up)")
    frame = report.to_frame().set_index("year")
    # 2023: 116,722.56 / 33,627 = 3.4711 t CO2e per full-time employee, printed 3.47
    assert frame.loc[2023, "value"] == pytest.approx(116_722.56 / 33_627)
    assert frame.loc[2023, "low"] == pytest.approx(116_722.555 / 33_627.5)
    assert frame.loc[2023, "high"] == pytest.approx(116_722.565 / 33_626.5)
    assert frame.loc[2023, "rounded"] == "3.47" and frame.loc[2023, "unit"] == "t CO2e / person"
    document = report.to_dict()
    assert (document["numerator"], document["per"]) == ("S1+2", "capita")
    row_2020 = document["rows"][0]
    # 2020: 66,481.29 / 22,074 = 3.0117
    assert row_2020["year"] == 2020 and row_2020["value"] == pytest.approx(66_481.29 / 22_074)
    assert row_2020["inputs"][1].endswith("workforce_fulltime 2020 = 22,074 person") and row_2020["fx"] == ""
