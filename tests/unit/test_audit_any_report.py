"""The audit on other companies' reports: declared precision, fiscal years, currencies, Scope 2 methods,
sums not printed, and separately rounded parts however they are typed. Expected values by hand."""

from __future__ import annotations

import pytest

from ghgcalc.audit.checks import audit_workspace
from ghgcalc.audit.intensity import intensity_workspace
from ghgcalc.errors import InputError
from ghgcalc.figures.metrics import load_workspace_vocabulary
from ghgcalc.figures.reported import read_reported
from ghgcalc.workspace.config import WorkspaceFileError, load_workspace
from tests.conftest import ROOT

HEAD = "vintage,metric,year,value,unit,precision,scope2_method\n"
SEPARATE = "components rounded separately, then added"


def _workspace(tmp_path, files: dict[str, str], extra: str = ""):
    tmp_path.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    reported = [n for n in files if n.startswith("reported")]
    (tmp_path / "ghgcalc.toml").write_text(f'[workspace]\nname = "test"\n{extra}[data]\nreported = ['
                                           + ", ".join(f'"{n}"' for n in reported) + "]\n", encoding="utf-8")
    return load_workspace(tmp_path)


def find(report, kind, metric, year):
    [found] = [f for f in report.findings if (f.kind, f.metric, f.year) == (kind, metric, year)]
    return found


def test_a_headcount_is_a_whole_number_declared_exact_or_not(tmp_path):
    rows = ('r,energy_total,2023,"258,764.96",kWh,,\nr,workforce_total,2023,296,person,{p},\n'
            'r,energy_per_capita,2023,874.19,kWh / person,,\n')
    # 258,764.96 / 296 = 874.2059 -> 874.21, printed 874.19. Read as 295.5 to 296.5 persons, the
    # headcount would let 258,764.96 / 296.0059 = 874.19 through; but persons are whole numbers, so
    # 296 is 296 whether or not the table declares it exact.
    for p, said in [("", "(printed 296, a whole number of persons)"), ("exact", "(printed 296, exact)")]:
        report = audit_workspace(_workspace(tmp_path / (p or "loose"), {"reported.csv": HEAD + rows.format(p=p)}))
        finding = find(report, "reproduction", "energy_per_capita", 2023)
        assert finding.verdict == "not_reproduced"
        implied = {i["metric"]: i for i in finding.implied}["workforce_total"]
        # 258,764.955 / 874.195 = 296.0037 to 258,764.965 / 874.185 = 296.0071 persons: not 296
        assert implied["low"] == pytest.approx(258.764955 / 0.874195)
        assert implied["high"] == pytest.approx(258.764965 / 0.874185)
        assert not implied["printed_inside"]
        assert said in finding.detail
        assert "implied workforce_total: 296.004 to 296.007" in finding.detail


def test_a_total_printed_to_the_thousand_passes_its_sum_check(tmp_path):
    rows = ('r,scope12,2023,"1,234,567",t CO2e,,\nr,scope3,2023,"16,538,000",t CO2e,{p},\n'
            'r,scope123,2023,"17,772,321",t CO2e,,\n')
    # 1,234,567 + 16,538,000 = 17,772,567, printed 17,772,321: 246 apart, beyond +-1 but within +-500
    failing = find(audit_workspace(_workspace(tmp_path / "a", {"reported.csv": HEAD + rows.format(p="")})),
                   "identity", "scope123", 2023)
    assert failing.verdict == "fails"
    for declared in ("thousand", "1000"):
        passing = find(audit_workspace(_workspace(tmp_path / declared, {"reported.csv": HEAD + rows.format(p=declared)})),
                       "identity", "scope123", 2023)
        assert passing.verdict == "holds"
        assert passing.recomputed.low == pytest.approx(1234566.5 + 16537500)


# Each part rounds up, the sum does not: 139,864 / 211,915 = 0.660 -> 0.7 and 398,230 / 211,915 = 1.879
# -> 1.9, so 0.7 + 1.9 = 2.6 is printed, while 538,094 / 211,915 = 2.539 -> 2.5.
PARTS = ('r,scope1,2023,"139,864",t CO2e,,\nr,scope2_location,2023,"398,230",t CO2e,,\n'
         'r,revenue,2023,"211,915",million RMB,,\n')


@pytest.mark.parametrize("typed", ["metric", "formula", "not at all"])
def test_separately_rounded_parts_are_found_however_the_subtotal_is_typed(tmp_path, typed):
    assert round(139864 / 211915, 1) == 0.7 and round(398230 / 211915, 1) == 1.9
    assert round(538094 / 211915, 1) == 2.5
    files = {"reported.csv": HEAD + PARTS}
    if typed == "metric":  # the subtotal printed, the intensity a standard metric
        files["reported.csv"] += 'r,scope12_location,2023,"538,094",t CO2e,,\nr,ghg_location_per_revenue,2023,2.6,t CO2e / (million RMB),,\n'
    elif typed == "formula":  # a company metric with the sum inline
        files["metrics.csv"] = "metric,unit,definition,formula\nmy_intensity,t CO2e / (million RMB),,(scope1 + scope2_location) / revenue\n"
        files["reported.csv"] += "r,my_intensity,2023,2.6,t CO2e / (million RMB),,\n"
    else:  # the subtotal not printed: built from its parts
        files["reported.csv"] += "r,ghg_location_per_revenue,2023,2.6,t CO2e / (million RMB),,\n"
    metric = "my_intensity" if typed == "formula" else "ghg_location_per_revenue"
    finding = find(audit_workspace(_workspace(tmp_path, files)), "reproduction", metric, 2023)
    assert finding.verdict == "not_reproduced"
    assert [a["formula"] for a in finding.alternatives if a["reproduces"] and a["description"] == SEPARATE] == [
        "round(scope1 / revenue) + round(scope2_location / revenue)"]


def test_a_sum_at_two_levels_is_split_at_either(tmp_path):
    # scope123 = scope12 + scope3 = (scope1 + scope2) + scope3, per revenue 100 with one decimal:
    # 4.46 + 4.46 + 10.16 = 19.08 -> 19.1; rounded separately 4.5 + 4.5 + 10.2 = 19.2
    rows = ('r,scope1,2023,446,t CO2e,,\nr,scope2,2023,446,t CO2e,,\nr,scope3,2023,"1,016",t CO2e,,\n'
            'r,revenue,2023,100.000,million RMB,,\n')
    files = {"reported.csv": HEAD + rows,
             "metrics.csv": "metric,unit,definition,formula\ntotal_intensity,t CO2e / (million RMB),,scope123 / revenue\n"}
    files["reported.csv"] += "r,total_intensity,2023,19.2,t CO2e / (million RMB),,\n"
    finding = find(audit_workspace(_workspace(tmp_path, files)), "reproduction", "total_intensity", 2023)
    assert finding.verdict == "not_reproduced"
    assert "round(scope1 / revenue) + round(scope2 / revenue) + round(scope3 / revenue)" in [
        a["formula"] for a in finding.alternatives if a["reproduces"]]


def test_usd_revenue_with_the_standard_names_and_intensity(tmp_path):
    workspace = _workspace(tmp_path, {"reported.csv": HEAD + (
        'r,scope1,2018,"6,371",t CO2e,,\nr,scope2_location,2018,"193,760",t CO2e,,\n'
        'r,revenue,2018,"45,350",USD million,,\nr,ghg_location_per_revenue,2018,4.41,t CO2e / (USD million),,\n')},
        extra='currency = "USD"\n')
    # (6,371 + 193,760) / 45,350 = 200,131 / 45,350 = 4.4130 -> 4.41
    finding = find(audit_workspace(workspace), "reproduction", "ghg_location_per_revenue", 2018)
    assert finding.verdict == "reproduced"
    assert finding.recomputed.contains(200131 / 45350)
    assert "scope12_location 2018 not printed; built as scope1 + scope2_location" in finding.detail
    report = intensity_workspace(tmp_path, "S1+2-location")
    [row] = report.results  # the printed 4.41 is the figure, as in every command; its parts' 4.4130 beside it
    assert row.face_value == pytest.approx(4.41) and (row.value.low, row.value.high) == pytest.approx((4.405, 4.415))
    assert row.from_parts == pytest.approx(200131 / 45350) and row.printed_as == "ghg_location_per_revenue"
    assert row.unit == "t CO2e / (USD million)" and row.numerator == "scope1 + scope2_location"


def test_usd_revenue_against_an_rmb_intensity_goes_through_the_fx_table(tmp_path):
    fx = "date_or_year,from,to,rate,source\n2023,USD,RMB,7.0809,Federal Reserve G.5A 2023 annual average\n"
    files = {"reported.csv": HEAD + ('r,scope12,2023,"1,000",t CO2e,,\nr,revenue,2023,100.0,USD million,,\n'
                                     'r,ghg_per_revenue,2023,1.41,t CO2e / (million RMB),,\n'), "fx.csv": fx}
    (tmp_path / "fx.csv").write_text(fx, encoding="utf-8")
    workspace = _workspace(tmp_path, files, extra="")
    text = (tmp_path / "ghgcalc.toml").read_text().replace("[data]\n", '[data]\nfx = "fx.csv"\n')
    (tmp_path / "ghgcalc.toml").write_text(text, encoding="utf-8")
    # 1,000 / (100.0 x 7.0809) = 1.4122 -> 1.41
    finding = find(audit_workspace(load_workspace(tmp_path)), "reproduction", "ghg_per_revenue", 2023)
    assert workspace.fx_file is None and finding.verdict == "reproduced"
    assert finding.recomputed.contains(1000 / (100.0 * 7.0809))
    assert "revenue converted from USD to RMB at 7.0809 for 2023 (fx.csv row 2" in finding.detail


def test_a_printed_intensity_in_another_currency_is_the_figure_only_through_the_fx_table(tmp_path):
    rows = HEAD + ('r,scope12,2023,"1,000",t CO2e,,\nr,revenue,2023,100.0,USD million,,\n'
                   'r,ghg_per_revenue,2023,1.41,t CO2e / (million RMB),,\n')
    _workspace(tmp_path / "no-fx", {"reported.csv": rows}, extra='currency = "USD"\n')
    [row] = intensity_workspace(tmp_path / "no-fx", "S1+2").results
    # no rate to bring 1.41 t per million RMB to USD: the figure is its parts', 1,000 / 100.0 = 10 t per million USD
    assert row.face_value == pytest.approx(10.0) and row.printed_as == "" and row.unit == "t CO2e / (USD million)"
    fx = "date_or_year,from,to,rate,source\n2023,USD,RMB,7.0809,Federal Reserve G.5A 2023 annual average\n"
    _workspace(tmp_path / "fx", {"reported.csv": rows, "fx.csv": fx}, extra='currency = "USD"\n')
    text = (tmp_path / "fx" / "ghgcalc.toml").read_text().replace("[data]\n", '[data]\nfx = "fx.csv"\n')
    (tmp_path / "fx" / "ghgcalc.toml").write_text(text, encoding="utf-8")
    [row] = intensity_workspace(tmp_path / "fx", "S1+2").results
    # with the rate: 1.41 t per million RMB x 7.0809 RMB per USD = 9.9841 t per million USD; parts 10
    assert row.face_value == pytest.approx(1.41 * 7.0809) and row.from_parts == pytest.approx(10.0)


def test_fiscal_year_labels_are_kept_and_counted_by_the_year_they_end(tmp_path):
    workspace = _workspace(tmp_path, {"reported.csv": "vintage,metric,year,value,unit\n"
                                                      "r,scope1,FY2017/18,100,t CO2e\nr,scope1,FY 2018/19,90,t CO2e\n"
                                                      "r,scope1,FY2020,80,t CO2e\n"},
                           extra='fiscal_year_end = "03-31"\n')
    figures = read_reported(workspace.reported_files, load_workspace_vocabulary(None))
    assert list(zip(figures["year_label"], figures["year"])) == [("FY2017/18", 2018), ("FY 2018/19", 2019), ("FY2020", 2020)]
    report = audit_workspace(workspace)
    # the audit prints every year in the company's one style (three styles typed, none stated: the default
    # FY<start>/<end>), not each as its table typed it
    assert [report.label(y) for y in (2018, 2019, 2020)] == ["FY2017/18", "FY2018/19", "FY2019/20"]
    assert "(FY2019/20 = 1 April 2019 to 31 March 2020, counted as 2020)" in report.fiscal_year


@pytest.mark.parametrize("value, message", [
    ('"06-31"', "'06-31' is not a day of the year (MM-DD; 29 February is not allowed)"),
    ('"March"', "'March' is not a fiscal year end: write a month and day (MM-DD) or a 52/53-week rule (\"03-31\", "
     "\"last Saturday of September\", \"Saturday nearest the end of September\")"),
])
def test_fiscal_year_end_is_validated(tmp_path, value, message):
    (tmp_path / "ghgcalc.toml").write_text(f"[workspace]\nfiscal_year_end = {value}\n", encoding="utf-8")
    with pytest.raises(WorkspaceFileError) as caught:
        load_workspace(tmp_path)
    assert caught.value.problems == [f"ghgcalc.toml, line 2: [workspace] fiscal_year_end: {message}"]


def test_bad_cells_of_the_new_columns(tmp_path):
    (tmp_path / "r.csv").write_text(HEAD + "r,scope1,FY2017/19,1,t CO2e,,\nr,scope1,2020,1,t CO2e,about,\n"
                                           "r,scope1,2021,1,t CO2e,,market\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_reported([tmp_path / "r.csv"], load_workspace_vocabulary(None))
    assert [str(p) for p in caught.value.problems] == [
        "r.csv, row 2, column year: 'FY2017/19' is not a fiscal year: the second year must follow the first (FY2017/18)",
        "r.csv, row 3, column precision: 'about' is not a precision: write exact, thousand, million, a positive step "
        "such as 1000, 'nearly 50' or 'over 50' for a printed approximation, 'at least' for a lower bound with no "
        "upper end, or leave it empty for the printed "
        "decimals",
        "r.csv, row 4, column scope2_method: a Scope 2 method applies to scope2, scope12 and scope123 figures, not scope1"]


def test_scope2_method_column_reads_the_figure_under_that_method(tmp_path):
    (tmp_path / "r.csv").write_text(HEAD + 'r,scope12,2023,"1,000",t CO2e,,location\nr,scope2,2023,900,t CO2e,,market\n',
                                    encoding="utf-8")
    figures = read_reported([tmp_path / "r.csv"], load_workspace_vocabulary(None))
    assert list(figures["metric"]) == ["scope12_location", "scope2_market"]
    assert list(figures["scope2_method"]) == ["location", "market"]


def test_sr2020_per_employee_figures_use_inconsistent_denominators():
    report = audit_workspace(load_workspace(ROOT / "examples" / "xiaomi"))
    [finding] = [f for f in report.findings if (f.kind, f.vintage, f.year) == ("denominator", "sr-2020", 2020)]
    assert finding.verdict == "inconsistent"
    groups = {a["definition"]: (a["low"], a["high"]) for a in finding.alternatives}
    water = next(g for names, g in groups.items() if "water_withdrawal_per_capita" in names)
    # 303,132.92 / [15.795, 15.805]: 19,179.6 to 19,191.7 persons
    assert water[0] == pytest.approx(303132.915 / 15.805) and water[1] <= 303132.925 / 15.795 + 1e-6
    energy = next(names for names in groups if "energy_per_capita (main_offices)" in names)
    # 48,608.45 / [2.215, 2.225] = 21,846 to 21,945 persons, the whole boundary's energy (no segment figure)
    assert groups[energy][1] <= 48608.455 / 2.215 + 1e-6 and groups[energy][0] >= 48608.445 / 2.225 - 1e-6
    assert "waste_nonhazardous_per_capita" in next(names for names in groups if "water_withdrawal_per_capita" in names)
    assert not any(lo <= 22074 <= hi for names, (lo, hi) in groups.items() if "water" in names or "energy" in names)


def test_hkex_per_employee_figures_divide_by_the_age_groups():
    report = audit_workspace(load_workspace(ROOT / "examples" / "hkex-2024042902752"))
    # 2022: 245.415 / (270 + 106 + 2) = 245.415 / 378 = 0.64925 -> 0.649; 2023: 125.015 / 260 = 0.48083 -> 0.481
    for metric, year, hand in [("ghg_per_capita", 2022, 245.415 / 378), ("ghg_per_capita", 2023, 125.015 / 260),
                               ("energy_per_capita", 2022, 558.394 / 378), ("energy_per_capita", 2023, 280.633 / 260),
                               ("water_consumption_per_capita", 2022, 73542.41 / 378),
                               ("water_consumption_per_capita", 2023, 33833.6 / 260)]:
        finding = find(report, "reproduction", metric, year)
        assert finding.verdict == "reproduced" and finding.recomputed.contains(hand)
    [row] = intensity_workspace(ROOT / "examples" / "hkex-2024042902752", "S1+2", "capita", years=[2023]).results
    assert row.face_value == pytest.approx(0.481)  # printed: the figure in every command
    assert row.from_parts == pytest.approx(125.015 / 260)  # what the audit reproduces it from


def test_lenovo_location_based_intensities_reproduce():
    report = audit_workspace(load_workspace(ROOT / "examples" / "lenovo"))
    # (7,068 + 228,493) / 44,911 = 5.2451; (8,294 + 213,637) / 43,035 = 5.1570; (6,371 + 193,760) / 45,350 = 4.4130
    for year, hand, printed in [(2016, 235561 / 44911, "5.25"), (2017, 221931 / 43035, "5.16"), (2018, 200131 / 45350, "4.41")]:
        finding = find(report, "reproduction", "ghg_location_per_revenue", year)
        assert finding.verdict == "reproduced" and finding.recomputed.contains(hand)
        assert finding.reported["text"] == printed and finding.reported["year_label"] == f"FY{year - 1}/{str(year)[-2:]}"
    assert find(report, "reproduction", "ghg_location_per_revenue", 2020).verdict == "not_checkable"  # no revenue printed


def test_metrics_file_problems_count_rows_of_the_users_file(tmp_path):
    (tmp_path / "metrics.csv").write_text("metric,unit,definition,formula\nok,t CO2e,,\nbad,t CO2e,,scope1 + nosuch\n",
                                          encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_workspace_vocabulary(tmp_path)
    assert [str(p) for p in caught.value.problems] == ["metrics.csv, row 3, column formula: 'nosuch' is not a known metric"]


def test_intensities_name_fiscal_years_as_the_report_prints_them():
    report = intensity_workspace(ROOT / "examples" / "lenovo", "S1+2-location", "revenue")
    first = report.to_frame().iloc[0]
    # FY2015/16 (ends 31 March 2016): printed 5.25; (7,068 + 228,493) t CO2e / 44,911 USD million = 5.2451
    assert first["year"] == "FY2015/16" and first["value"] == pytest.approx(5.25)
    assert report.results[0].from_parts == pytest.approx(235561 / 44911, rel=1e-4)
    assert report.printed_notes[0].startswith("FY2015/16 scope1 + scope2_location: esg-2019-20.csv row 21: "
                                              "ghg_location_per_revenue FY2015/16 = 5.25")


# A German maker's 2024 print: revenue in EUR million, Scope 1 and Scope 2 under each method, no Scope 1+2
BY_METHOD = ("r,revenue,2024,438.2,EUR million,,\nr,scope1,2024,756.0,t CO2e,,\n"
             'r,scope2_market,2024,"3,091.0",t CO2e,,\nr,scope2_location,2024,"3,527.5",t CO2e,,\n')


def test_a_per_revenue_intensity_over_scope12_printed_only_by_method_reads_each_method(tmp_path):
    # Scope 1 756.0, Scope 2 market 3,091.0, location 3,527.5, revenue 438.2 (EUR million), intensity 8.78:
    # (756.0 + 3,091.0) / 438.2 = 8.7791 -> 8.78 (market-based); (756.0 + 3,527.5) / 438.2 = 9.7752 does not.
    # Scope 2 is printed, so the total is never "Scope 1 alone" (756.0 / 438.2 = 1.725).
    rows = BY_METHOD + "r,ghg_per_revenue,2024,8.78,t CO2e / EUR million,,\n"
    report = audit_workspace(_workspace(tmp_path, {"reported.csv": HEAD + rows}, 'currency = "EUR"\n'))
    finding = find(report, "reproduction", "ghg_per_revenue", 2024)
    assert finding.verdict == "reproduced"
    assert finding.recomputed.low == pytest.approx((755.95 + 3090.95) / 438.25)
    assert finding.recomputed.high == pytest.approx((756.05 + 3091.05) / 438.15)
    assert "read as scope12_market (market-based)" in finding.detail
    assert "scope12_location / revenue gives 9.77" in finding.detail
    assert "alone" not in finding.detail and not finding.assumptions


def test_with_a_misprinted_total_the_method_reading_an_alternative_explains_is_kept(tmp_path):
    # Scope 1+2 market-based misprinted 3,874.1 (756.0 + 3,091.0 = 3,847.0): 3,874.1 / 438.2 = 8.8409 and the
    # location-based 9.7752 both miss 8.78, but the market-based total as the sum of its parts reproduces it, so
    # that reading is the one kept (not the location-based one, 1.0 apart).
    rows = BY_METHOD + 'r,scope12_market,2024,"3,874.1",t CO2e,,\nr,ghg_per_revenue,2024,8.78,t CO2e / EUR million,,\n'
    report = audit_workspace(_workspace(tmp_path, {"reported.csv": HEAD + rows}, 'currency = "EUR"\n'))
    finding = find(report, "reproduction", "ghg_per_revenue", 2024)
    assert finding.verdict == "not_reproduced"
    assert finding.recomputed.low == pytest.approx(3874.05 / 438.25)
    assert any("scope1 + scope2_market = 756.0 + 3,091.0" in e for e in finding.explanation)
    assert "read as scope12_market (market-based)" in finding.detail
