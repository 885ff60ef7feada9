"""One lever at a time on a small inventory reproduces the closed form, computed here by hand."""

import numpy as np
import pytest

from ghgcalc.scenarios.projection import first_year_met, probability_met, project
from ghgcalc.scenarios.definitions import load_scenario
from tests.unit.test_scenario import ONE_LINE, write_scenario

FUEL_AND_POWER = '''
[[lines]]
id = "gas"
kind = "fuel"
segment = "plant"
energy = "1,000 MWh"
co2e = "200 t CO2e"
assumption = "0.2 t per MWh"

[[lines]]
id = "power"
kind = "electricity"
segment = "plant"
energy = "1,000 MWh"
co2e_location = "500 t CO2e"
assumption = "0.5 t per MWh"
'''


def run(tmp_path, body, **kw):
    return project(load_scenario(write_scenario(tmp_path, body, **kw)))


def lever(text):
    return "\n[[levers]]\n" + text.strip() + '\nassumption = "test"\n'


def test_ten_percent_growth_for_five_years_is_1_61051(tmp_path):
    result = run(tmp_path, ONE_LINE + lever('id = "g"\ntype = "growth"\nrate = "10 %"'))
    # 1,000 t x 1.1^5 = 1,000 x 1.61051 = 1,610.51 t in 2028; 1.1^2 = 1.21 in 2025
    assert result.total("scope1")[0, -1] == pytest.approx(1_610.51)
    assert result.total("scope1")[0, 2] == pytest.approx(1_210.0)
    assert result.total("scope1")[0, 0] == 1_000.0


def test_growth_from_and_until(tmp_path):
    result = run(tmp_path, ONE_LINE + lever('id = "g"\ntype = "growth"\nrate = "100 %"\nfrom = 2025\nuntil = 2026'))
    # doubles in 2025 and 2026 only: 1,000, 1,000, 2,000, 4,000, 4,000, 4,000
    assert list(result.total("scope1")[0]) == [1_000, 1_000, 2_000, 4_000, 4_000, 4_000]


def test_a_rate_series_is_interpolated_between_its_years_and_then_held(tmp_path):
    result = run(tmp_path, ONE_LINE + lever('id = "g"\ntype = "growth"\nrate = { 2024 = "100 %", 2026 = "0 %" }'))
    # rates: 2024 100 %, 2025 50 % (halfway), 2026 0 %, then 0 %: 1,000 -> 2,000 -> 3,000 -> 3,000
    assert list(result.total("scope1")[0]) == [1_000, 2_000, 3_000, 3_000, 3_000, 3_000]


def test_growth_with_a_driver_at_an_elasticity(tmp_path):
    body = ('[drivers.revenue]\nstart = "100 million RMB"\ngrowth = "21 %"\nassumption = "t"\n' + ONE_LINE +
            lever('id = "g"\ntype = "growth"\ndriver = "revenue"\nelasticity = "0.5"'))
    result = run(tmp_path, body)
    # revenue x 1.21 a year; activity x 1.21^0.5 = 1.1 a year: 1,000 x 1.1^5 = 1,610.51
    assert result.total("scope1")[0, -1] == pytest.approx(1_610.51)
    assert result.drivers["revenue"][0, -1] == pytest.approx(100 * 1.21 ** 5)


def test_efficiency_cuts_energy_and_emissions_together(tmp_path):
    result = run(tmp_path, FUEL_AND_POWER + lever('id = "e"\ntype = "efficiency"\nrate = "-3 %"'))
    # 0.97^5 = 0.858734: fuel 200 t -> 171.7468 t, power 500 t -> 429.3670 t, energy 2,000 -> 1,717.468 MWh
    assert result.total("scope1")[0, -1] == pytest.approx(200 * 0.97 ** 5)
    assert result.total("scope2_location")[0, -1] == pytest.approx(500 * 0.97 ** 5)
    assert (result.total("energy_direct") + result.total("energy_indirect"))[0, -1] == pytest.approx(2_000 * 0.858734, rel=1e-6)


def test_grid_decarbonisation_lowers_both_scope2_methods(tmp_path):
    result = run(tmp_path, FUEL_AND_POWER + lever('id = "grid"\ntype = "grid"\nrate = "-2 %"'))
    # 500 t x 0.98^5 = 500 x 0.903921 = 451.96 t; Scope 1 untouched
    assert result.total("scope2_location")[0, -1] == pytest.approx(500 * 0.98 ** 5)
    assert result.total("scope2_market")[0, -1] == pytest.approx(500 * 0.98 ** 5)
    assert result.total("scope1")[0, -1] == 200


def test_a_grid_factor_series_starts_from_the_line_s_own_factor(tmp_path):
    result = run(tmp_path, FUEL_AND_POWER + lever('id = "grid"\ntype = "grid"\nfactor = { 2028 = "0.25 t CO2e / MWh" }'))
    # 0.5 t/MWh in 2023 to 0.25 in 2028 on a straight line: 0.45 in 2024 -> 450 t; 0.25 in 2028 -> 250 t
    assert result.total("scope2_location")[0, 1] == pytest.approx(450)
    assert result.total("scope2_location")[0, -1] == pytest.approx(250)


def test_certificates_cut_market_based_only(tmp_path):
    result = run(tmp_path, FUEL_AND_POWER + lever('id = "rec"\ntype = "renewable"\ninstrument = "certificate"\n'
                                                  'share = { 2023 = "0 %", 2028 = "40 %" }'))
    # 40 % of 1,000 MWh covered in 2028: market 600 MWh x 0.5 = 300 t; location stays 500 t
    assert result.total("scope2_market")[0, -1] == pytest.approx(300)
    assert result.total("scope2_location")[0, -1] == pytest.approx(500)
    assert result.total("energy_renewable")[0, -1] == pytest.approx(400)
    # 2024: 8 % covered -> 920 MWh x 0.5 = 460 t
    assert result.total("scope2_market")[0, 1] == pytest.approx(460)


def test_onsite_generation_cuts_both_methods(tmp_path):
    result = run(tmp_path, FUEL_AND_POWER + lever('id = "pv"\ntype = "renewable"\ninstrument = "onsite"\n'
                                                  'energy = "300 MWh"'))
    # 700 MWh from the grid x 0.5 = 350 t, by either method
    assert result.total("scope2_location")[0, -1] == pytest.approx(350)
    assert result.total("scope2_market")[0, -1] == pytest.approx(350)


def test_renewable_electricity_never_covers_more_than_is_consumed(tmp_path):
    result = run(tmp_path, FUEL_AND_POWER + lever('id = "ppa"\ntype = "renewable"\ninstrument = "ppa"\n'
                                                  'energy = "5,000 MWh"'))
    assert result.total("scope2_market")[0, -1] == 0
    assert result.total("energy_renewable")[0, -1] == pytest.approx(1_000)


def test_electrification_cuts_scope1_and_raises_location_based_scope2(tmp_path):
    body = FUEL_AND_POWER + lever('id = "heat-pumps"\ntype = "electrification"\nshare = "50 %"\n'
                                  'efficiency_ratio = "0.9"') + lever(
        'id = "rec"\ntype = "renewable"\ninstrument = "certificate"\nshare = "100 %"')
    result = run(tmp_path, body)
    # half the gas goes: 500 MWh x 0.2 = 100 t Scope 1; electricity 1,000 + 500 x 0.9 = 1,450 MWh x 0.5 = 725 t
    # location-based; every MWh is covered by certificates, so market-based stays at zero
    assert result.total("scope1")[0, -1] == pytest.approx(100)
    assert result.total("scope2_location")[0, -1] == pytest.approx(725)
    assert result.total("scope2_market")[0, -1] == 0
    assert result.total("electricity")[0, -1] == pytest.approx(1_450)


def test_fugitive_leakage_rate_and_leak_rate_series(tmp_path):
    refrigerant = '''
[[lines]]
id = "hfc"
kind = "fugitive"
co2e = "1,000 t CO2e"
assumption = "t"
'''
    by_rate = run(tmp_path, refrigerant + lever('id = "ldar"\ntype = "fugitive"\nrate = "-10 %"'))
    assert by_rate.total("scope1")[0, -1] == pytest.approx(1_000 * 0.9 ** 5)  # 590.49 t
    by_series = run(tmp_path, refrigerant + lever('id = "ldar"\ntype = "fugitive"\nbaseline_leak_rate = "10 %"\n'
                                                  'leak_rate = { 2028 = "5 %" }'), )
    # 10 % in 2023 to 5 % in 2028: 8 % in 2025 -> 800 t; 5 % in 2028 -> 500 t
    assert by_series.total("scope1")[0, 2] == pytest.approx(800)
    assert by_series.total("scope1")[0, -1] == pytest.approx(500)


def test_a_new_business_ramps_in_outside_the_boundary(tmp_path):
    targets = '''
[targets.half-2028]
type = "absolute"
metric = "scope12"
base_year = 2023
target_year = 2028
reduce_to = "50 %"
boundary = { exclude = ["new_plant"] }
'''
    from tests.unit.test_scenario import tiny_workspace

    tiny_workspace(tmp_path / "ws", targets=targets)
    body = ONE_LINE + lever('''
id = "new-plant"
type = "new_business"
segment = "new_plant"
ramp = { 2024 = "0 %", 2026 = "100 %" }
lines = [ { id = "new-gas", kind = "fuel", energy = "1,000 MWh", co2e = "200 t CO2e", assumption = "t" } ]
''') + lever('id = "g"\ntype = "growth"\napplies_to = { segment = "new_plant" }\nrate = "10 %"')
    result = run(tmp_path, body)
    new = result.series["scope1"][result.segments.index("new_plant")][0]
    # ramp 0, 0 (2024), 50 % (2025), 100 % from 2026, times growth 1.1^n from the start year:
    # 2025: 200 x 0.5 x 1.21 = 121 t; 2028: 200 x 1.1^5 = 322.102 t
    assert list(new[:2]) == [0, 0]
    assert new[2] == pytest.approx(121)
    assert new[-1] == pytest.approx(322.102)
    outcome = result.outcome("half-2028")
    assert outcome.values[0, -1] == 1_000  # the new plant is outside the boundary


def test_targets_gap_first_year_and_neutralisation(tmp_path):
    body = ONE_LINE + lever('id = "cut"\ntype = "growth"\nrate = "-20 %"') + lever(
        'id = "credits"\ntype = "neutralisation"\nkind = "credit"\namount = "600 t CO2e"')
    result = run(tmp_path, body)
    half = result.outcome("half-2028")
    # 1,000 x 0.8^n: 800, 640, 512, 409.6, 327.68; level 0.5 x 1,000 = 500: first reached in 2027 (2026: 512 > 500)
    assert half.level[0, 0] == 500
    assert half.gap[0, -1] == pytest.approx(327.68 - 500)
    assert first_year_met(half, result.years) == 2027
    # the straight pathway from 1,000 (2023) to 500 (2028): 900 in 2024
    assert half.pathway[0, 1] == pytest.approx(900)
    # neutrality counts credits: 327.68 t left, 600 t of credits; net zero counts removals only
    assert bool(result.outcome("neutral-2028").met[0, -1]) is True
    assert bool(result.outcome("netzero-2028").met[0, -1]) is False
    assert list(probability_met(half)) == [0, 0, 0, 0, 1, 1]


def test_no_levers_keeps_the_start(tmp_path):
    result = run(tmp_path, FUEL_AND_POWER)
    assert np.all(result.total("scope12") == 700)


def test_chunking_does_not_change_the_numbers(tmp_path, monkeypatch):
    import ghgcalc.scenarios.projection as projection

    body = ONE_LINE + lever('id = "g"\ntype = "growth"\n'
                            'rate = { distribution = "normal", mean = "5 %", sd = "2 %" }')
    scenario = load_scenario(write_scenario(tmp_path, body, settings="draws = 1000\nseed = 3"))
    whole = project(scenario).total("scope1")
    monkeypatch.setattr(projection, "CELLS_PER_CHUNK", 6 * 7)  # chunks of 7 draws
    assert np.array_equal(project(scenario).total("scope1"), whole)


def test_totals_added_chunk_by_chunk_are_the_segments_summed_in_order(tmp_path, monkeypatch):
    """Each series' total over three segments, added while each chunk is made, is numpy's sum over the segments
    bit for bit, chunks of 7 draws or one; a series no line adds to (Scope 3 here) is zero, segments and total."""
    import ghgcalc.scenarios.projection as projection

    body = "".join(f'''
[[lines]]
id = "{segment}-process"
kind = "process"
segment = "{segment}"
co2e = "{co2e} t CO2e"
assumption = "One line a segment."
''' for segment, co2e in (("plant", "1,000.1"), ("office", "333.3"), ("depot", "0.7")))
    body += lever('id = "g"\ntype = "growth"\nrate = { distribution = "normal", mean = "5 %", sd = "2 %" }')
    scenario = load_scenario(write_scenario(tmp_path, body, settings="draws = 500\nseed = 4"))
    for cells in (6 * 3 * 7, 1 << 17):
        monkeypatch.setattr(projection, "CELLS_PER_CHUNK", cells)
        result = project(scenario)
        assert len(result.segments) == 3
        summed = np.sum(result.series["scope1"], axis=0)
        assert np.array_equal(result.total("scope1"), summed) and summed.std() > 0
        assert not np.array_equal(summed, (result.series["scope1"][2] + result.series["scope1"][1])
                                  + result.series["scope1"][0])  # the order counts: it is the segments'
        assert not result.series["scope3"].any() and not result.total("scope3").any()
