"""Reading scenario files: lines, figures from the workspace, distributions, and the shipped Xiaomi scenarios.

The helpers at the top (a tiny workspace, a scenario around given lines and levers) are used by
the other scenario tests too.
"""

import tomllib
from pathlib import Path

import pytest

from ghgcalc.scenarios.distributions import Distribution, Series
from ghgcalc.errors import ConfigError
from ghgcalc.scenarios.definitions import ScenarioFileError, load_scenario
from ghgcalc.core.shipped import shipped_dir

ROOT = Path(__file__).resolve().parents[2]
XIAOMI = ROOT / "examples" / "xiaomi"
SCENARIOS = ROOT / "scenarios"

TINY_REPORTED = ('vintage,metric,year,value,unit\n'
                 'r,scope12,2023,"1,000.00",t CO2e\n'
                 'r,scope1,2023,"1,000.00",t CO2e\n'
                 'r,revenue,2023,100,million RMB\n')
TINY_TARGETS = '''
[targets.half-2028]
type = "absolute"
metric = "scope12"
base_year = 2023
target_year = 2028
reduce_to = "50 %"

[targets.neutral-2028]
type = "neutrality"
metric = "scope12"
base_year = 2023
target_year = 2028
residual_max = "100 %"

[targets.netzero-2028]
type = "net_zero"
metric = "scope12"
base_year = 2023
target_year = 2028
residual_max = "100 %"
min_reduction = "0 %"
'''
ONE_LINE = '''
[[lines]]
id = "process"
kind = "process"
segment = "plant"
co2e = "1,000 t CO2e"
assumption = "One line."
'''


def tiny_workspace(folder: Path, targets: str = TINY_TARGETS, reported: str = TINY_REPORTED) -> Path:
    """A workspace with a 2023 Scope 1+2 of 1,000 t and the given targets."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "reported.csv").write_text(reported, encoding="utf-8")
    (folder / "targets.toml").write_text(targets, encoding="utf-8")
    (folder / "ghgcalc.toml").write_text('[workspace]\nname = "Tiny"\n[data]\nreported = ["reported.csv"]\n'
                                         'targets = "targets.toml"\n', encoding="utf-8")
    return folder


def write_scenario(folder: Path, body: str, *, horizon: int = 2028, settings: str = "", name: str = "s.toml") -> Path:
    """A scenario for the tiny workspace in ``folder``/ws (made if missing), starting in 2023."""
    if not (folder / "ws").exists():
        tiny_workspace(folder / "ws")
    path = folder / name
    path.write_text(f'[scenario]\nname = "test"\nworkspace = "ws"\nstart_year = 2023\nhorizon = {horizon}\n'
                    f'scope2_method = "market"\n{settings}\n{body}', encoding="utf-8")
    return path


# --- reading -------------------------------------------------------------------------------------

def test_a_line_from_workspace_figures_is_their_difference_times_the_share():
    scenario = load_scenario(SCENARIOS / "xiaomi-bau.toml")
    lines = {line.id: line for line in scenario.lines}
    # (191,753.27 - 37,068.28) x 95 % = 146,950.7405 MWh
    assert lines["main-electricity"].energy_mwh == pytest.approx(146_950.7405)
    # market-based (104,470.04 - 18,451.93) x 95 % = 81,717.2045 t over 146,950.7405 - 372 MWh not covered
    assert lines["main-electricity"].factor == pytest.approx(81_717.2045 / (146_950.7405 - 372))
    assert lines["main-electricity"].market_co2e_t == pytest.approx(81_717.2045)
    # location-based counts the 372 MWh of certificates at the grid factor too
    assert lines["main-electricity"].co2e_t == pytest.approx(81_717.2045 * 146_950.7405 / (146_950.7405 - 372))
    assert lines["ev-fuel"].factor == pytest.approx(2_956.06 / 14_638.78)


def test_xiaomi_start_reconciles_with_every_printed_total():
    scenario = load_scenario(SCENARIOS / "xiaomi-plan.toml")
    rows = {(r.metric, r.segment): r for r in scenario.reconciliation}
    assert all(r.agrees for r in rows.values()), [r for r in rows.values() if not r.agrees]
    # 967.17 + 1,900.75 + 5,139.81 + 2,956.06 + 1,288.73 = 12,252.52
    assert rows[("scope1", "")].scenario == pytest.approx(12_252.52)
    assert rows[("scope1", "ev_factory")].scenario == pytest.approx(2_956.06 + 1_288.73)
    assert rows[("scope2", "")].scenario == pytest.approx(104_470.04)
    assert rows[("energy_renewable", "")].scenario == pytest.approx(372.0)


def test_series_and_distributions_are_read_with_their_paths(tmp_path):
    path = write_scenario(tmp_path, ONE_LINE + '''
[[levers]]
id = "g"
type = "growth"
rate = { 2024 = "10 %", 2026 = { distribution = "triangular", low = "1 %", mode = "2 %", high = "6 %" } }
assumption = "test"
''')
    scenario = load_scenario(path)
    rate = scenario.lever("g").params["rate"]
    assert isinstance(rate, Series)
    (y1, first), (y2, second) = rate.points
    assert (y1, first.params, first.path) == (2024, (0.10,), "levers.g.rate.2024")
    assert (y2, second.family, second.params) == (2026, "triangular", pytest.approx((0.01, 0.02, 0.06)))
    assert scenario.uncertain and scenario.draws == 10_000
    # the mode (2 %) lies in the lower half of 1-6 %, so the median is
    # high - sqrt((high - low) (high - mode) / 2) = 0.06 - sqrt(0.05 x 0.04 / 2) = 0.06 - 0.0316228
    assert second.central() == pytest.approx(0.06 - (0.05 * 0.04 / 2) ** 0.5)


def test_the_median_of_each_family():
    assert Distribution("normal", (0.15, 0.05), "p").central() == 0.15
    assert Distribution("lognormal", (40_000.0, 1.2), "p").central() == 40_000.0
    assert Distribution("uniform", (-0.03, -0.01), "p").central() == pytest.approx(-0.02)
    # the mode (100 %) lies in the upper half, so the median is
    # low + sqrt((high - low) (mode - low) / 2) = 0.8 + sqrt(0.2 x 0.2 / 2) = 0.8 + 0.141421
    assert Distribution("triangular", (0.8, 1.0, 1.0), "p").central() == pytest.approx(0.8 + 0.02 ** 0.5)


def test_draws_are_the_same_whatever_else_the_file_holds():
    a = Distribution("normal", (0.0, 1.0), "levers.a.rate").sample(7, 5)
    again = Distribution("normal", (0.0, 1.0), "levers.a.rate").sample(7, 5)
    other = Distribution("normal", (0.0, 1.0), "levers.b.rate").sample(7, 5)
    assert (a == again).all() and not (a == other).any()


@pytest.mark.parametrize("body, message", [
    ('[[levers]]\nid = "x"\ntype = "growth"\nrate = "10"\nassumption = "t"\n',
     "s.toml, line 19: lever 'x', rate: '10' is not a percentage; write e.g. '-3 %' (a change per year)"),
    ('[[levers]]\nid = "x"\ntype = "growth"\nrate = "-150 %"\nassumption = "t"\n',
     "s.toml, line 19: lever 'x', rate: '-150 %' is out of range: a rate is at least -100 %"),
    ('[[levers]]\nid = "x"\ntype = "growth"\nrate = "10 %"\nrate_typo = 1\nassumption = "t"\n',
     "s.toml, line 20: lever 'x', rate_typo: not a key of growth levers; did you mean 'rate'?; they take "
     "description, source, assumption, applies_to, cost, optional, rate, elasticity, driver, from, until"),
    ('[[levers]]\nid = "x"\ntype = "growth"\nrate = { 2040 = "1 %" }\nassumption = "t"\n',
     "s.toml, line 19: lever 'x', rate.2040: year 2040 is outside the scenario's years 2023-2028"),
    ('[[levers]]\nid = "x"\ntype = "growth"\ndriver = "revenue"\nassumption = "t"\n',
     "s.toml, line 19: lever 'x', driver: 'revenue' is not a driver of this scenario; declare it under "
     "[drivers.revenue]"),
    ('[[levers]]\nid = "x"\ntype = "renewable"\ninstrument = "ppa"\nshare = "10 %"\nassumption = "t"\n',
     "s.toml, line 16: lever 'x', a renewable lever acts on electricity lines, and it selects process (process)"),
    ('[[levers]]\nid = "x"\ntype = "growth"\nrate = { distribution = "lognormal", median = "-1 %", gsd = "1.5" }\n'
     'assumption = "t"\n',
     "s.toml, line 19: lever 'x', rate: a lognormal distribution's values are positive, so its median must be too, "
     "not '-1 %'; for a value that may be negative use normal, triangular or uniform"),
    ('[[levers]]\nid = "x"\ntype = "growth"\nrate = { distribution = "normal", mean = "1 %", sd = "-1 %" }\n'
     'assumption = "t"\n',
     "s.toml, line 19: lever 'x', rate: a normal distribution needs sd > 0, not '-1 %'; for a fixed value "
     "write the value itself"),
    ('[[levers]]\nid = "x"\ntype = "growth"\nrate = "1 %"\nelasticity = "0.5"\nassumption = "t"\n',
     "s.toml, line 20: lever 'x', elasticity: elasticity ties growth to a driver; give driver = '...' too, or drop it"),
    ('[[levers]]\nid = "x"\ntype = "neutralisation"\nkind = "offset"\namount = "10 t CO2e"\nassumption = "t"\n',
     "s.toml, line 19: lever 'x', kind: 'offset' is not removal or credit"),
    ('[[levers]]\nid = "x"\ntype = "neutralisation"\nkind = "credit"\namount = "10 t CO2e"\nassumption = "t"\n'
     'applies_to = { segment = "plant" }\n',
     "s.toml, line 22: lever 'x', applies_to: removals and credits are counted against targets, not against "
     "inventory lines"),
    ('[[levers]]\nid = "x"\ntype = "growth"\nrate = "1 %"\n',
     "s.toml, line 16: lever 'x', say where this lever comes from: source = '...' (the sentence it encodes) "
     "or assumption = '...' (why this value)"),
])
def test_bad_levers_name_file_line_lever_and_key(tmp_path, body, message):
    path = write_scenario(tmp_path, ONE_LINE + "\n" + body)
    with pytest.raises(ScenarioFileError) as caught:
        load_scenario(path)
    assert caught.value.problems == [message]


def test_every_problem_is_reported_at_once(tmp_path):
    path = write_scenario(tmp_path, ONE_LINE + '''
[[levers]]
id = "a"
type = "grwoth"
assumption = "t"

[[levers]]
id = "b"
type = "efficiency"
rate = "-1 %"
assumption = "t"
''')
    with pytest.raises(ScenarioFileError) as caught:
        load_scenario(path)
    assert caught.value.problems == [
        "s.toml, line 18: lever 'a', type: 'grwoth' is not a lever type; did you mean 'growth'?; types are growth, "
        "efficiency, renewable, grid, electrification, fugitive, new_business, neutralisation",
        "s.toml, line 21: lever 'b', an efficiency lever acts on fuel or electricity or heat lines, and it selects "
        "process (process)",
    ]


def test_an_electricity_line_says_its_scope2_method(tmp_path):
    path = write_scenario(tmp_path, '''
[[lines]]
id = "power"
kind = "electricity"
energy = "100 MWh"
co2e = "50 t CO2e"
assumption = "t"
''')
    with pytest.raises(ScenarioFileError) as caught:
        load_scenario(path)
    assert caught.value.problems[0] == ("s.toml, line 13: line 'power', co2e: an electricity line says which "
                                        "Scope 2 method its emissions are: co2e_location or co2e_market")


def test_a_workspace_figure_that_does_not_exist(tmp_path):
    path = write_scenario(tmp_path, '''
[[lines]]
id = "p"
kind = "process"
co2e = { figure = "scope1", segment = "nowhere" }
assumption = "t"
''')
    with pytest.raises(ScenarioFileError) as caught:
        load_scenario(path)
    assert caught.value.problems == ["s.toml, line 12: line 'p', co2e: the workspace has no value for scope1 2023, "
                                     "segment nowhere (no figure for scope1 2023, segment nowhere in the reported "
                                     "tables, the supplied figures or the inventory)"]


def test_no_workspace_and_no_scenario_file(tmp_path):
    with pytest.raises(ConfigError, match="missing.toml: no such scenario file"):
        load_scenario(tmp_path / "missing.toml")
    path = tmp_path / "s.toml"
    path.write_text('[scenario]\nstart_year = 2023\nhorizon = 2030\nscope2_method = "market"\n', encoding="utf-8")
    with pytest.raises(ScenarioFileError, match="no workspace: give workspace"):
        load_scenario(path)


# --- the shipped scenarios -------------------------------------------------------------------------

SHIPPED = sorted(SCENARIOS.glob("*.toml"))


def test_scenarios_are_shipped_and_found():
    assert shipped_dir("scenarios").resolve() == SCENARIOS.resolve()
    assert [p.name for p in SHIPPED] == ["xiaomi-bau.toml", "xiaomi-plan-uncertain.toml", "xiaomi-plan.toml"]


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_every_shipped_scenario_loads_and_says_where_each_figure_comes_from(path):
    scenario = load_scenario(path)
    for item in scenario.lines + scenario.levers + scenario.drivers:
        assert item.source or item.assumption, getattr(item, "id", getattr(item, "name", ""))
    assert all(r.agrees for r in scenario.reconciliation)


def test_the_xiaomi_scenarios_share_their_starting_inventory_and_drivers():
    docs = [tomllib.loads(p.read_text(encoding="utf-8")) for p in SHIPPED]
    bau = docs[0]
    for doc in docs[1:]:
        assert doc["lines"] == bau["lines"]
    assert docs[2]["drivers"] == bau["drivers"]  # the plan; the uncertain plan draws the same growth
    plan_levers = {lever["id"] for lever in docs[2]["levers"]}
    assert {lever["id"] for lever in docs[1]["levers"]} == plan_levers
    assert {lever["id"] for lever in bau["levers"]} == {"main-growth", "ev-growth"}


def test_the_uncertain_plan_is_the_plan_at_its_most_likely_values():
    """Replacing each distribution by its most likely value (mean, mode, or the middle of a uniform) gives the plan."""
    from dataclasses import replace

    from ghgcalc.scenarios.distributions import leaves
    from ghgcalc.scenarios.projection import project

    plan = project(load_scenario(SCENARIOS / "xiaomi-plan.toml"))
    uncertain = load_scenario(SCENARIOS / "xiaomi-plan-uncertain.toml")

    def likely(d):
        if d.family == "triangular":
            return d.params[1]
        return sum(d.params) / 2 if d.family == "uniform" else d.params[0]

    overrides = {leaf.path: likely(leaf) for lever in uncertain.levers for leaf in lever.leaves}
    overrides |= {leaf.path: likely(leaf) for d in uncertain.drivers for leaf in leaves(d.growth)}
    # the uniform elasticity 0.3-0.7 and leakage -12 % to -4 % have their middles at the plan's 0.5 and -8 %,
    # the grid's -3 % to -1 % at -2 %; fixed values stay as they are
    projected = project(replace(uncertain), draws=1, overrides=overrides)
    assert projected.total("scope12")[0] == pytest.approx(plan.total("scope12")[0])


def test_the_inventory_start_keeps_market_based_factors_other_than_the_grid(tmp_path):
    """The ``ghgcalc init`` workspace buys its offices' 200 MWh under a supplier factor of 0.45 kg CO2e/kWh.

    Market-based 2023, by hand: 1,200 MWh on the Jiangsu grid x 0.5978 t/MWh = 717.36 t, the 300 MWh under
    certificates 0, the offices 200 x 0.45 = 90 t: 807.36 t. Priced at the Guangdong grid factor instead, the
    offices' line would start at 88.06 t, and the projection 1.94 t below the inventory.
    """
    from ghgcalc.scenarios.run import run_scenario
    from ghgcalc.workspace.template import create_workspace

    create_workspace(tmp_path / "ws")
    first = run_scenario("plan", tmp_path / "ws", with_levers=False).to_dict()["years"][0]
    assert first["year"] == 2023
    assert first["scope2_market"]["value"] == pytest.approx(717.36 + 90.0, abs=0.005)


def test_a_lever_that_lists_the_start_year_leaves_the_start_year_as_the_inventory(tmp_path):
    """The ``ghgcalc init`` plan with its PPA share written from the start year (10 % in 2023) and its new site at
    full size from 2023. The start year stays the inventory: market-based 1,200 MWh x 0.5978 t/MWh = 717.36 t plus
    the offices' 200 MWh x 0.45 = 90 t, 807.36 t, with every lever on; Scope 1+2 does not move without levers, so
    nothing of its change by 2030 is "drivers, no lever", and the levers add up to the whole change."""
    from ghgcalc.scenarios.run import run_scenario
    from ghgcalc.workspace.template import create_workspace

    create_workspace(tmp_path / "ws")
    plan = tmp_path / "ws" / "scenarios" / "plan.toml"
    text = plan.read_text(encoding="utf-8")
    assert 'share = { 2024 = "10 %", 2030 = "60 %" }' in text and 'ramp = { 2026 = "0 %", 2028 = "100 %" }' in text
    plan.write_text(text.replace('share = { 2024 = "10 %"', 'share = { 2023 = "10 %"')
                    .replace('ramp = { 2026 = "0 %", 2028 = "100 %" }', 'ramp = { 2023 = "100 %" }'), encoding="utf-8")
    run = run_scenario("plan", tmp_path / "ws")
    bare = run_scenario("plan", tmp_path / "ws", with_levers=False)
    first, untouched = run.to_dict()["years"][0], bare.to_dict()["years"][0]
    assert first["year"] == 2023
    assert first["scope2_market"]["value"] == pytest.approx(717.36 + 90.0, abs=0.005)
    for key in ("scope1", "scope2_location", "scope2_market", "scope12", "electricity", "energy_renewable"):
        assert first[key]["value"] == pytest.approx(untouched[key]["value"]), key
    change = run.attribution.change("scope12-2030", 2030)
    assert change["drivers_no_lever"] == pytest.approx(0.0, abs=1e-9)
    assert sum(change["levers"].values()) == pytest.approx(change["total_change"])
    assert "green-power: a share for 2023 (start year) only starts its path; the lever acts from 2024" in run.notes
    assert "new-site: a ramp for 2023 (start year) only starts its path; the lever acts from 2024" in run.notes


def test_an_inventory_line_id_writes_accented_letters_as_their_base_letter_and_keeps_cjk():
    from ghgcalc.scenarios.inventory_lines import line_id

    assert line_id("fabrication-Usine Montréal-electricity.grid-CA-QC") == "fabrication-usine-montreal-electricity-grid-ca-qc"
    assert line_id("déplacements-Siège-value_chain-CA") == "deplacements-siege-value-chain-ca"
    assert line_id("苏州工厂-electricity.grid-CN") == "苏州工厂-electricity-grid-cn"  # kept, not dropped
    assert line_id("Zürich—Straße") == "zurich-straße"  # ß has no decomposition: kept as written
    assert line_id("  ") == "line"
