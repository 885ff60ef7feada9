"""examples/precision-jp, a fictitious yen reporter whose fiscal years end on 31 March and are labelled
by the year they start: every command runs on it, the figures of its SOURCES.md are worked out here by
hand from the activity rows and the cited factors, no output says RMB, and years show as typed."""

import json
import re

import pytest
from click.testing import CliRunner

from ghgcalc.cli import main
from tests.conftest import ROOT

EXAMPLE = ROOT / "examples" / "precision-jp"

# Conversions (exact by definition) and the cited factors, AR5 GWP-100 (CH4 28, N2O 265)
LB, US_GALLON, FT3 = 0.45359237, 3.785411784, 0.3048**3  # kg; L; m3
GAS_TJ_PER_M3 = 0.7e-6 * 48  # IPCC 2006 Vol. 2 Table 1.2 (48 TJ/Gg) at 0.7 kg/m3: TJ per m3
GAS_T_PER_TJ = 56.1 + 0.001 * 28 + 0.0001 * 265  # IPCC 2006 Vol. 2 Table 2.3 (stationary), t CO2e per TJ
DIESEL_TJ_PER_L = 0.8306e-6 * 43  # IPCC 2006 Table 1.2 (43 TJ/Gg) at 0.8306 kg/L
DIESEL_T_PER_TJ = 74.1 + 0.0039 * 28 + 0.0039 * 265  # IPCC 2006 Vol. 2 Tables 3.2.1-3.2.2 (road)
R410A = 0.5 * 677 + 0.5 * 3170  # ASHRAE 34: 50 % HFC-32, 50 % HFC-125
JP_GRID = 0.423  # t CO2 / MWh, MOE/METI national average, R6 (FY2024) actuals (the example's own file)
JP_MENU_C = 0.464  # t CO2 / MWh, Shikoku Electric, menu C (residual), FY2023 actuals (on the rows)
RFCW = (911.321 + 0.071 * 28 + 0.010 * 265) * LB / 1000  # eGRID2023 RFC West, lb/MWh -> t CO2e / MWh
CZ_2024 = 0.338  # EEA, GHG intensity of electricity generation, Czechia 2024, g CO2e/kWh = t/MWh


def scope1(jp_gas_m3, hfc32_kg, r410a_kg, us_gas_mscf, diesel_gal, hfc134a_kg, cz_gas_m3):
    gas = (jp_gas_m3 + us_gas_mscf * 1000 * FT3 + cz_gas_m3) * GAS_TJ_PER_M3 * GAS_T_PER_TJ
    diesel = diesel_gal * US_GALLON * DIESEL_TJ_PER_L * DIESEL_T_PER_TJ
    return gas + diesel + (hfc32_kg * 677 + r410a_kg * R410A + hfc134a_kg * 1300) / 1000


# FY2024 (1 April 2024 to 31 March 2025), each line of SOURCES.md
SCOPE1 = scope1(1_500_000, 25, 40, 14_000, 16_000, 8, 350_000)
SCOPE2_LOCATION = 18_000 * JP_GRID + 9_000 * RFCW + 5_000 * CZ_2024
SCOPE2_MARKET = 12_000 * JP_MENU_C + 6_000 * RFCW + 3_000 * CZ_2024  # menu A, RECs and GOs count zero
TO_2022_USD = 292.655 / 313.689  # US CPI-U, 2022 over 2024 (standing in for FY2024)
SCOPE3 = (4_500_000 * TO_2022_USD * 0.769 + 2_000_000 * TO_2022_USD * 0.248  # EPA v1.3, 331110 and 332999
          + 12_000_000 * 0.01612 + 2_400_000 * 0.10916) / 1000  # DESNZ 2025: container ship; long-haul economy
REVENUE_OKU = 1_302.4  # 億円 as printed
BASE_PRINTED = 4_947 + 14_640  # FY2022 Scope 1 + market-based Scope 2 as printed
ACTUAL_PRINTED = 4_506 + 9_075  # FY2024, as printed


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def ok(*args):
    result = run(*args)
    assert result.exit_code == 0, result.output
    return result


def test_sources_md_figures():
    assert SCOPE1 == pytest.approx(4_505.58, abs=0.005)
    assert SCOPE2_LOCATION == pytest.approx(13_043.25, abs=0.005)
    assert SCOPE2_MARKET == pytest.approx(9_074.83, abs=0.005)
    assert SCOPE3 == pytest.approx(4_146.63, abs=0.005)
    assert (SCOPE1 + SCOPE2_MARKET) / REVENUE_OKU == pytest.approx(10.4272, abs=5e-5)


def test_inventory_by_hand():
    rows = {}
    for r in json.loads(ok("inventory", EXAMPLE, "--format", "json").stdout)["rows"]:
        key = (r["year"], r["scope"], r["scope2_method"])
        rows[key] = rows.get(key, 0.0) + r["value"]
    assert rows[(2025, "1", "")] == pytest.approx(SCOPE1, rel=1e-6)
    assert rows[(2025, "2", "location")] == pytest.approx(SCOPE2_LOCATION, rel=1e-6)
    assert rows[(2025, "2", "market")] == pytest.approx(SCOPE2_MARKET, rel=1e-6)
    assert rows[(2025, "3", "")] == pytest.approx(SCOPE3, rel=1e-6)
    base = scope1(1_650_000, 30, 50, 15_000, 18_000, 12, 380_000) + 19_000 * JP_MENU_C + 9_500 * RFCW + 5_200 * 0.361
    assert rows[(2023, "1", "")] + rows[(2023, "2", "market")] == pytest.approx(base, rel=1e-6)  # FY2022
    assert round(base) == BASE_PRINTED


def test_intensity_per_oku_yen_in_fiscal_years():
    doc = json.loads(ok("intensity", EXAMPLE, "--format", "json").stdout)  # revenue is printed in 億円
    row = next(r for r in doc["rows"] if r["year"] == 2025 and r["numerator"] == "scope1 + scope2_market")
    assert row["year_label"] == "FY2024" and row["unit"] == "t CO2e / 億円"
    # the report prints the ratio itself, 10.43, and printed figures are used where the report prints them
    # ([workspace] prefer): it is the figure, with its printed precision [10.425, 10.435]; the ratio of the
    # printed parts, (4,506 + 9,075) / 1,302.4 = 10.4277, is beside it as what the audit checks it against
    assert row["value"] == pytest.approx(10.43, rel=1e-12)
    assert (row["low"], row["high"]) == (pytest.approx(10.425, rel=1e-12), pytest.approx(10.435, rel=1e-12))
    assert row["printed_as"] == "ghg_market_per_revenue"
    assert row["from_parts"] == pytest.approx(ACTUAL_PRINTED / REVENUE_OKU, rel=1e-9)
    assert "ghg_market_per_revenue FY2024 = 10.43" in row["inputs"][0]


def test_targets_in_fiscal_year_labels():
    doc = json.loads(ok("gap", EXAMPLE, "--year", "FY2024", "--format", "json").stdout)
    targets = {t["id"]: t for t in doc["targets"]}
    absolute = targets["scope12-2030"]
    assert (absolute["year"], absolute["base_year"], absolute["target_year"]) == (2025, 2023, 2031)
    labels = (absolute["year_label"], absolute["base_year_label"], absolute["target_year_label"])
    assert labels == ("FY2024", "FY2022", "FY2030")
    assert absolute["base"]["as_set"]["value"] == BASE_PRINTED
    assert absolute["target_level"]["value"] == pytest.approx(0.5 * BASE_PRINTED)
    assert absolute["actual"]["value"] == ACTUAL_PRINTED
    assert absolute["gap"]["value"] == pytest.approx(ACTUAL_PRINTED - 0.5 * BASE_PRINTED)
    intensity = targets["intensity-2030"]
    assert intensity["unit"] == "t CO2e / 億円"
    assert intensity["target_level"]["value"] == pytest.approx(0.4 * 16.59)
    assert intensity["actual"]["value"] == pytest.approx(10.43)
    share = targets["re100-2040"]
    assert share["actual"]["value"] == pytest.approx(100 * 11_000 / 32_000)
    # pathway: 0 % in FY2022 to 60 % in FY2030, straight: FY2024 is 2/8 of the way
    assert share["pathway_value"]["value"] == pytest.approx(60 * 2 / 8)


def test_scenario_plan_meets_the_2030_target_and_starts_from_the_inventory():
    doc = json.loads(ok("scenario", "run", EXAMPLE, "plan", "--format", "json").stdout)
    first = doc["years"][0]
    assert first["year"] == 2025
    assert first["scope12"]["value"] == pytest.approx(SCOPE1 + SCOPE2_MARKET, rel=1e-6)
    assert first["energy_renewable"]["value"] == pytest.approx(11_000)


COMMANDS = [
    ["inventory", EXAMPLE],
    ["explain", EXAMPLE, "--year", "FY2024", "--scope", "2", "--method", "market"],
    ["audit", EXAMPLE],
    ["intensity", EXAMPLE],
    ["gap", EXAMPLE, "--year", "FY2024"],
    ["report", EXAMPLE],
    ["disclose", EXAMPLE, "--standard", "gri-305"],
    ["check", EXAMPLE],
    ["scenario", "run", EXAMPLE, "plan"],
    ["scenario", "compare", EXAMPLE, "bau", "plan"],
    ["scenario", "seek", EXAMPLE, "plan", "--lever", "renewable-electricity", "--parameter", "share.2031",
     "--target", "scope12-2030"],
]
JSON_COMMANDS = [c + ["--format", "json"] for c in COMMANDS if c[0] not in ("explain", "check") and c[1] != "seek"]


@pytest.mark.parametrize("args", COMMANDS + JSON_COMMANDS, ids=lambda a: " ".join(str(x) for x in a if x != EXAMPLE))
def test_every_command_runs_and_no_output_says_rmb(args):
    result = ok(*args)
    assert "RMB" not in result.output


@pytest.mark.parametrize("standard", ["esrs-e1", "gri-305", "cdp", "hkex", "ifrs-s2"])
def test_disclosures_say_yen(standard):
    assert "RMB" not in ok("disclose", EXAMPLE, "--standard", standard).output


def test_html_and_workbook_say_yen(tmp_path):
    from openpyxl import load_workbook

    ok("report", EXAMPLE, "--html", tmp_path / "r.html", "--xlsx", tmp_path / "r.xlsx")
    assert "RMB" not in (tmp_path / "r.html").read_text(encoding="utf-8")
    book = load_workbook(tmp_path / "r.xlsx")
    cells = [str(c.value) for sheet in book for row in sheet.iter_rows() for c in row if c.value is not None]
    assert not [c for c in cells if "RMB" in c]


# Years the example's fiscal years count as (FY2022-FY2024 end in 2023-2025; FY2030 in 2031, FY2040 in 2041)
# shown as plain years where a year is meant: a table's year column, "in 2025", "by 2031", "its 2023 level".
CALENDAR = r"20(?:2[3-9]|3\d|4[0-2])"
YEAR_PLACES = [rf"(?m)^\s*{CALENDAR}\b", rf"\b(?:in|of|for|by|from|since|year|actual|base)[ =:]+{CALENDAR}\b",
               rf"\bits {CALENDAR} level", rf"\b{CALENDAR}\s*-\s*{CALENDAR}\b", rf"--year {CALENDAR}\b"]


def calendar_years_shown(text):
    return sorted({m.group(0).strip() for p in YEAR_PLACES for m in re.finditer(p, text)})


def citations(args) -> list[str]:
    """The factor citations a command prints (explain beside each line, disclose as the datapoint 'source
    of the emission factors used'), from its JSON document: their publication years and dates ('for reports
    submitted in 2026', '2025-11-06') are the publishers', not fiscal years."""
    if args[0] not in ("explain", "disclose"):
        return []
    document = json.loads(ok(*args, "--format", "json").stdout)
    if args[0] == "explain":
        # each line prints its factor row's source (document, table, year: the publisher's) beside it
        return sorted({line["factor_source"] or line["citation"] for line in document["lines"] if line["citation"]})
    return sorted({p["text"] for p in document["datapoints"] if str(p["used"]).startswith("@factors") and p["text"]})


def without(text, cited):
    """The text with each citation taken out where it is printed (wrapped over lines, indented; a line may break
    after a hyphen)."""
    for citation in cited:
        words = (re.escape(word).replace(r"\-", r"-\s*") for word in citation.split())
        text, found = re.subn(r"\s+".join(words), "(citation)", text)
        assert found, citation[:80]  # the premise: the command prints it
    return text


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(str(x) for x in a if x != EXAMPLE))
def test_every_year_shows_as_the_fiscal_label_typed(args):
    result = ok(*args)
    assert calendar_years_shown(without(result.output, citations(args))) == []
    if args[0] not in ("check",) and args[1] != "seek":  # seek names the target year only (FY2030)
        assert "FY2024" in result.output


def test_a_citation_is_taken_out_and_nothing_else():
    cited = citations(["disclose", EXAMPLE, "--standard", "gri-305"])
    assert any("for reports submitted in 2026" in c for c in cited)  # a publication year the check would catch
    text = ok("disclose", EXAMPLE, "--standard", "gri-305").output
    assert len(without(text, cited)) < len(text) and "factors used by the inventory of FY2024" in without(text, cited)


def test_json_lineage_keeps_calendar_years_and_adds_the_labels():
    fallbacks = json.loads(ok("inventory", EXAMPLE, "--format", "json").stdout)["fallbacks"]
    # FY2024 (ends March 2025): Czechia has no residual mix, so market-based uses the location-based factor
    [cz] = [f for f in fallbacks if (f["year"], f["region"], f["scope2_method"]) == (2025, "CZ", "market")]
    assert cz["year_label"] == "FY2024"
    assert "no residual mix for region CZ in 2025" in cz["fallback"]
    assert "no residual mix for region CZ in FY2024" in cz["fallback_label"]
    lines = json.loads(ok("explain", EXAMPLE, "--year", "FY2024", "--scope", "2", "--method", "market",
                          "--format", "json").stdout)["lines"]
    fell_back = [line for line in lines if line["fallback"]]
    assert fell_back and all(line["year"] == 2025 and "FY2024" in line["fallback_label"] for line in fell_back)


def test_scope3_table_and_findings_name_the_fiscal_year():
    text = ok("inventory", EXAMPLE).output
    assert "Scope 3 by category, FY2024 (not screened)" in text
    assert "Finding: FY2024 category 1 is partly spend-based" in text  # EPA purchaser prices beside category 4
    categories = json.loads(ok("inventory", EXAMPLE, "--format", "json").stdout)["scope3"]["categories"]
    assert {(c["year"], c["year_label"]) for c in categories} == {(2025, "FY2024")}


def test_a_refused_row_is_named_by_its_fiscal_year(tmp_path):
    import shutil

    folder = shutil.copytree(EXAMPLE, tmp_path / "jp")
    with open(folder / "activity.csv", "a", encoding="utf-8") as table:  # no grid factor for Kenya is shipped
        table.write("FY2024,electricity.grid,100,MWh,KE,japan,Nairobi office,,,,\n")
    result = run("inventory", folder)
    assert result.exit_code == 1
    assert "no emission factor for electricity.grid in region 'KE', year FY2024 (" in result.stderr
    assert calendar_years_shown(result.stderr) == [] and "year 2025" not in result.stderr
    [refused] = json.loads(run("inventory", folder, "--format", "json").stdout)["rejected"]
    assert (refused["year"], refused["year_label"]) == (2025, "FY2024")  # JSON keeps the calendar year
    assert "year 2025 (" in refused["message"] and "year FY2024 (" in refused["message_label"]


def plan_with_share(path, share: str):
    """The example's plan with the renewable-electricity lever's share series written as ``share``, at ``path``."""
    plan = (EXAMPLE / "scenarios" / "plan.toml").read_text(encoding="utf-8")
    changed = plan.replace('{ 2026 = "6 %", 2031 = "36 %", 2041 = "66 %" }', share)
    assert changed != plan  # the premise: the plan still has that series
    path.write_text(changed.replace('workspace = ".."', f'workspace = "{EXAMPLE}"'), encoding="utf-8")
    return path


def test_a_scenario_series_takes_fiscal_year_labels(tmp_path):
    labelled = plan_with_share(tmp_path / "plan-labelled.toml", '{ FY2025 = "6 %", FY2030 = "36 %", FY2040 = "66 %" }')
    by_label = json.loads(ok("scenario", "run", EXAMPLE, labelled, "--format", "json").stdout)
    by_year = json.loads(ok("scenario", "run", EXAMPLE, "plan", "--format", "json").stdout)
    assert by_label["years"] == by_year["years"]


def test_a_lever_valued_for_the_start_year_is_noted_in_its_label_in_text_and_json(tmp_path):
    plan = plan_with_share(tmp_path / "plan.toml", '{ FY2024 = "3 %", FY2025 = "6 %", FY2030 = "36 %", FY2040 = "66 %" }')
    note = ("renewable-electricity: a share for FY2024 (start year) only starts its path; the lever acts from "
            "FY2025")  # the start year is FY2024, the inventory's last
    assert note in " ".join(ok("scenario", "run", EXAMPLE, plan).output.split())
    assert note in json.loads(ok("scenario", "run", EXAMPLE, plan, "--format", "json").stdout)["notes"]


def test_the_re100_target_is_projected_by_the_plan():
    doc = json.loads(ok("scenario", "run", EXAMPLE, "plan", "--format", "json").stdout)
    assert "not projected" not in json.dumps(doc["targets"])


def display_width(line):
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


def test_report_fits_100_columns_with_wide_characters():
    out = ok("report", EXAMPLE).output  # 億円 takes two columns of a terminal each
    assert max(display_width(line) for line in out.splitlines()) <= 100


@pytest.mark.parametrize("args", [
    ["inventory", EXAMPLE, "--xlsx"], ["audit", EXAMPLE, "--xlsx"], ["intensity", EXAMPLE, "--xlsx"],
    ["gap", EXAMPLE, "--xlsx"], ["explain", EXAMPLE, "--year", "FY2024", "--scope", "1", "--xlsx"],
    ["disclose", EXAMPLE, "--standard", "esrs-e1", "--format", "xlsx", "--output"],
    ["scenario", "run", EXAMPLE, "plan", "--format", "xlsx", "--output"],
    ["scenario", "compare", EXAMPLE, "bau", "plan", "--format", "xlsx", "--output"]],
    ids=lambda a: " ".join(str(x) for x in a[:3] if x != EXAMPLE))
def test_workbooks_say_yen(args, tmp_path):
    from openpyxl import load_workbook

    ok(*args, tmp_path / "out.xlsx")
    book = load_workbook(tmp_path / "out.xlsx")
    cells = [str(c.value) for sheet in book for row in sheet.iter_rows() for c in row if c.value is not None]
    assert cells and not [c for c in cells if "RMB" in c]


def s12_market_per_oku_everywhere(example=EXAMPLE):
    """FY2024 Scope 1+2 (market-based) per revenue as each command gives it, each labelled t CO2e / 億円
    without being asked: the unit the company prints its revenue in."""
    intensity = next(r for r in json.loads(ok("intensity", example, "--format", "json").stdout)["rows"]
                     if r["year"] == 2025 and r["numerator"].endswith("_market"))
    report = next(r for r in json.loads(ok("report", example, "--format", "json").stdout)["intensities"]
                  if r["item"] == "Scope 1 and market-based Scope 2 emissions per unit of revenue")
    gri = json.loads(ok("disclose", example, "--standard", "gri-305", "--format", "json").stdout)["datapoints"]
    disclose = next(d for d in gri if d["datapoint"] == "305-4-a (S1+2 market per revenue)")
    gap = next(t for t in json.loads(ok("gap", example, "--format", "json").stdout)["targets"] if t["id"] == "intensity-2030")
    scenario = json.loads(ok("scenario", "run", example, "plan", "--format", "json").stdout)
    outcome = next(t for t in scenario["targets"] if t["id"] == "intensity-2030")
    units = {"intensity": intensity["unit"], "report": report["unit"], "disclose": disclose["unit"],
             "gap": gap["unit"], "scenario": outcome["unit"]}
    assert units == dict.fromkeys(units, "t CO2e / 億円"), units
    return {"intensity": intensity["value"], "report": report["value"], "disclose": disclose["value"],
            "gap": gap["actual"]["value"], "scenario": scenario["levers"]["figures"]["intensity-2030"]["start"]}


def test_every_command_gives_the_intensity_per_oku_yen_as_the_report_prints_revenue():
    # FY2024: (4,506 + 9,075) t CO2e printed over 1,302.4 億円 printed = 10.4277 t CO2e per 億円, not per million yen
    # (0.104277); the report prints 10.43 per 億円; the activity data give (4,505.58 + 9,074.83) / 1,302.4 = 10.4272
    for name, value in s12_market_per_oku_everywhere().items():
        assert 10.4 < value < 10.44, (name, value)
    texts = [ok(*args).output for args in (["intensity", EXAMPLE], ["report", EXAMPLE], ["gap", EXAMPLE],
                                           ["disclose", EXAMPLE, "--standard", "gri-305"],
                                           ["scenario", "run", EXAMPLE, "plan"])]
    assert all("億円" in text and "million JPY" not in text for text in texts)


def test_the_intensity_is_the_printed_or_the_computed_figure_in_every_command():
    figures = s12_market_per_oku_everywhere()
    computed = (SCOPE1 + SCOPE2_MARKET) / REVENUE_OKU  # 10.4272
    from_printed_parts = ACTUAL_PRINTED / REVENUE_OKU  # (4,506 + 9,075) / 1,302.4 = 10.4277: intensity's numerator
    for name, value in figures.items():
        assert (value == pytest.approx(10.43) or value == pytest.approx(computed, rel=1e-6)
                or value == pytest.approx(from_printed_parts, rel=1e-9)), name


def test_one_figure_has_one_value_in_every_command():
    figures = s12_market_per_oku_everywhere()  # the printed ratio 10.43: not 10.4277 (its printed parts), not
    assert figures == {name: pytest.approx(10.43, rel=1e-9) for name in figures}  # 10.4272 (the scenario's lines)


def test_with_prefer_computed_every_command_gives_the_activity_datas_figure(tmp_path):
    import shutil

    shutil.copytree(EXAMPLE, tmp_path / "ws")
    settings = tmp_path / "ws" / "ghgcalc.toml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace("[workspace]\n", '[workspace]\nprefer = "computed"\n', 1), encoding="utf-8")
    figures = s12_market_per_oku_everywhere(tmp_path / "ws")
    computed = (SCOPE1 + SCOPE2_MARKET) / REVENUE_OKU  # 13,580.42 / 1,302.4 = 10.4272
    assert figures == {name: pytest.approx(computed, rel=1e-9) for name in figures}


def test_a_scenario_without_levers_starts_every_target_at_gaps_figure(tmp_path):
    """A scenario starts from its lines (13,580.42 t, 10.4272 t per 億円); each target's start-year figure is
    the one gap reads (13,581 t, 10.43, 34.375 %), and later years carry the lines' change from there."""
    plan = (EXAMPLE / "scenarios" / "bau.toml").read_text(encoding="utf-8")
    still = plan[:plan.index("[drivers.revenue]")].replace('workspace = ".."', f'workspace = "{EXAMPLE.as_posix()}"')
    (tmp_path / "still.toml").write_text(still + '[drivers.revenue]\nstart = { figure = "revenue" }\n'
                                         'assumption = "Revenue stays."\n', encoding="utf-8")
    doc = json.loads(ok("scenario", "run", EXAMPLE, tmp_path / "still.toml", "--format", "json").stdout)
    gap = {t["id"]: t for t in json.loads(ok("gap", EXAMPLE, "--year", "FY2024", "--format", "json").stdout)["targets"]}
    by_hand = {"scope12-2030": ACTUAL_PRINTED, "intensity-2030": 10.43, "re100-2040": 100 * 11_000 / 32_000}
    lines = {"scope12-2030": SCOPE1 + SCOPE2_MARKET, "intensity-2030": (SCOPE1 + SCOPE2_MARKET) / REVENUE_OKU,
             "re100-2040": 100 * 11_000 / 32_000}
    for target in doc["targets"]:
        first, last = doc["pathways"][target["id"]][0], doc["pathways"][target["id"]][-1]
        assert first["year"] == 2025 and first["value"] == pytest.approx(by_hand[target["id"]], rel=1e-9)
        assert gap[target["id"]]["actual"]["value"] == pytest.approx(by_hand[target["id"]], rel=1e-9)
        assert last["value"] == pytest.approx(first["value"], rel=1e-9)  # no lever, no growth: it stays
        assert target["start"]["value"] == pytest.approx(by_hand[target["id"]], rel=1e-9)
        assert target["start"]["lines"] == pytest.approx(lines[target["id"]], rel=1e-6)
    notes = {t["id"]: " ".join(t["notes"]) for t in doc["targets"]}
    assert "13,581.00 t CO2e as gap reads it" in notes["scope12-2030"] and "13,580.42 from the scenario's lines" in notes[
        "scope12-2030"]
    assert "10.4300 t CO2e / 億円 as gap reads it" in notes["intensity-2030"] and "10.4272 from" in notes["intensity-2030"]
    assert "as gap reads it" not in notes["re100-2040"]  # 11,000 / 32,000 MWh both ways: nothing to say


def test_the_plan_carries_its_lines_change_onto_gaps_figure():
    doc = json.loads(ok("scenario", "run", EXAMPLE, "plan", "--format", "json").stdout)
    years = {y["year"]: y for y in doc["years"]}
    scope12 = {p["year"]: p["value"] for p in doc["pathways"]["scope12-2030"]}
    # FY2030 (2031): the lines' Scope 1+2 times 13,581 / 13,580.42, the printed start over the lines'
    lines_2031 = years[2031]["scope12"]["value"]
    assert scope12[2031] == pytest.approx(lines_2031 * ACTUAL_PRINTED / (SCOPE1 + SCOPE2_MARKET), rel=1e-9)
    levers = doc["levers"]["figures"]["scope12-2030"]
    assert levers["start"] == pytest.approx(ACTUAL_PRINTED) and levers["end"] == pytest.approx(scope12[2031], rel=1e-9)
    share = {p["year"]: p["value"] for p in doc["pathways"]["re100-2040"]}
    assert share[2041] == pytest.approx(100 * years[2041]["energy_renewable"]["value"] / years[2041]["electricity"]["value"])


@pytest.mark.parametrize("gas, co2e", [("HFC-32", 0.025 * 677), ("R-410A", 0.040 * R410A)])
def test_explain_a_refrigerant_by_the_name_the_activity_table_uses(gas, co2e):
    out = ok("explain", EXAMPLE, "--year", "FY2024", "--gas", gas).output
    first = out.splitlines()[0]
    assert f"{co2e:,.2f} t CO2e" in first and re.search(r"from 1 lines?\b", first), first
